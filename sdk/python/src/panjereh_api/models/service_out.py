from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ServiceOut")


@_attrs_define
class ServiceOut:
    """
    Attributes:
        id (str):
        name_fa (str):
        name_en (str):
        preview (bool):
    """

    id: str
    name_fa: str
    name_en: str
    preview: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name_fa = self.name_fa

        name_en = self.name_en

        preview = self.preview

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name_fa": name_fa,
                "name_en": name_en,
                "preview": preview,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name_fa = d.pop("name_fa")

        name_en = d.pop("name_en")

        preview = d.pop("preview")

        service_out = cls(
            id=id,
            name_fa=name_fa,
            name_en=name_en,
            preview=preview,
        )

        service_out.additional_properties = d
        return service_out

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
