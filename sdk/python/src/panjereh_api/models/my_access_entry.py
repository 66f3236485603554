from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.my_access_entry_flags_item import MyAccessEntryFlagsItem
from ..models.my_access_entry_path import MyAccessEntryPath

if TYPE_CHECKING:
    from ..models.dispute_view import DisputeView
    from ..models.service_ref import ServiceRef


T = TypeVar("T", bound="MyAccessEntry")


@_attrs_define
class MyAccessEntry:
    """One inquiry about me, by either path, with what the facts say of it (`flags`).

    Attributes:
        agency_id (str):
        service (ServiceRef):
        evidence_type (str):
        registry (str):
        outcome (str):
        purpose (None | str):
        law_reference (None | str):
        path (MyAccessEntryPath):
        at (datetime.datetime):
        at_jalali (str):
        id (str):
        application_id (None | str):
        reason (None | str):
        flags (list[MyAccessEntryFlagsItem]):
        dispute (DisputeView | None):
    """

    agency_id: str
    service: ServiceRef
    evidence_type: str
    registry: str
    outcome: str
    purpose: None | str
    law_reference: None | str
    path: MyAccessEntryPath
    at: datetime.datetime
    at_jalali: str
    id: str
    application_id: None | str
    reason: None | str
    flags: list[MyAccessEntryFlagsItem]
    dispute: DisputeView | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.dispute_view import DisputeView  # noqa: PLC0415

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

        id = self.id

        application_id: None | str
        application_id = self.application_id

        reason: None | str
        reason = self.reason

        flags = []
        for flags_item_data in self.flags:
            flags_item = flags_item_data.value
            flags.append(flags_item)

        dispute: dict[str, Any] | None
        if isinstance(self.dispute, DisputeView):
            dispute = self.dispute.to_dict()
        else:
            dispute = self.dispute

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
                "id": id,
                "application_id": application_id,
                "reason": reason,
                "flags": flags,
                "dispute": dispute,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dispute_view import DisputeView  # noqa: PLC0415
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

        path = MyAccessEntryPath(d.pop("path"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        at_jalali = d.pop("at_jalali")

        id = d.pop("id")

        def _parse_application_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        application_id = _parse_application_id(d.pop("application_id"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        flags = []
        _flags = d.pop("flags")
        for flags_item_data in _flags:
            flags_item = MyAccessEntryFlagsItem(flags_item_data)

            flags.append(flags_item)

        def _parse_dispute(data: object) -> DisputeView | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                dispute_type_0 = DisputeView.from_dict(data)

                return dispute_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DisputeView | None, data)

        dispute = _parse_dispute(d.pop("dispute"))

        my_access_entry = cls(
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
            id=id,
            application_id=application_id,
            reason=reason,
            flags=flags,
            dispute=dispute,
        )

        my_access_entry.additional_properties = d
        return my_access_entry

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
