from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.agency_target import AgencyTarget
    from ..models.service_compliance import ServiceCompliance


T = TypeVar("T", bound="AgencyCompliance")


@_attrs_define
class AgencyCompliance:
    """
    Attributes:
        agency_id (str):
        name_fa (None | str):
        name_en (None | str):
        services_total (int):
        services_on_window (int):
        window_share (float | None):
        services_smart (int):
        smart_share (float | None):
        online_inquiry (bool):
        first_online_inquiry_at (datetime.datetime | None):
        first_online_inquiry_jalali (None | str):
        applications (int):
        targets (list[AgencyTarget]):
        services (list[ServiceCompliance]):
        sla_breached (int | Unset):  Default: 0.
        sla_escalated (int | Unset):  Default: 0.
        sla_deemed_approved (int | Unset):  Default: 0.
    """

    agency_id: str
    name_fa: None | str
    name_en: None | str
    services_total: int
    services_on_window: int
    window_share: float | None
    services_smart: int
    smart_share: float | None
    online_inquiry: bool
    first_online_inquiry_at: datetime.datetime | None
    first_online_inquiry_jalali: None | str
    applications: int
    targets: list[AgencyTarget]
    services: list[ServiceCompliance]
    sla_breached: int | Unset = 0
    sla_escalated: int | Unset = 0
    sla_deemed_approved: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agency_id = self.agency_id

        name_fa: None | str
        name_fa = self.name_fa

        name_en: None | str
        name_en = self.name_en

        services_total = self.services_total

        services_on_window = self.services_on_window

        window_share: float | None
        window_share = self.window_share

        services_smart = self.services_smart

        smart_share: float | None
        smart_share = self.smart_share

        online_inquiry = self.online_inquiry

        first_online_inquiry_at: None | str
        if isinstance(self.first_online_inquiry_at, datetime.datetime):
            first_online_inquiry_at = self.first_online_inquiry_at.isoformat()
        else:
            first_online_inquiry_at = self.first_online_inquiry_at

        first_online_inquiry_jalali: None | str
        first_online_inquiry_jalali = self.first_online_inquiry_jalali

        applications = self.applications

        targets = []
        for targets_item_data in self.targets:
            targets_item = targets_item_data.to_dict()
            targets.append(targets_item)

        services = []
        for services_item_data in self.services:
            services_item = services_item_data.to_dict()
            services.append(services_item)

        sla_breached = self.sla_breached

        sla_escalated = self.sla_escalated

        sla_deemed_approved = self.sla_deemed_approved

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agency_id": agency_id,
                "name_fa": name_fa,
                "name_en": name_en,
                "services_total": services_total,
                "services_on_window": services_on_window,
                "window_share": window_share,
                "services_smart": services_smart,
                "smart_share": smart_share,
                "online_inquiry": online_inquiry,
                "first_online_inquiry_at": first_online_inquiry_at,
                "first_online_inquiry_jalali": first_online_inquiry_jalali,
                "applications": applications,
                "targets": targets,
                "services": services,
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
        from ..models.agency_target import AgencyTarget  # noqa: PLC0415
        from ..models.service_compliance import ServiceCompliance  # noqa: PLC0415

        d = dict(src_dict)
        agency_id = d.pop("agency_id")

        def _parse_name_fa(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name_fa = _parse_name_fa(d.pop("name_fa"))

        def _parse_name_en(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name_en = _parse_name_en(d.pop("name_en"))

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

        online_inquiry = d.pop("online_inquiry")

        def _parse_first_online_inquiry_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                first_online_inquiry_at_type_0 = datetime.datetime.fromisoformat(data)

                return first_online_inquiry_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        first_online_inquiry_at = _parse_first_online_inquiry_at(d.pop("first_online_inquiry_at"))

        def _parse_first_online_inquiry_jalali(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        first_online_inquiry_jalali = _parse_first_online_inquiry_jalali(
            d.pop("first_online_inquiry_jalali")
        )

        applications = d.pop("applications")

        targets = []
        _targets = d.pop("targets")
        for targets_item_data in _targets:
            targets_item = AgencyTarget.from_dict(targets_item_data)

            targets.append(targets_item)

        services = []
        _services = d.pop("services")
        for services_item_data in _services:
            services_item = ServiceCompliance.from_dict(services_item_data)

            services.append(services_item)

        sla_breached = d.pop("sla_breached", UNSET)

        sla_escalated = d.pop("sla_escalated", UNSET)

        sla_deemed_approved = d.pop("sla_deemed_approved", UNSET)

        agency_compliance = cls(
            agency_id=agency_id,
            name_fa=name_fa,
            name_en=name_en,
            services_total=services_total,
            services_on_window=services_on_window,
            window_share=window_share,
            services_smart=services_smart,
            smart_share=smart_share,
            online_inquiry=online_inquiry,
            first_online_inquiry_at=first_online_inquiry_at,
            first_online_inquiry_jalali=first_online_inquiry_jalali,
            applications=applications,
            targets=targets,
            services=services,
            sla_breached=sla_breached,
            sla_escalated=sla_escalated,
            sla_deemed_approved=sla_deemed_approved,
        )

        agency_compliance.additional_properties = d
        return agency_compliance

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
