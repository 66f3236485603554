from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_out_label_type_0 import FieldOutLabelType0


T = TypeVar("T", bound="FieldOut")


@_attrs_define
class FieldOut:
    """One fetched field, as the application holds it and the rules may use it.

    Attributes:
        name (str):
        label (FieldOutLabelType0 | None):
        value (Any):
        value_jalali (None | str | Unset): A date's Jalali rendering, beside its ISO value
    """

    name: str
    label: FieldOutLabelType0 | None
    value: Any
    value_jalali: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.field_out_label_type_0 import FieldOutLabelType0  # noqa: PLC0415

        name = self.name

        label: dict[str, Any] | None
        if isinstance(self.label, FieldOutLabelType0):
            label = self.label.to_dict()
        else:
            label = self.label

        value = self.value

        value_jalali: None | str | Unset
        if isinstance(self.value_jalali, Unset):
            value_jalali = UNSET
        else:
            value_jalali = self.value_jalali

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "label": label,
                "value": value,
            }
        )
        if value_jalali is not UNSET:
            field_dict["value_jalali"] = value_jalali

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_out_label_type_0 import FieldOutLabelType0  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_label(data: object) -> FieldOutLabelType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                label_type_0 = FieldOutLabelType0.from_dict(data)

                return label_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FieldOutLabelType0 | None, data)

        label = _parse_label(d.pop("label"))

        value = d.pop("value")

        def _parse_value_jalali(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        value_jalali = _parse_value_jalali(d.pop("value_jalali", UNSET))

        field_out = cls(
            name=name,
            label=label,
            value=value,
            value_jalali=value_jalali,
        )

        field_out.additional_properties = d
        return field_out

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
