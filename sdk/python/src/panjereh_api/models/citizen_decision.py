from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.reason_out import ReasonOut


T = TypeVar("T", bound="CitizenDecision")


@_attrs_define
class CitizenDecision:
    """
    Attributes:
        outcome (str):
        by (str):
        reasons (list[ReasonOut]):
        decided_at (datetime.datetime):
        decided_at_jalali (str):
    """

    outcome: str
    by: str
    reasons: list[ReasonOut]
    decided_at: datetime.datetime
    decided_at_jalali: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        outcome = self.outcome

        by = self.by

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        decided_at = self.decided_at.isoformat()

        decided_at_jalali = self.decided_at_jalali

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "outcome": outcome,
                "by": by,
                "reasons": reasons,
                "decided_at": decided_at,
                "decided_at_jalali": decided_at_jalali,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reason_out import ReasonOut  # noqa: PLC0415

        d = dict(src_dict)
        outcome = d.pop("outcome")

        by = d.pop("by")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = ReasonOut.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        decided_at = datetime.datetime.fromisoformat(d.pop("decided_at"))

        decided_at_jalali = d.pop("decided_at_jalali")

        citizen_decision = cls(
            outcome=outcome,
            by=by,
            reasons=reasons,
            decided_at=decided_at,
            decided_at_jalali=decided_at_jalali,
        )

        citizen_decision.additional_properties = d
        return citizen_decision

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
