from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.basis_detail_status import BasisDetailStatus

if TYPE_CHECKING:
    from ..models.decision_record import DecisionRecord


T = TypeVar("T", bound="BasisDetail")


@_attrs_define
class BasisDetail:
    """
    Attributes:
        service_id (str):
        agency_id (str):
        service_name_fa (str):
        service_name_en (str):
        evidence_type (str):
        status (BasisDetailStatus):
        law_reference (None | str):
        note (None | str):
        decided_by (None | str):
        requested_at (datetime.datetime):
        decided_at (datetime.datetime | None):
        history (list[DecisionRecord]):
    """

    service_id: str
    agency_id: str
    service_name_fa: str
    service_name_en: str
    evidence_type: str
    status: BasisDetailStatus
    law_reference: None | str
    note: None | str
    decided_by: None | str
    requested_at: datetime.datetime
    decided_at: datetime.datetime | None
    history: list[DecisionRecord]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service_id = self.service_id

        agency_id = self.agency_id

        service_name_fa = self.service_name_fa

        service_name_en = self.service_name_en

        evidence_type = self.evidence_type

        status = self.status.value

        law_reference: None | str
        law_reference = self.law_reference

        note: None | str
        note = self.note

        decided_by: None | str
        decided_by = self.decided_by

        requested_at = self.requested_at.isoformat()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service_id": service_id,
                "agency_id": agency_id,
                "service_name_fa": service_name_fa,
                "service_name_en": service_name_en,
                "evidence_type": evidence_type,
                "status": status,
                "law_reference": law_reference,
                "note": note,
                "decided_by": decided_by,
                "requested_at": requested_at,
                "decided_at": decided_at,
                "history": history,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.decision_record import DecisionRecord  # noqa: PLC0415

        d = dict(src_dict)
        service_id = d.pop("service_id")

        agency_id = d.pop("agency_id")

        service_name_fa = d.pop("service_name_fa")

        service_name_en = d.pop("service_name_en")

        evidence_type = d.pop("evidence_type")

        status = BasisDetailStatus(d.pop("status"))

        def _parse_law_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        law_reference = _parse_law_reference(d.pop("law_reference"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        def _parse_decided_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decided_by = _parse_decided_by(d.pop("decided_by"))

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

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

        history = []
        _history = d.pop("history")
        for history_item_data in _history:
            history_item = DecisionRecord.from_dict(history_item_data)

            history.append(history_item)

        basis_detail = cls(
            service_id=service_id,
            agency_id=agency_id,
            service_name_fa=service_name_fa,
            service_name_en=service_name_en,
            evidence_type=evidence_type,
            status=status,
            law_reference=law_reference,
            note=note,
            decided_by=decided_by,
            requested_at=requested_at,
            decided_at=decided_at,
            history=history,
        )

        basis_detail.additional_properties = d
        return basis_detail

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
