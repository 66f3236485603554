from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.note_label import NoteLabel
    from ..models.note_reason import NoteReason


T = TypeVar("T", bound="Note")


@_attrs_define
class Note:
    """Something the platform could not do for the applicant, e.g. send an SMS.

    Attributes:
        kind (Literal['sms_not_sent']):
        label (NoteLabel):
        reason (NoteReason):
        at (datetime.datetime):
        at_jalali (str):
    """

    kind: Literal["sms_not_sent"]
    label: NoteLabel
    reason: NoteReason
    at: datetime.datetime
    at_jalali: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        label = self.label.to_dict()

        reason = self.reason.to_dict()

        at = self.at.isoformat()

        at_jalali = self.at_jalali

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "label": label,
                "reason": reason,
                "at": at,
                "at_jalali": at_jalali,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.note_label import NoteLabel  # noqa: PLC0415
        from ..models.note_reason import NoteReason  # noqa: PLC0415

        d = dict(src_dict)
        kind = cast(Literal["sms_not_sent"], d.pop("kind"))
        if kind != "sms_not_sent":
            raise ValueError(f"kind must match const 'sms_not_sent', got '{kind}'")

        label = NoteLabel.from_dict(d.pop("label"))

        reason = NoteReason.from_dict(d.pop("reason"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        at_jalali = d.pop("at_jalali")

        note = cls(
            kind=kind,
            label=label,
            reason=reason,
            at=at,
            at_jalali=at_jalali,
        )

        note.additional_properties = d
        return note

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
