from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.access_entry_path import AccessEntryPath

if TYPE_CHECKING:
    from ..models.service_ref import ServiceRef


T = TypeVar("T", bound="AccessEntry")


@_attrs_define
class AccessEntry:
    """One inquiry about the applicant: by the application's own evidence requests
    (`path` "application") or made directly by an agency naming the application ("direct").

        Attributes:
            agency_id (str):
            service (ServiceRef):
            evidence_type (str):
            registry (str):
            outcome (str):
            purpose (None | str):
            law_reference (None | str):
            path (AccessEntryPath):
            at (datetime.datetime):
            at_jalali (str):
    """

    agency_id: str
    service: ServiceRef
    evidence_type: str
    registry: str
    outcome: str
    purpose: None | str
    law_reference: None | str
    path: AccessEntryPath
    at: datetime.datetime
    at_jalali: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agency_id = self.agency_id

        service = self.service.to_dict()

        evidence_type = self.evidence_type

        registry = self.registry

        outcome = self.outcome

        purpose: None | str
        purpose = self.purpose

        law_reference: None | str
        law_reference = self.law_reference

        path = self.path.value

        at = self.at.isoformat()

        at_jalali = self.at_jalali

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agency_id": agency_id,
                "service": service,
                "evidence_type": evidence_type,
                "registry": registry,
                "outcome": outcome,
                "purpose": purpose,
                "law_reference": law_reference,
                "path": path,
                "at": at,
                "at_jalali": at_jalali,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_ref import ServiceRef  # noqa: PLC0415

        d = dict(src_dict)
        agency_id = d.pop("agency_id")

        service = ServiceRef.from_dict(d.pop("service"))

        evidence_type = d.pop("evidence_type")

        registry = d.pop("registry")

        outcome = d.pop("outcome")

        def _parse_purpose(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        purpose = _parse_purpose(d.pop("purpose"))

        def _parse_law_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        law_reference = _parse_law_reference(d.pop("law_reference"))

        path = AccessEntryPath(d.pop("path"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        at_jalali = d.pop("at_jalali")

        access_entry = cls(
            agency_id=agency_id,
            service=service,
            evidence_type=evidence_type,
            registry=registry,
            outcome=outcome,
            purpose=purpose,
            law_reference=law_reference,
            path=path,
            at=at,
            at_jalali=at_jalali,
        )

        access_entry.additional_properties = d
        return access_entry

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
