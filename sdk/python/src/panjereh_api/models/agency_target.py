from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AgencyTarget")


@_attrs_define
class AgencyTarget:
    """
    Attributes:
        name (str):
        metric (str):
        target (float):
        actual (float):
        meets (bool):
    """

    name: str
    metric: str
    target: float
    actual: float
    meets: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        metric = self.metric

        target = self.target

        actual = self.actual

        meets = self.meets

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "metric": metric,
                "target": target,
                "actual": actual,
                "meets": meets,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        metric = d.pop("metric")

        target = d.pop("target")

        actual = d.pop("actual")

        meets = d.pop("meets")

        agency_target = cls(
            name=name,
            metric=metric,
            target=target,
            actual=actual,
            meets=meets,
        )

        agency_target.additional_properties = d
        return agency_target

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
