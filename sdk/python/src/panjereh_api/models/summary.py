from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.period_out import PeriodOut
    from ..models.target_report import TargetReport


T = TypeVar("T", bound="Summary")


@_attrs_define
class Summary:
    """
    Attributes:
        period (PeriodOut):
        services_total (int):
        services_on_window (int):
        window_share (float | None):
        services_smart (int):
        smart_share (float | None):
        agencies_total (int):
        agencies_online_inquiry (int):
        applications (int):
        targets (list[TargetReport]):
        sla_breached (int | Unset):  Default: 0.
        sla_escalated (int | Unset):  Default: 0.
        sla_deemed_approved (int | Unset):  Default: 0.
    """

    period: PeriodOut
    services_total: int
    services_on_window: int
    window_share: float | None
    services_smart: int
    smart_share: float | None
    agencies_total: int
    agencies_online_inquiry: int
    applications: int
    targets: list[TargetReport]
    sla_breached: int | Unset = 0
    sla_escalated: int | Unset = 0
    sla_deemed_approved: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        period = self.period.to_dict()

        services_total = self.services_total

        services_on_window = self.services_on_window

        window_share: float | None
        window_share = self.window_share

        services_smart = self.services_smart

        smart_share: float | None
        smart_share = self.smart_share

        agencies_total = self.agencies_total

        agencies_online_inquiry = self.agencies_online_inquiry

        applications = self.applications

        targets = []
        for targets_item_data in self.targets:
            targets_item = targets_item_data.to_dict()
            targets.append(targets_item)

        sla_breached = self.sla_breached

        sla_escalated = self.sla_escalated

        sla_deemed_approved = self.sla_deemed_approved

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "period": period,
                "services_total": services_total,
                "services_on_window": services_on_window,
                "window_share": window_share,
                "services_smart": services_smart,
                "smart_share": smart_share,
                "agencies_total": agencies_total,
                "agencies_online_inquiry": agencies_online_inquiry,
                "applications": applications,
                "targets": targets,
            }
        )
        if sla_breached is not UNSET:
            field_dict["sla_breached"] = sla_breached
        if sla_escalated is not UNSET:
            field_dict["sla_escalated"] = sla_escalated
        if sla_deemed_approved is not UNSET:
            field_dict["sla_deemed_approved"] = sla_deemed_approved

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.period_out import PeriodOut  # noqa: PLC0415
        from ..models.target_report import TargetReport  # noqa: PLC0415

        d = dict(src_dict)
        period = PeriodOut.from_dict(d.pop("period"))

        services_total = d.pop("services_total")

        services_on_window = d.pop("services_on_window")

        def _parse_window_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        window_share = _parse_window_share(d.pop("window_share"))

        services_smart = d.pop("services_smart")

        def _parse_smart_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        smart_share = _parse_smart_share(d.pop("smart_share"))

        agencies_total = d.pop("agencies_total")

        agencies_online_inquiry = d.pop("agencies_online_inquiry")

        applications = d.pop("applications")

        targets = []
        _targets = d.pop("targets")
        for targets_item_data in _targets:
            targets_item = TargetReport.from_dict(targets_item_data)

            targets.append(targets_item)

        sla_breached = d.pop("sla_breached", UNSET)

        sla_escalated = d.pop("sla_escalated", UNSET)

        sla_deemed_approved = d.pop("sla_deemed_approved", UNSET)

        summary = cls(
            period=period,
            services_total=services_total,
            services_on_window=services_on_window,
            window_share=window_share,
            services_smart=services_smart,
            smart_share=smart_share,
            agencies_total=agencies_total,
            agencies_online_inquiry=agencies_online_inquiry,
            applications=applications,
            targets=targets,
            sla_breached=sla_breached,
            sla_escalated=sla_escalated,
            sla_deemed_approved=sla_deemed_approved,
        )

        summary.additional_properties = d
        return summary

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
