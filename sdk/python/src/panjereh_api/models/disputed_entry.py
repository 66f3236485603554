from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.disputed_entry_path import DisputedEntryPath

if TYPE_CHECKING:
    from ..models.service_ref import ServiceRef


T = TypeVar("T", bound="DisputedEntry")


@_attrs_define
class DisputedEntry:
    """The entry a dispute is about, as the office needs it to judge the fetch.

    Attributes:
        id (str):
        path (DisputedEntryPath):
        agency_id (str):
        client_id (None | str):
        service (ServiceRef):
        evidence_type (str):
        outcome (str):
        application_id (None | str):
        law_reference (None | str):
        at (datetime.datetime):
        at_jalali (str):
    """

    id: str
    path: DisputedEntryPath
    agency_id: str
    client_id: None | str
    service: ServiceRef
    evidence_type: str
    outcome: str
    application_id: None | str
    law_reference: None | str
    at: datetime.datetime
    at_jalali: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        path = self.path.value

        agency_id = self.agency_id

        client_id: None | str
        client_id = self.client_id

        service = self.service.to_dict()

        evidence_type = self.evidence_type

        outcome = self.outcome

        application_id: None | str
        application_id = self.application_id

        law_reference: None | str
        law_reference = self.law_reference

        at = self.at.isoformat()

        at_jalali = self.at_jalali

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "path": path,
                "agency_id": agency_id,
                "client_id": client_id,
                "service": service,
                "evidence_type": evidence_type,
                "outcome": outcome,
                "application_id": application_id,
                "law_reference": law_reference,
                "at": at,
                "at_jalali": at_jalali,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_ref import ServiceRef  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        path = DisputedEntryPath(d.pop("path"))

        agency_id = d.pop("agency_id")

        def _parse_client_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        client_id = _parse_client_id(d.pop("client_id"))

        service = ServiceRef.from_dict(d.pop("service"))

        evidence_type = d.pop("evidence_type")

        outcome = d.pop("outcome")

        def _parse_application_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        application_id = _parse_application_id(d.pop("application_id"))

        def _parse_law_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        law_reference = _parse_law_reference(d.pop("law_reference"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        at_jalali = d.pop("at_jalali")

        disputed_entry = cls(
            id=id,
            path=path,
            agency_id=agency_id,
            client_id=client_id,
            service=service,
            evidence_type=evidence_type,
            outcome=outcome,
            application_id=application_id,
            law_reference=law_reference,
            at=at,
            at_jalali=at_jalali,
        )

        disputed_entry.additional_properties = d
        return disputed_entry

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
