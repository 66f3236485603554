from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.my_application_state_label import MyApplicationStateLabel
    from ..models.service_ref import ServiceRef


T = TypeVar("T", bound="MyApplication")


@_attrs_define
class MyApplication:
    """One application of mine, at whichever agency, as the status read model has it.

    Attributes:
        id (str):
        tracking_code (str):
        service (ServiceRef):
        agency_id (None | str):
        state (str):
        state_label (MyApplicationStateLabel):
        submitted_at (datetime.datetime):
        submitted_at_jalali (str):
        updated_at (datetime.datetime):
        updated_at_jalali (str):
        sla_due_at (datetime.datetime):
        sla_due_at_jalali (str):
        status_url (str):
    """

    id: str
    tracking_code: str
    service: ServiceRef
    agency_id: None | str
    state: str
    state_label: MyApplicationStateLabel
    submitted_at: datetime.datetime
    submitted_at_jalali: str
    updated_at: datetime.datetime
    updated_at_jalali: str
    sla_due_at: datetime.datetime
    sla_due_at_jalali: str
    status_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        tracking_code = self.tracking_code

        service = self.service.to_dict()

        agency_id: None | str
        agency_id = self.agency_id

        state = self.state

        state_label = self.state_label.to_dict()

        submitted_at = self.submitted_at.isoformat()

        submitted_at_jalali = self.submitted_at_jalali

        updated_at = self.updated_at.isoformat()

        updated_at_jalali = self.updated_at_jalali

        sla_due_at = self.sla_due_at.isoformat()

        sla_due_at_jalali = self.sla_due_at_jalali

        status_url = self.status_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "tracking_code": tracking_code,
                "service": service,
                "agency_id": agency_id,
                "state": state,
                "state_label": state_label,
                "submitted_at": submitted_at,
                "submitted_at_jalali": submitted_at_jalali,
                "updated_at": updated_at,
                "updated_at_jalali": updated_at_jalali,
                "sla_due_at": sla_due_at,
                "sla_due_at_jalali": sla_due_at_jalali,
                "status_url": status_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.my_application_state_label import MyApplicationStateLabel  # noqa: PLC0415
        from ..models.service_ref import ServiceRef  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        tracking_code = d.pop("tracking_code")

        service = ServiceRef.from_dict(d.pop("service"))

        def _parse_agency_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        agency_id = _parse_agency_id(d.pop("agency_id"))

        state = d.pop("state")

        state_label = MyApplicationStateLabel.from_dict(d.pop("state_label"))

        submitted_at = datetime.datetime.fromisoformat(d.pop("submitted_at"))

        submitted_at_jalali = d.pop("submitted_at_jalali")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        updated_at_jalali = d.pop("updated_at_jalali")

        sla_due_at = datetime.datetime.fromisoformat(d.pop("sla_due_at"))

        sla_due_at_jalali = d.pop("sla_due_at_jalali")

        status_url = d.pop("status_url")

        my_application = cls(
            id=id,
            tracking_code=tracking_code,
            service=service,
            agency_id=agency_id,
            state=state,
            state_label=state_label,
            submitted_at=submitted_at,
            submitted_at_jalali=submitted_at_jalali,
            updated_at=updated_at,
            updated_at_jalali=updated_at_jalali,
            sla_due_at=sla_due_at,
            sla_due_at_jalali=sla_due_at_jalali,
            status_url=status_url,
        )

        my_application.additional_properties = d
        return my_application

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
