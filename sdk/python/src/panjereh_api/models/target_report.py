from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TargetReport")


@_attrs_define
class TargetReport:
    """
    Attributes:
        name (str):
        title_fa (str):
        title_en (str):
        metric (str):
        scope (str):
        target (float):
        deadline (datetime.date):
        deadline_jalali (str):
        actual (float):
        on_track (bool):
        state (str):
        days_left (int):
        agencies_meeting (int):
        agencies_total (int):
        lagging (list[str]):
    """

    name: str
    title_fa: str
    title_en: str
    metric: str
    scope: str
    target: float
    deadline: datetime.date
    deadline_jalali: str
    actual: float
    on_track: bool
    state: str
    days_left: int
    agencies_meeting: int
    agencies_total: int
    lagging: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        title_fa = self.title_fa

        title_en = self.title_en

        metric = self.metric

        scope = self.scope

        target = self.target

        deadline = self.deadline.isoformat()

        deadline_jalali = self.deadline_jalali

        actual = self.actual

        on_track = self.on_track

        state = self.state

        days_left = self.days_left

        agencies_meeting = self.agencies_meeting

        agencies_total = self.agencies_total

        lagging = self.lagging

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "title_fa": title_fa,
                "title_en": title_en,
                "metric": metric,
                "scope": scope,
                "target": target,
                "deadline": deadline,
                "deadline_jalali": deadline_jalali,
                "actual": actual,
                "on_track": on_track,
                "state": state,
                "days_left": days_left,
                "agencies_meeting": agencies_meeting,
                "agencies_total": agencies_total,
                "lagging": lagging,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        title_fa = d.pop("title_fa")

        title_en = d.pop("title_en")

        metric = d.pop("metric")

        scope = d.pop("scope")

        target = d.pop("target")

        deadline = datetime.date.fromisoformat(d.pop("deadline"))

        deadline_jalali = d.pop("deadline_jalali")

        actual = d.pop("actual")

        on_track = d.pop("on_track")

        state = d.pop("state")

        days_left = d.pop("days_left")

        agencies_meeting = d.pop("agencies_meeting")

        agencies_total = d.pop("agencies_total")

        lagging = cast(list[str], d.pop("lagging"))

        target_report = cls(
            name=name,
            title_fa=title_fa,
            title_en=title_en,
            metric=metric,
            scope=scope,
            target=target,
            deadline=deadline,
            deadline_jalali=deadline_jalali,
            actual=actual,
            on_track=on_track,
            state=state,
            days_left=days_left,
            agencies_meeting=agencies_meeting,
            agencies_total=agencies_total,
            lagging=lagging,
        )

        target_report.additional_properties = d
        return target_report

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
