from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_detail_status import DeliveryDetailStatus

if TYPE_CHECKING:
    from ..models.attempt_out import AttemptOut


T = TypeVar("T", bound="DeliveryDetail")


@_attrs_define
class DeliveryDetail:
    """
    Attributes:
        id (str):
        event_id (str): The CloudEvent id, sent as webhook-id
        event_type (str):
        application_id (None | str):
        status (DeliveryDetailStatus):
        attempts (int):
        last_response_status (int | None):
        next_attempt_at (datetime.datetime | None):
        created_at (datetime.datetime):
        created_at_jalali (str):
        delivered_at (datetime.datetime | None):
        last_error (None | str):
        first_attempt_at (datetime.datetime | None):
        payload (str): The body as it is POSTed (CloudEvent, structured mode)
        attempt_log (list[AttemptOut]):
    """

    id: str
    event_id: str
    event_type: str
    application_id: None | str
    status: DeliveryDetailStatus
    attempts: int
    last_response_status: int | None
    next_attempt_at: datetime.datetime | None
    created_at: datetime.datetime
    created_at_jalali: str
    delivered_at: datetime.datetime | None
    last_error: None | str
    first_attempt_at: datetime.datetime | None
    payload: str
    attempt_log: list[AttemptOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        event_id = self.event_id

        event_type = self.event_type

        application_id: None | str
        application_id = self.application_id

        status = self.status.value

        attempts = self.attempts

        last_response_status: int | None
        last_response_status = self.last_response_status

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        created_at = self.created_at.isoformat()

        created_at_jalali = self.created_at_jalali

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        last_error: None | str
        last_error = self.last_error

        first_attempt_at: None | str
        if isinstance(self.first_attempt_at, datetime.datetime):
            first_attempt_at = self.first_attempt_at.isoformat()
        else:
            first_attempt_at = self.first_attempt_at

        payload = self.payload

        attempt_log = []
        for attempt_log_item_data in self.attempt_log:
            attempt_log_item = attempt_log_item_data.to_dict()
            attempt_log.append(attempt_log_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "event_id": event_id,
                "event_type": event_type,
                "application_id": application_id,
                "status": status,
                "attempts": attempts,
                "last_response_status": last_response_status,
                "next_attempt_at": next_attempt_at,
                "created_at": created_at,
                "created_at_jalali": created_at_jalali,
                "delivered_at": delivered_at,
                "last_error": last_error,
                "first_attempt_at": first_attempt_at,
                "payload": payload,
                "attempt_log": attempt_log,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attempt_out import AttemptOut  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        def _parse_application_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        application_id = _parse_application_id(d.pop("application_id"))

        status = DeliveryDetailStatus(d.pop("status"))

        attempts = d.pop("attempts")

        def _parse_last_response_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_response_status = _parse_last_response_status(d.pop("last_response_status"))

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_at_jalali = d.pop("created_at_jalali")

        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        def _parse_first_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                first_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return first_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        first_attempt_at = _parse_first_attempt_at(d.pop("first_attempt_at"))

        payload = d.pop("payload")

        attempt_log = []
        _attempt_log = d.pop("attempt_log")
        for attempt_log_item_data in _attempt_log:
            attempt_log_item = AttemptOut.from_dict(attempt_log_item_data)

            attempt_log.append(attempt_log_item)

        delivery_detail = cls(
            id=id,
            event_id=event_id,
            event_type=event_type,
            application_id=application_id,
            status=status,
            attempts=attempts,
            last_response_status=last_response_status,
            next_attempt_at=next_attempt_at,
            created_at=created_at,
            created_at_jalali=created_at_jalali,
            delivered_at=delivered_at,
            last_error=last_error,
            first_attempt_at=first_attempt_at,
            payload=payload,
            attempt_log=attempt_log,
        )

        delivery_detail.additional_properties = d
        return delivery_detail

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
