from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AccessLogEntry")


@_attrs_define
class AccessLogEntry:
    """
    Attributes:
        at (datetime.datetime):
        at_jalali (str):
        agency_id (str):
        evidence_type (str):
        service_id (None | str):
        application_id (None | str):
        outcome (str):
        registry (str):
    """

    at: datetime.datetime
    at_jalali: str
    agency_id: str
    evidence_type: str
    service_id: None | str
    application_id: None | str
    outcome: str
    registry: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        at_jalali = self.at_jalali

        agency_id = self.agency_id

        evidence_type = self.evidence_type

        service_id: None | str
        service_id = self.service_id

        application_id: None | str
        application_id = self.application_id

        outcome = self.outcome

        registry = self.registry

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "at_jalali": at_jalali,
                "agency_id": agency_id,
                "evidence_type": evidence_type,
                "service_id": service_id,
                "application_id": application_id,
                "outcome": outcome,
                "registry": registry,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        at_jalali = d.pop("at_jalali")

        agency_id = d.pop("agency_id")

        evidence_type = d.pop("evidence_type")

        def _parse_service_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        service_id = _parse_service_id(d.pop("service_id"))

        def _parse_application_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        application_id = _parse_application_id(d.pop("application_id"))

        outcome = d.pop("outcome")

        registry = d.pop("registry")

        access_log_entry = cls(
            at=at,
            at_jalali=at_jalali,
            agency_id=agency_id,
            evidence_type=evidence_type,
            service_id=service_id,
            application_id=application_id,
            outcome=outcome,
            registry=registry,
        )

        access_log_entry.additional_properties = d
        return access_log_entry

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
