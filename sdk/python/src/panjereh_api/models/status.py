from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.status_state import StatusState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.note import Note
    from ..models.service_ref import ServiceRef
    from ..models.sla_outcome import SlaOutcome
    from ..models.status_reasons_item import StatusReasonsItem
    from ..models.status_state_label import StatusStateLabel
    from ..models.step import Step


T = TypeVar("T", bound="Status")


@_attrs_define
class Status:
    """An application's status as its applicant (and their mobile app) reads it.

    Attributes:
        tracking_code (str):
        service (ServiceRef):
        state (StatusState): The application's state
        state_label (StatusStateLabel):
        updated_at (datetime.datetime):
        updated_at_jalali (str):
        sla_due_at (datetime.datetime):
        sla_due_at_jalali (str):
        timeline (list[Step]):
        reasons (list[StatusReasonsItem]):
        sla (None | SlaOutcome | Unset):
        notifications (list[Note] | Unset):
    """

    tracking_code: str
    service: ServiceRef
    state: StatusState
    state_label: StatusStateLabel
    updated_at: datetime.datetime
    updated_at_jalali: str
    sla_due_at: datetime.datetime
    sla_due_at_jalali: str
    timeline: list[Step]
    reasons: list[StatusReasonsItem]
    sla: None | SlaOutcome | Unset = UNSET
    notifications: list[Note] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.sla_outcome import SlaOutcome  # noqa: PLC0415

        tracking_code = self.tracking_code

        service = self.service.to_dict()

        state = self.state.value

        state_label = self.state_label.to_dict()

        updated_at = self.updated_at.isoformat()

        updated_at_jalali = self.updated_at_jalali

        sla_due_at = self.sla_due_at.isoformat()

        sla_due_at_jalali = self.sla_due_at_jalali

        timeline = []
        for timeline_item_data in self.timeline:
            timeline_item = timeline_item_data.to_dict()
            timeline.append(timeline_item)

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        sla: dict[str, Any] | None | Unset
        if isinstance(self.sla, Unset):
            sla = UNSET
        elif isinstance(self.sla, SlaOutcome):
            sla = self.sla.to_dict()
        else:
            sla = self.sla

        notifications: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.notifications, Unset):
            notifications = []
            for notifications_item_data in self.notifications:
                notifications_item = notifications_item_data.to_dict()
                notifications.append(notifications_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tracking_code": tracking_code,
                "service": service,
                "state": state,
                "state_label": state_label,
                "updated_at": updated_at,
                "updated_at_jalali": updated_at_jalali,
                "sla_due_at": sla_due_at,
                "sla_due_at_jalali": sla_due_at_jalali,
                "timeline": timeline,
                "reasons": reasons,
            }
        )
        if sla is not UNSET:
            field_dict["sla"] = sla
        if notifications is not UNSET:
            field_dict["notifications"] = notifications

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.note import Note  # noqa: PLC0415
        from ..models.service_ref import ServiceRef  # noqa: PLC0415
        from ..models.sla_outcome import SlaOutcome  # noqa: PLC0415
        from ..models.status_reasons_item import StatusReasonsItem  # noqa: PLC0415
        from ..models.status_state_label import StatusStateLabel  # noqa: PLC0415
        from ..models.step import Step  # noqa: PLC0415

        d = dict(src_dict)
        tracking_code = d.pop("tracking_code")

        service = ServiceRef.from_dict(d.pop("service"))

        state = StatusState(d.pop("state"))

        state_label = StatusStateLabel.from_dict(d.pop("state_label"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        updated_at_jalali = d.pop("updated_at_jalali")

        sla_due_at = datetime.datetime.fromisoformat(d.pop("sla_due_at"))

        sla_due_at_jalali = d.pop("sla_due_at_jalali")

        timeline = []
        _timeline = d.pop("timeline")
        for timeline_item_data in _timeline:
            timeline_item = Step.from_dict(timeline_item_data)

            timeline.append(timeline_item)

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = StatusReasonsItem.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        def _parse_sla(data: object) -> None | SlaOutcome | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                sla_type_0 = SlaOutcome.from_dict(data)

                return sla_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SlaOutcome | Unset, data)

        sla = _parse_sla(d.pop("sla", UNSET))

        _notifications = d.pop("notifications", UNSET)
        notifications: list[Note] | Unset = UNSET
        if _notifications is not UNSET:
            notifications = []
            for notifications_item_data in _notifications:
                notifications_item = Note.from_dict(notifications_item_data)

                notifications.append(notifications_item)

        status = cls(
            tracking_code=tracking_code,
            service=service,
            state=state,
            state_label=state_label,
            updated_at=updated_at,
            updated_at_jalali=updated_at_jalali,
            sla_due_at=sla_due_at,
            sla_due_at_jalali=sla_due_at_jalali,
            timeline=timeline,
            reasons=reasons,
            sla=sla,
            notifications=notifications,
        )

        status.additional_properties = d
        return status

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
