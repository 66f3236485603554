from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.decision_record_decision import DecisionRecordDecision

T = TypeVar("T", bound="DecisionRecord")


@_attrs_define
class DecisionRecord:
    """One decision of the office, as its append-only history keeps it.

    Attributes:
        decision (DecisionRecordDecision):
        law_reference (str):
        note (None | str):
        decided_by (str):
        decided_at (datetime.datetime):
    """

    decision: DecisionRecordDecision
    law_reference: str
    note: None | str
    decided_by: str
    decided_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision.value

        law_reference = self.law_reference

        note: None | str
        note = self.note

        decided_by = self.decided_by

        decided_at = self.decided_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decision": decision,
                "law_reference": law_reference,
                "note": note,
                "decided_by": decided_by,
                "decided_at": decided_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        decision = DecisionRecordDecision(d.pop("decision"))

        law_reference = d.pop("law_reference")

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        decided_by = d.pop("decided_by")

        decided_at = datetime.datetime.fromisoformat(d.pop("decided_at"))

        decision_record = cls(
            decision=decision,
            law_reference=law_reference,
            note=note,
            decided_by=decided_by,
            decided_at=decided_at,
        )

        decision_record.additional_properties = d
        return decision_record

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
