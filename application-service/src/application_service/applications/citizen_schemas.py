"""API models of the applicant's own view of one application and their preview answers."""

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from application_service.applications import domain, preview
from application_service.applications.schemas import PreviewOut, ReasonOut, StepOut, plain_text
from application_service.applications.states import State
from application_service.catalog.model import Service
from panjereh import jalali


class ObjectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    evidence_type: str = Field(
        min_length=1,
        max_length=100,
        description="One of the application's evidence types (the one that is wrong)",
        examples=["education-degree"],
    )
    reason: str = Field(
        min_length=1,
        max_length=1000,
        description="What is wrong, in the applicant's words; the officer reads it",
        examples=["مدرک کارشناسی ارشد من ثبت نشده است."],
    )

    @field_validator("evidence_type", "reason")
    @classmethod
    def _text(cls, value: str) -> str:
        return plain_text(value)

    @field_validator("reason")
    @classmethod
    def _said_something(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("say what is wrong / بنویسید چه چیزی نادرست است")
        return value


class FieldOut(BaseModel):
    """One fetched field, as the application holds it and the rules may use it."""

    name: str
    label: dict[str, str] | None
    value: Any
    value_jalali: str | None = Field(
        default=None, description="A date's Jalali rendering, beside its ISO value"
    )


class FetchedEvidence(BaseModel):
    evidence_type: str
    status: str
    retrieved_at: dt.datetime | None
    retrieved_at_jalali: str | None
    source: str | None
    fields: list[FieldOut] = Field(
        description="Only the evidence type's shareable fields (what the service's rules may "
        "use), and only when found"
    )


class ServiceOut(BaseModel):
    id: str
    name_fa: str
    name_en: str
    preview: bool


class CitizenDecision(BaseModel):
    outcome: str
    by: str
    reasons: list[ReasonOut]
    decided_at: dt.datetime
    decided_at_jalali: str


class CitizenApplication(BaseModel):
    """One of the person's applications as they see it: its state, what was fetched about
    them (minimised), the preview and its answer, the timeline and the decision."""

    id: str
    tracking_code: str
    agency_id: str
    service: ServiceOut
    state: str
    state_label: dict[str, str]
    awaiting_you: bool = Field(
        description="True while the application waits for the applicant to confirm or object"
    )
    evidence: list[FetchedEvidence]
    preview: PreviewOut | None
    decision: CitizenDecision | None
    timeline: list[StepOut]
    submitted_at: dt.datetime
    submitted_at_jalali: str
    sla_due_at: dt.datetime
    sla_due_at_jalali: str

    @classmethod
    def of(cls, application: domain.Application, service: Service | None) -> "CitizenApplication":
        return cls(
            id=application.id,
            tracking_code=application.tracking_code,
            agency_id=application.agency_id,
            service=ServiceOut(
                id=application.service_id,
                name_fa=service.name_fa if service else application.service_id,
                name_en=service.name_en if service else application.service_id,
                preview=bool(service and service.preview),
            ),
            state=application.state.value,
            state_label=domain.label(application.state),
            awaiting_you=application.state is State.AWAITING_APPLICANT,
            evidence=[_fetched(code, slot) for code, slot in application.evidence.items()],
            preview=PreviewOut.of(application.preview),
            decision=_decision(application.decision),
            timeline=[StepOut.of(step) for step in application.timeline],
            submitted_at=application.submitted_at,
            submitted_at_jalali=jalali.to_jalali(application.submitted_at),
            sla_due_at=application.sla_due_at,
            sla_due_at_jalali=jalali.to_jalali(application.sla_due_at),
        )


def _fetched(code: str, slot: domain.EvidenceSlot) -> FetchedEvidence:
    return FetchedEvidence(
        evidence_type=code,
        status=slot.status,
        retrieved_at=slot.retrieved_at,
        retrieved_at_jalali=jalali.to_jalali(slot.retrieved_at) if slot.retrieved_at else None,
        source=slot.source,
        fields=[
            FieldOut(
                name=shown.name,
                label=shown.label,
                value=shown.value,
                value_jalali=_jalali_of(shown.value),
            )
            for shown in preview.minimised(code, slot)
        ],
    )


def _decision(decision: domain.Decision | None) -> CitizenDecision | None:
    # The officer's client id is the agency's business, not the applicant's.
    if decision is None:
        return None
    return CitizenDecision(
        outcome=decision.outcome,
        by=decision.by,
        reasons=[ReasonOut(**reason.model_dump()) for reason in decision.reasons],
        decided_at=decision.decided_at,
        decided_at_jalali=jalali.to_jalali(decision.decided_at),
    )


def _jalali_of(value: Any) -> str | None:
    """A field that holds an ISO date (YYYY-MM-DD) in Jalali too; None for anything else."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return jalali.to_jalali(dt.date.fromisoformat(value))
    except ValueError:
        return None
