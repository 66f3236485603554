from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.state import State
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.application_out_applicant import ApplicationOutApplicant
    from ..models.application_out_evidence import ApplicationOutEvidence
    from ..models.application_out_form import ApplicationOutForm
    from ..models.application_out_state_label import ApplicationOutStateLabel
    from ..models.decision_out import DecisionOut
    from ..models.preview_out import PreviewOut
    from ..models.step_out import StepOut


T = TypeVar("T", bound="ApplicationOut")


@_attrs_define
class ApplicationOut:
    """
    Attributes:
        id (str):
        tracking_code (str):
        service_id (str):
        state (State):
        state_label (ApplicationOutStateLabel):
        applicant (ApplicationOutApplicant):
        form (ApplicationOutForm):
        evidence (ApplicationOutEvidence):
        decision (DecisionOut | None):
        events (list[StepOut]):
        submitted_at (datetime.datetime):
        sla_due_at (datetime.datetime):
        sla_due_at_jalali (str):
        sla_breached (bool):
        preview (None | PreviewOut | Unset):
    """

    id: str
    tracking_code: str
    service_id: str
    state: State
    state_label: ApplicationOutStateLabel
    applicant: ApplicationOutApplicant
    form: ApplicationOutForm
    evidence: ApplicationOutEvidence
    decision: DecisionOut | None
    events: list[StepOut]
    submitted_at: datetime.datetime
    sla_due_at: datetime.datetime
    sla_due_at_jalali: str
    sla_breached: bool
    preview: None | PreviewOut | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.decision_out import DecisionOut  # noqa: PLC0415
        from ..models.preview_out import PreviewOut  # noqa: PLC0415

        id = self.id

        tracking_code = self.tracking_code

        service_id = self.service_id

        state = self.state.value

        state_label = self.state_label.to_dict()

        applicant = self.applicant.to_dict()

        form = self.form.to_dict()

        evidence = self.evidence.to_dict()

        decision: dict[str, Any] | None
        if isinstance(self.decision, DecisionOut):
            decision = self.decision.to_dict()
        else:
            decision = self.decision

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        submitted_at = self.submitted_at.isoformat()

        sla_due_at = self.sla_due_at.isoformat()

        sla_due_at_jalali = self.sla_due_at_jalali

        sla_breached = self.sla_breached

        preview: dict[str, Any] | None | Unset
        if isinstance(self.preview, Unset):
            preview = UNSET
        elif isinstance(self.preview, PreviewOut):
            preview = self.preview.to_dict()
        else:
            preview = self.preview

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "tracking_code": tracking_code,
                "service_id": service_id,
                "state": state,
                "state_label": state_label,
                "applicant": applicant,
                "form": form,
                "evidence": evidence,
                "decision": decision,
                "events": events,
                "submitted_at": submitted_at,
                "sla_due_at": sla_due_at,
                "sla_due_at_jalali": sla_due_at_jalali,
                "sla_breached": sla_breached,
            }
        )
        if preview is not UNSET:
            field_dict["preview"] = preview

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.application_out_applicant import ApplicationOutApplicant  # noqa: PLC0415
        from ..models.application_out_evidence import ApplicationOutEvidence  # noqa: PLC0415
        from ..models.application_out_form import ApplicationOutForm  # noqa: PLC0415
        from ..models.application_out_state_label import ApplicationOutStateLabel  # noqa: PLC0415
        from ..models.decision_out import DecisionOut  # noqa: PLC0415
        from ..models.preview_out import PreviewOut  # noqa: PLC0415
        from ..models.step_out import StepOut  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        tracking_code = d.pop("tracking_code")

        service_id = d.pop("service_id")

        state = State(d.pop("state"))

        state_label = ApplicationOutStateLabel.from_dict(d.pop("state_label"))

        applicant = ApplicationOutApplicant.from_dict(d.pop("applicant"))

        form = ApplicationOutForm.from_dict(d.pop("form"))

        evidence = ApplicationOutEvidence.from_dict(d.pop("evidence"))

        def _parse_decision(data: object) -> DecisionOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                decision_type_0 = DecisionOut.from_dict(data)

                return decision_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DecisionOut | None, data)

        decision = _parse_decision(d.pop("decision"))

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = StepOut.from_dict(events_item_data)

            events.append(events_item)

        submitted_at = datetime.datetime.fromisoformat(d.pop("submitted_at"))

        sla_due_at = datetime.datetime.fromisoformat(d.pop("sla_due_at"))

        sla_due_at_jalali = d.pop("sla_due_at_jalali")

        sla_breached = d.pop("sla_breached")

        def _parse_preview(data: object) -> None | PreviewOut | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                preview_type_0 = PreviewOut.from_dict(data)

                return preview_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PreviewOut | Unset, data)

        preview = _parse_preview(d.pop("preview", UNSET))

        application_out = cls(
            id=id,
            tracking_code=tracking_code,
            service_id=service_id,
            state=state,
            state_label=state_label,
            applicant=applicant,
            form=form,
            evidence=evidence,
            decision=decision,
            events=events,
            submitted_at=submitted_at,
            sla_due_at=sla_due_at,
            sla_due_at_jalali=sla_due_at_jalali,
            sla_breached=sla_breached,
            preview=preview,
        )

        application_out.additional_properties = d
        return application_out

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
