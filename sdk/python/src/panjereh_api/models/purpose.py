from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Purpose")


@_attrs_define
class Purpose:
    """
    Attributes:
        service_id (str): The agency's service the evidence is for
        application_id (None | str | Unset): One of the caller's own applications, for this person, not yet final
    """

    service_id: str
    application_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        service_id = self.service_id

        application_id: None | str | Unset
        if isinstance(self.application_id, Unset):
            application_id = UNSET
        else:
            application_id = self.application_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "service_id": service_id,
            }
        )
        if application_id is not UNSET:
            field_dict["application_id"] = application_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service_id = d.pop("service_id")

        def _parse_application_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        application_id = _parse_application_id(d.pop("application_id", UNSET))

        purpose = cls(
            service_id=service_id,
            application_id=application_id,
        )

        return purpose
