from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.dispute_view_state import DisputeViewState

T = TypeVar("T", bound="DisputeView")


@_attrs_define
class DisputeView:
    """A dispute as its person sees it: their reason, its state, the office's answer.

    Attributes:
        id (str):
        entry_id (str):
        state (DisputeViewState):
        reason (str):
        opened_at (datetime.datetime):
        opened_at_jalali (str):
        decided_at (datetime.datetime | None):
        decided_at_jalali (None | str):
        note (None | str):
    """

    id: str
    entry_id: str
    state: DisputeViewState
    reason: str
    opened_at: datetime.datetime
    opened_at_jalali: str
    decided_at: datetime.datetime | None
    decided_at_jalali: None | str
    note: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        entry_id = self.entry_id

        state = self.state.value

        reason = self.reason

        opened_at = self.opened_at.isoformat()

        opened_at_jalali = self.opened_at_jalali

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decided_at_jalali: None | str
        decided_at_jalali = self.decided_at_jalali

        note: None | str
        note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "entry_id": entry_id,
                "state": state,
                "reason": reason,
                "opened_at": opened_at,
                "opened_at_jalali": opened_at_jalali,
                "decided_at": decided_at,
                "decided_at_jalali": decided_at_jalali,
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        entry_id = d.pop("entry_id")

        state = DisputeViewState(d.pop("state"))

        reason = d.pop("reason")

        opened_at = datetime.datetime.fromisoformat(d.pop("opened_at"))

        opened_at_jalali = d.pop("opened_at_jalali")

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        def _parse_decided_at_jalali(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decided_at_jalali = _parse_decided_at_jalali(d.pop("decided_at_jalali"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        dispute_view = cls(
            id=id,
            entry_id=entry_id,
            state=state,
            reason=reason,
            opened_at=opened_at,
            opened_at_jalali=opened_at_jalali,
            decided_at=decided_at,
            decided_at_jalali=decided_at_jalali,
            note=note,
        )

        dispute_view.additional_properties = d
        return dispute_view

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
