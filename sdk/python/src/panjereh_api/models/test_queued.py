from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.test_queued_status import TestQueuedStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="TestQueued")


@_attrs_define
class TestQueued:
    """
    Attributes:
        delivery_id (str):
        event_type (str | Unset):  Default: 'panjereh.webhook.test'.
        status (TestQueuedStatus | Unset):  Default: TestQueuedStatus.PENDING.
    """

    delivery_id: str
    event_type: str | Unset = "panjereh.webhook.test"
    status: TestQueuedStatus | Unset = TestQueuedStatus.PENDING
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        delivery_id = self.delivery_id

        event_type = self.event_type

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "delivery_id": delivery_id,
            }
        )
        if event_type is not UNSET:
            field_dict["event_type"] = event_type
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        delivery_id = d.pop("delivery_id")

        event_type = d.pop("event_type", UNSET)

        _status = d.pop("status", UNSET)
        status: TestQueuedStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = TestQueuedStatus(_status)

        test_queued = cls(
            delivery_id=delivery_id,
            event_type=event_type,
            status=status,
        )

        test_queued.additional_properties = d
        return test_queued

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
