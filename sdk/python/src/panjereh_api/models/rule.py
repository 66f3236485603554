from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.rule_on_fail import RuleOnFail
from ..types import UNSET, Unset

T = TypeVar("T", bound="Rule")


@_attrs_define
class Rule:
    """
    Attributes:
        id (str):
        expression (str):
        reason_fa (str):
        reason_en (str):
        on_fail (RuleOnFail | Unset):  Default: RuleOnFail.REJECT.
    """

    id: str
    expression: str
    reason_fa: str
    reason_en: str
    on_fail: RuleOnFail | Unset = RuleOnFail.REJECT

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        expression = self.expression

        reason_fa = self.reason_fa

        reason_en = self.reason_en

        on_fail: str | Unset = UNSET
        if not isinstance(self.on_fail, Unset):
            on_fail = self.on_fail.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "expression": expression,
                "reason_fa": reason_fa,
                "reason_en": reason_en,
            }
        )
        if on_fail is not UNSET:
            field_dict["on_fail"] = on_fail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        expression = d.pop("expression")

        reason_fa = d.pop("reason_fa")

        reason_en = d.pop("reason_en")

        _on_fail = d.pop("on_fail", UNSET)
        on_fail: RuleOnFail | Unset
        if isinstance(_on_fail, Unset):
            on_fail = UNSET
        else:
            on_fail = RuleOnFail(_on_fail)

        rule = cls(
            id=id,
            expression=expression,
            reason_fa=reason_fa,
            reason_en=reason_en,
            on_fail=on_fail,
        )

        return rule
