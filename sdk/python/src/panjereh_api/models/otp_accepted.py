from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.otp_accepted_message import OtpAcceptedMessage


T = TypeVar("T", bound="OtpAccepted")


@_attrs_define
class OtpAccepted:
    """The same answer whatever happened: it says nothing of the person or the mobile.

    Attributes:
        status (str | Unset):  Default: 'accepted'.
        code_valid_seconds (int | Unset):  Default: 120.
        message (OtpAcceptedMessage | Unset):
    """

    status: str | Unset = "accepted"
    code_valid_seconds: int | Unset = 120
    message: OtpAcceptedMessage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        code_valid_seconds = self.code_valid_seconds

        message: dict[str, Any] | Unset = UNSET
        if not isinstance(self.message, Unset):
            message = self.message.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if status is not UNSET:
            field_dict["status"] = status
        if code_valid_seconds is not UNSET:
            field_dict["code_valid_seconds"] = code_valid_seconds
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.otp_accepted_message import OtpAcceptedMessage  # noqa: PLC0415

        d = dict(src_dict)
        status = d.pop("status", UNSET)

        code_valid_seconds = d.pop("code_valid_seconds", UNSET)

        _message = d.pop("message", UNSET)
        message: OtpAcceptedMessage | Unset
        if isinstance(_message, Unset):
            message = UNSET
        else:
            message = OtpAcceptedMessage.from_dict(_message)

        otp_accepted = cls(
            status=status,
            code_valid_seconds=code_valid_seconds,
            message=message,
        )

        otp_accepted.additional_properties = d
        return otp_accepted

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
