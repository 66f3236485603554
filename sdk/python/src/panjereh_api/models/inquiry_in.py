from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.purpose import Purpose


T = TypeVar("T", bound="InquiryIn")


@_attrs_define
class InquiryIn:
    """
    Attributes:
        evidence_type (str):
        national_code (str):
        purpose (Purpose):
        mobile (None | str | Unset): Needed for mobile-ownership
    """

    evidence_type: str
    national_code: str
    purpose: Purpose
    mobile: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        evidence_type = self.evidence_type

        national_code = self.national_code

        purpose = self.purpose.to_dict()

        mobile: None | str | Unset
        if isinstance(self.mobile, Unset):
            mobile = UNSET
        else:
            mobile = self.mobile

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "evidence_type": evidence_type,
                "national_code": national_code,
                "purpose": purpose,
            }
        )
        if mobile is not UNSET:
            field_dict["mobile"] = mobile

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.purpose import Purpose  # noqa: PLC0415

        d = dict(src_dict)
        evidence_type = d.pop("evidence_type")

        national_code = d.pop("national_code")

        purpose = Purpose.from_dict(d.pop("purpose"))

        def _parse_mobile(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mobile = _parse_mobile(d.pop("mobile", UNSET))

        inquiry_in = cls(
            evidence_type=evidence_type,
            national_code=national_code,
            purpose=purpose,
            mobile=mobile,
        )

        return inquiry_in
