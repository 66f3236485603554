from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.inquiry_out_status import InquiryOutStatus

if TYPE_CHECKING:
    from ..models.inquiry_out_data_type_0 import InquiryOutDataType0


T = TypeVar("T", bound="InquiryOut")


@_attrs_define
class InquiryOut:
    """
    Attributes:
        id (str):
        evidence_type (str):
        status (InquiryOutStatus):
        data (InquiryOutDataType0 | None): Only the evidence type's shareable fields (data minimisation), never the
            whole registry record; null unless found
        retrieved_at (datetime.datetime):
        retrieved_at_jalali (str):
        source (str):
        cached (bool):
    """

    id: str
    evidence_type: str
    status: InquiryOutStatus
    data: InquiryOutDataType0 | None
    retrieved_at: datetime.datetime
    retrieved_at_jalali: str
    source: str
    cached: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.inquiry_out_data_type_0 import InquiryOutDataType0  # noqa: PLC0415

        id = self.id

        evidence_type = self.evidence_type

        status = self.status.value

        data: dict[str, Any] | None
        if isinstance(self.data, InquiryOutDataType0):
            data = self.data.to_dict()
        else:
            data = self.data

        retrieved_at = self.retrieved_at.isoformat()

        retrieved_at_jalali = self.retrieved_at_jalali

        source = self.source

        cached = self.cached

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "evidence_type": evidence_type,
                "status": status,
                "data": data,
                "retrieved_at": retrieved_at,
                "retrieved_at_jalali": retrieved_at_jalali,
                "source": source,
                "cached": cached,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.inquiry_out_data_type_0 import InquiryOutDataType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        evidence_type = d.pop("evidence_type")

        status = InquiryOutStatus(d.pop("status"))

        def _parse_data(data: object) -> InquiryOutDataType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = InquiryOutDataType0.from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InquiryOutDataType0 | None, data)

        data = _parse_data(d.pop("data"))

        retrieved_at = datetime.datetime.fromisoformat(d.pop("retrieved_at"))

        retrieved_at_jalali = d.pop("retrieved_at_jalali")

        source = d.pop("source")

        cached = d.pop("cached")

        inquiry_out = cls(
            id=id,
            evidence_type=evidence_type,
            status=status,
            data=data,
            retrieved_at=retrieved_at,
            retrieved_at_jalali=retrieved_at_jalali,
            source=source,
            cached=cached,
        )

        inquiry_out.additional_properties = d
        return inquiry_out

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
