from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.field_out import FieldOut


T = TypeVar("T", bound="FetchedEvidence")


@_attrs_define
class FetchedEvidence:
    """
    Attributes:
        evidence_type (str):
        status (str):
        retrieved_at (datetime.datetime | None):
        retrieved_at_jalali (None | str):
        source (None | str):
        fields (list[FieldOut]): Only the evidence type's shareable fields (what the service's rules may use), and only
            when found
    """

    evidence_type: str
    status: str
    retrieved_at: datetime.datetime | None
    retrieved_at_jalali: None | str
    source: None | str
    fields: list[FieldOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        evidence_type = self.evidence_type

        status = self.status

        retrieved_at: None | str
        if isinstance(self.retrieved_at, datetime.datetime):
            retrieved_at = self.retrieved_at.isoformat()
        else:
            retrieved_at = self.retrieved_at

        retrieved_at_jalali: None | str
        retrieved_at_jalali = self.retrieved_at_jalali

        source: None | str
        source = self.source

        fields = []
        for fields_item_data in self.fields:
            fields_item = fields_item_data.to_dict()
            fields.append(fields_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "evidence_type": evidence_type,
                "status": status,
                "retrieved_at": retrieved_at,
                "retrieved_at_jalali": retrieved_at_jalali,
                "source": source,
                "fields": fields,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_out import FieldOut  # noqa: PLC0415

        d = dict(src_dict)
        evidence_type = d.pop("evidence_type")

        status = d.pop("status")

        def _parse_retrieved_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                retrieved_at_type_0 = datetime.datetime.fromisoformat(data)

                return retrieved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        retrieved_at = _parse_retrieved_at(d.pop("retrieved_at"))

        def _parse_retrieved_at_jalali(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        retrieved_at_jalali = _parse_retrieved_at_jalali(d.pop("retrieved_at_jalali"))

        def _parse_source(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source = _parse_source(d.pop("source"))

        fields = []
        _fields = d.pop("fields")
        for fields_item_data in _fields:
            fields_item = FieldOut.from_dict(fields_item_data)

            fields.append(fields_item)

        fetched_evidence = cls(
            evidence_type=evidence_type,
            status=status,
            retrieved_at=retrieved_at,
            retrieved_at_jalali=retrieved_at_jalali,
            source=source,
            fields=fields,
        )

        fetched_evidence.additional_properties = d
        return fetched_evidence

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
