from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ObjectionOut")


@_attrs_define
class ObjectionOut:
    """What the applicant reported wrong in the fetched evidence, in their own words.

    Attributes:
        evidence_type (str):
        reason (str):
        at (datetime.datetime):
        at_jalali (str):
    """

    evidence_type: str
    reason: str
    at: datetime.datetime
    at_jalali: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        evidence_type = self.evidence_type

        reason = self.reason

        at = self.at.isoformat()

        at_jalali = self.at_jalali

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "evidence_type": evidence_type,
                "reason": reason,
                "at": at,
                "at_jalali": at_jalali,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        evidence_type = d.pop("evidence_type")

        reason = d.pop("reason")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        at_jalali = d.pop("at_jalali")

        objection_out = cls(
            evidence_type=evidence_type,
            reason=reason,
            at=at,
            at_jalali=at_jalali,
        )

        objection_out.additional_properties = d
        return objection_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
