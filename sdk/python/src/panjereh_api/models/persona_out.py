from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PersonaOut")


@_attrs_define
class PersonaOut:
    """
    Attributes:
        national_code (str):
        mobile (str):
        name_fa (str):
        name_en (str):
        traits (list[str]):
    """

    national_code: str
    mobile: str
    name_fa: str
    name_en: str
    traits: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        national_code = self.national_code

        mobile = self.mobile

        name_fa = self.name_fa

        name_en = self.name_en

        traits = self.traits

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "national_code": national_code,
                "mobile": mobile,
                "name_fa": name_fa,
                "name_en": name_en,
                "traits": traits,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        national_code = d.pop("national_code")

        mobile = d.pop("mobile")

        name_fa = d.pop("name_fa")

        name_en = d.pop("name_en")

        traits = cast(list[str], d.pop("traits"))

        persona_out = cls(
            national_code=national_code,
            mobile=mobile,
            name_fa=name_fa,
            name_en=name_en,
            traits=traits,
        )

        persona_out.additional_properties = d
        return persona_out

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
