from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ObjectionIn")


@_attrs_define
class ObjectionIn:
    """
    Attributes:
        evidence_type (str): One of the application's evidence types (the one that is wrong)
        reason (str): What is wrong, in the applicant's words; the officer reads it
    """

    evidence_type: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        evidence_type = self.evidence_type

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "evidence_type": evidence_type,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        evidence_type = d.pop("evidence_type")

        reason = d.pop("reason")

        objection_in = cls(
            evidence_type=evidence_type,
            reason=reason,
        )

        return objection_in
