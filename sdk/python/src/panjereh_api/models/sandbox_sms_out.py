from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SandboxSmsOut")


@_attrs_define
class SandboxSmsOut:
    """
    Attributes:
        mobile (str):
        text (str):
        reference (str): The message's id (the provider's reference)
        sent_at (datetime.datetime):
        sent_at_jalali (str):
    """

    mobile: str
    text: str
    reference: str
    sent_at: datetime.datetime
    sent_at_jalali: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mobile = self.mobile

        text = self.text

        reference = self.reference

        sent_at = self.sent_at.isoformat()

        sent_at_jalali = self.sent_at_jalali

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mobile": mobile,
                "text": text,
                "reference": reference,
                "sent_at": sent_at,
                "sent_at_jalali": sent_at_jalali,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mobile = d.pop("mobile")

        text = d.pop("text")

        reference = d.pop("reference")

        sent_at = datetime.datetime.fromisoformat(d.pop("sent_at"))

        sent_at_jalali = d.pop("sent_at_jalali")

        sandbox_sms_out = cls(
            mobile=mobile,
            text=text,
            reference=reference,
            sent_at=sent_at,
            sent_at_jalali=sent_at_jalali,
        )

        sandbox_sms_out.additional_properties = d
        return sandbox_sms_out

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
