from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.applicant_in import ApplicantIn
    from ..models.submit_in_form import SubmitInForm


T = TypeVar("T", bound="SubmitIn")


@_attrs_define
class SubmitIn:
    """
    Attributes:
        service_id (str):
        applicant (ApplicantIn):
        form (SubmitInForm | Unset): Service-specific answers; no document files
    """

    service_id: str
    applicant: ApplicantIn
    form: SubmitInForm | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        service_id = self.service_id

        applicant = self.applicant.to_dict()

        form: dict[str, Any] | Unset = UNSET
        if not isinstance(self.form, Unset):
            form = self.form.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "service_id": service_id,
                "applicant": applicant,
            }
        )
        if form is not UNSET:
            field_dict["form"] = form

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.applicant_in import ApplicantIn  # noqa: PLC0415
        from ..models.submit_in_form import SubmitInForm  # noqa: PLC0415

        d = dict(src_dict)
        service_id = d.pop("service_id")

        applicant = ApplicantIn.from_dict(d.pop("applicant"))

        _form = d.pop("form", UNSET)
        form: SubmitInForm | Unset
        if isinstance(_form, Unset):
            form = UNSET
        else:
            form = SubmitInForm.from_dict(_form)

        submit_in = cls(
            service_id=service_id,
            applicant=applicant,
            form=form,
        )

        return submit_in
