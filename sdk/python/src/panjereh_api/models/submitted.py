from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.state import State

T = TypeVar("T", bound="Submitted")


@_attrs_define
class Submitted:
    """
    Attributes:
        id (str):
        tracking_code (str):
        state (State):
        status_url (str):
        created_at (datetime.datetime):
        created_at_jalali (str):
    """

    id: str
    tracking_code: str
    state: State
    status_url: str
    created_at: datetime.datetime
    created_at_jalali: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        tracking_code = self.tracking_code

        state = self.state.value

        status_url = self.status_url

        created_at = self.created_at.isoformat()

        created_at_jalali = self.created_at_jalali

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "tracking_code": tracking_code,
                "state": state,
                "status_url": status_url,
                "created_at": created_at,
                "created_at_jalali": created_at_jalali,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        tracking_code = d.pop("tracking_code")

        state = State(d.pop("state"))

        status_url = d.pop("status_url")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_at_jalali = d.pop("created_at_jalali")

        submitted = cls(
            id=id,
            tracking_code=tracking_code,
            state=state,
            status_url=status_url,
            created_at=created_at,
            created_at_jalali=created_at_jalali,
        )

        submitted.additional_properties = d
        return submitted

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
