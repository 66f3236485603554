from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EvidenceTypeOut")


@_attrs_define
class EvidenceTypeOut:
    """
    Attributes:
        code (str):
        name_fa (str):
        name_en (str):
        registry (str):
        online (bool):
    """

    code: str
    name_fa: str
    name_en: str
    registry: str
    online: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name_fa = self.name_fa

        name_en = self.name_en

        registry = self.registry

        online = self.online

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "name_fa": name_fa,
                "name_en": name_en,
                "registry": registry,
                "online": online,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name_fa = d.pop("name_fa")

        name_en = d.pop("name_en")

        registry = d.pop("registry")

        online = d.pop("online")

        evidence_type_out = cls(
            code=code,
            name_fa=name_fa,
            name_en=name_en,
            registry=registry,
            online=online,
        )

        evidence_type_out.additional_properties = d
        return evidence_type_out

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
