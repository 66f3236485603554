from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.evidence_out_status import EvidenceOutStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="EvidenceOut")


@_attrs_define
class EvidenceOut:
    """
    Attributes:
        status (EvidenceOutStatus):
        retrieved_at (datetime.datetime | None):
        source (None | str):
        detail (None | str | Unset):
    """

    status: EvidenceOutStatus
    retrieved_at: datetime.datetime | None
    source: None | str
    detail: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        retrieved_at: None | str
        if isinstance(self.retrieved_at, datetime.datetime):
            retrieved_at = self.retrieved_at.isoformat()
        else:
            retrieved_at = self.retrieved_at

        source: None | str
        source = self.source

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "retrieved_at": retrieved_at,
                "source": source,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = EvidenceOutStatus(d.pop("status"))

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

        def _parse_source(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source = _parse_source(d.pop("source"))

        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))

        evidence_out = cls(
            status=status,
            retrieved_at=retrieved_at,
            source=source,
            detail=detail,
        )

        evidence_out.additional_properties = d
        return evidence_out

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
