from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CheckpointOut")


@_attrs_define
class CheckpointOut:
    """
    Attributes:
        seq (int): The chain entry whose hash this checkpoint anchors
        head_hash (str): That entry's hash (SHA-256, hex)
        at (datetime.datetime): When it was signed
        kid (str): The signing key (RFC 7638 thumbprint; see /audit/keys)
        jws (str): Compact JWS (ES256) over {seq, head_hash, at}: what counts
    """

    seq: int
    head_hash: str
    at: datetime.datetime
    kid: str
    jws: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        seq = self.seq

        head_hash = self.head_hash

        at = self.at.isoformat()

        kid = self.kid

        jws = self.jws

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "seq": seq,
                "head_hash": head_hash,
                "at": at,
                "kid": kid,
                "jws": jws,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        seq = d.pop("seq")

        head_hash = d.pop("head_hash")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        kid = d.pop("kid")

        jws = d.pop("jws")

        checkpoint_out = cls(
            seq=seq,
            head_hash=head_hash,
            at=at,
            kid=kid,
            jws=jws,
        )

        checkpoint_out.additional_properties = d
        return checkpoint_out

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
