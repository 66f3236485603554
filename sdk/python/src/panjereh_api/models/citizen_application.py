from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.citizen_application_state_label import CitizenApplicationStateLabel
    from ..models.citizen_decision import CitizenDecision
    from ..models.fetched_evidence import FetchedEvidence
    from ..models.preview_out import PreviewOut
    from ..models.service_out import ServiceOut
    from ..models.step_out import StepOut


T = TypeVar("T", bound="CitizenApplication")


@_attrs_define
class CitizenApplication:
    """One of the person's applications as they see it: its state, what was fetched about
    them (minimised), the preview and its answer, the timeline and the decision.

        Attributes:
            id (str):
            tracking_code (str):
            agency_id (str):
            service (ServiceOut):
            state (str):
            state_label (CitizenApplicationStateLabel):
            awaiting_you (bool): True while the application waits for the applicant to confirm or object
            evidence (list[FetchedEvidence]):
            preview (None | PreviewOut):
            decision (CitizenDecision | None):
            timeline (list[StepOut]):
            submitted_at (datetime.datetime):
            submitted_at_jalali (str):
            sla_due_at (datetime.datetime):
            sla_due_at_jalali (str):
    """

    id: str
    tracking_code: str
    agency_id: str
    service: ServiceOut
    state: str
    state_label: CitizenApplicationStateLabel
    awaiting_you: bool
    evidence: list[FetchedEvidence]
    preview: None | PreviewOut
    decision: CitizenDecision | None
    timeline: list[StepOut]
    submitted_at: datetime.datetime
    submitted_at_jalali: str
    sla_due_at: datetime.datetime
    sla_due_at_jalali: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.citizen_decision import CitizenDecision  # noqa: PLC0415
        from ..models.preview_out import PreviewOut  # noqa: PLC0415

        id = self.id

        tracking_code = self.tracking_code

        agency_id = self.agency_id

        service = self.service.to_dict()

        state = self.state

        state_label = self.state_label.to_dict()

        awaiting_you = self.awaiting_you

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        preview: dict[str, Any] | None
        if isinstance(self.preview, PreviewOut):
            preview = self.preview.to_dict()
        else:
            preview = self.preview

        decision: dict[str, Any] | None
        if isinstance(self.decision, CitizenDecision):
            decision = self.decision.to_dict()
        else:
            decision = self.decision

        timeline = []
        for timeline_item_data in self.timeline:
            timeline_item = timeline_item_data.to_dict()
            timeline.append(timeline_item)

        submitted_at = self.submitted_at.isoformat()

        submitted_at_jalali = self.submitted_at_jalali

        sla_due_at = self.sla_due_at.isoformat()

        sla_due_at_jalali = self.sla_due_at_jalali

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "tracking_code": tracking_code,
                "agency_id": agency_id,
                "service": service,
                "state": state,
                "state_label": state_label,
                "awaiting_you": awaiting_you,
                "evidence": evidence,
                "preview": preview,
                "decision": decision,
                "timeline": timeline,
                "submitted_at": submitted_at,
                "submitted_at_jalali": submitted_at_jalali,
                "sla_due_at": sla_due_at,
                "sla_due_at_jalali": sla_due_at_jalali,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.citizen_application_state_label import (
            CitizenApplicationStateLabel,  # noqa: PLC0415
        )
        from ..models.citizen_decision import CitizenDecision  # noqa: PLC0415
        from ..models.fetched_evidence import FetchedEvidence  # noqa: PLC0415
        from ..models.preview_out import PreviewOut  # noqa: PLC0415
        from ..models.service_out import ServiceOut  # noqa: PLC0415
        from ..models.step_out import StepOut  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        tracking_code = d.pop("tracking_code")

        agency_id = d.pop("agency_id")

        service = ServiceOut.from_dict(d.pop("service"))

        state = d.pop("state")

        state_label = CitizenApplicationStateLabel.from_dict(d.pop("state_label"))

        awaiting_you = d.pop("awaiting_you")

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = FetchedEvidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        def _parse_preview(data: object) -> None | PreviewOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                preview_type_0 = PreviewOut.from_dict(data)

                return preview_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PreviewOut, data)

        preview = _parse_preview(d.pop("preview"))

        def _parse_decision(data: object) -> CitizenDecision | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                decision_type_0 = CitizenDecision.from_dict(data)

                return decision_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CitizenDecision | None, data)

        decision = _parse_decision(d.pop("decision"))

        timeline = []
        _timeline = d.pop("timeline")
        for timeline_item_data in _timeline:
            timeline_item = StepOut.from_dict(timeline_item_data)

            timeline.append(timeline_item)

        submitted_at = datetime.datetime.fromisoformat(d.pop("submitted_at"))

        submitted_at_jalali = d.pop("submitted_at_jalali")

        sla_due_at = datetime.datetime.fromisoformat(d.pop("sla_due_at"))

        sla_due_at_jalali = d.pop("sla_due_at_jalali")

        citizen_application = cls(
            id=id,
            tracking_code=tracking_code,
            agency_id=agency_id,
            service=service,
            state=state,
            state_label=state_label,
            awaiting_you=awaiting_you,
            evidence=evidence,
            preview=preview,
            decision=decision,
            timeline=timeline,
            submitted_at=submitted_at,
            submitted_at_jalali=submitted_at_jalali,
            sla_due_at=sla_due_at,
            sla_due_at_jalali=sla_due_at_jalali,
        )

        citizen_application.additional_properties = d
        return citizen_application

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
