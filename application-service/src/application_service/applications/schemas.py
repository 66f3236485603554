"""API models of applications."""

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from application_service.applications import domain
from application_service.applications.states import State
from panjereh import events, identity, jalali


class ApplicantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    national_code: identity.NationalCode = Field(examples=["0018392741"])
    mobile: identity.Mobile | None = Field(default=None, examples=["09121000001"])
    birth_date: dt.date | None = Field(
        default=None, description="ISO (1990-03-21) or Jalali (1369/01/01)"
    )

    @field_validator("birth_date", mode="before")
    @classmethod
    def _any_calendar(cls, value: Any) -> Any:
        return jalali.parse_date(value) if isinstance(value, str) else value


class SubmitIn(BaseModel):
    # The sandbox's persona Ali Rezaei (a complete record) on the demo's passport service.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "service_id": "passport-issuance",
                    "applicant": {
                        "national_code": "0018392741",
                        "mobile": "09121000001",
                        "birth_date": "1990-03-21",
                    },
                    "form": {},
                }
            ]
        },
    )

    service_id: str = Field(min_length=1, max_length=100, examples=["passport-issuance"])
    applicant: ApplicantIn
    form: dict[str, Any] = Field(
        default_factory=dict, description="Service-specific answers; no document files"
    )

    @field_validator("form", mode="before")
    @classmethod
    def _sane_form(cls, value: Any) -> Any:
        # Before pydantic copies it: a form nested a thousand deep must not reach anything
        # recursive (validation, str(), json.dumps of the fingerprint, the rules' conversion).
        if problem := form_problem(value):
            raise PydanticCustomError("form_invalid", problem)
        return value

    @field_validator("service_id")
    @classmethod
    def _text_id(cls, value: str) -> str:
        if _NOT_TEXT.search(value):
            raise PydanticCustomError("text_invalid", _NOT_TEXT_MESSAGE)
        return value


MAX_FORM_DEPTH = 32
MAX_FORM_SIZE = 20_000  # about the characters of its JSON
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")
_NOT_TEXT_MESSAGE = "holds a NUL character or a lone surrogate (U+D800–U+DFFF), which is not text"


def form_problem(form: Any) -> str | None:
    """Why this form is refused, or None: walked with a stack, never recursively."""
    if not isinstance(form, dict):
        return None  # pydantic says it must be an object
    size = 0
    stack: list[tuple[Any, int]] = [(form, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_FORM_DEPTH and isinstance(node, dict | list):
            return f"is nested more than {MAX_FORM_DEPTH} levels deep"
        if isinstance(node, dict):
            children: list[Any] = list(node.values())
            texts = [key for key in node if isinstance(key, str)]
        elif isinstance(node, list):
            children, texts = node, []
        else:
            children, texts = [], [node] if isinstance(node, str) else []
        if any(_NOT_TEXT.search(text) for text in texts):
            return _NOT_TEXT_MESSAGE
        # Roughly its JSON: brackets, quoted texts with their separators, other scalars.
        scalar = 0 if texts or isinstance(node, dict | list) else 6
        size += 2 + sum(len(text) + 3 for text in texts) + scalar
        if size > MAX_FORM_SIZE:
            return "is too large (evidence is fetched online, not uploaded)"
        stack.extend((child, depth + 1) for child in children)
    return None


class Submitted(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "3f6c2a1e-8b4d-4f0a-9c5e-2d7b1a9e4c30",
                    "tracking_code": "4829137051627",
                    "state": "submitted",
                    "status_url": "/v1/status/4829137051627",
                    "created_at": "2026-12-01T09:30:00Z",
                    "created_at_jalali": "1405/09/10",
                }
            ]
        }
    )

    id: str
    tracking_code: str
    state: State
    status_url: str
    created_at: dt.datetime
    created_at_jalali: str


class ReviewIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "outcome": "approved",
                    "reason": "شماره همراه در دفترخانه با مدرک هویتی متقاضی تطبیق داده شد.",
                }
            ]
        },
    )

    outcome: Literal["approved", "rejected"]
    reason: str = Field(min_length=3, max_length=1000)

    @field_validator("reason")
    @classmethod
    def _text_reason(cls, value: str) -> str:
        if _NOT_TEXT.search(value):
            raise PydanticCustomError("text_invalid", _NOT_TEXT_MESSAGE)
        return value


def plain_text(value: str) -> str:
    """The value, if it is text a database can store (no NUL, no lone surrogate)."""
    if _NOT_TEXT.search(value):
        raise PydanticCustomError("text_invalid", _NOT_TEXT_MESSAGE)
    return value


class EvidenceOut(BaseModel):
    status: domain.SlotStatus
    retrieved_at: dt.datetime | None
    source: str | None
    detail: str | None = None


class ReasonOut(BaseModel):
    code: str
    fa: str
    en: str


class DecisionOut(BaseModel):
    outcome: Literal["approved", "rejected", "needs_review"]
    by: events.DecidedBy
    officer: str | None
    reasons: list[ReasonOut]
    decided_at: dt.datetime


class StepOut(BaseModel):
    state: State
    label: dict[str, str]
    at: dt.datetime
    at_jalali: str
    reason: dict[str, str] | None

    @classmethod
    def of(cls, step: domain.Step) -> "StepOut":
        return cls(
            state=step.state.value,
            label=domain.label(step.state),
            at=step.at,
            at_jalali=jalali.to_jalali(step.at),
            reason={"fa": step.reason_fa or "", "en": step.reason_en} if step.reason_en else None,
        )


class ObjectionOut(BaseModel):
    """What the applicant reported wrong in the fetched evidence, in their own words."""

    evidence_type: str
    reason: str
    at: dt.datetime
    at_jalali: str


class PreviewOut(BaseModel):
    """A preview service's wait for its applicant (API.md, Citizens): until when, their
    answer (confirmed, objected, or lapsed: the window ended with none) and any objection."""

    due_at: dt.datetime
    due_at_jalali: str
    answer: Literal["confirmed", "objected", "lapsed"] | None
    answered_at: dt.datetime | None
    objection: ObjectionOut | None

    @classmethod
    def of(cls, preview: domain.Preview | None) -> "PreviewOut | None":
        if preview is None:
            return None
        objection = preview.objection
        return cls(
            due_at=preview.due_at,
            due_at_jalali=jalali.to_jalali(preview.due_at),
            answer=preview.answer,
            answered_at=preview.answered_at,
            objection=ObjectionOut(
                evidence_type=objection.evidence_type,
                reason=objection.reason,
                at=objection.at,
                at_jalali=jalali.to_jalali(objection.at),
            )
            if objection
            else None,
        )


class ApplicationOut(BaseModel):
    id: str
    tracking_code: str
    service_id: str
    state: State
    state_label: dict[str, str]
    applicant: dict[str, Any]
    form: dict[str, Any]
    evidence: dict[str, EvidenceOut]
    decision: DecisionOut | None
    events: list[StepOut]
    submitted_at: dt.datetime
    sla_due_at: dt.datetime
    sla_due_at_jalali: str
    sla_breached: bool
    preview: PreviewOut | None = None

    @classmethod
    def of(cls, application: domain.Application) -> "ApplicationOut":
        decision = application.decision
        return cls(
            id=application.id,
            tracking_code=application.tracking_code,
            service_id=application.service_id,
            state=application.state.value,
            state_label=domain.label(application.state),
            applicant={
                "national_code": application.applicant.national_code,
                "mobile": application.applicant.mobile,
                "birth_date": application.applicant.birth_date,
            },
            form=application.form,
            evidence={
                code: EvidenceOut(
                    status=s.status, retrieved_at=s.retrieved_at, source=s.source, detail=s.detail
                )
                for code, s in application.evidence.items()
            },
            decision=DecisionOut(
                outcome=decision.outcome,
                by=decision.by,
                officer=decision.officer,
                reasons=[ReasonOut(**r.model_dump()) for r in decision.reasons],
                decided_at=decision.decided_at,
            )
            if decision
            else None,
            events=[StepOut.of(step) for step in application.timeline],
            submitted_at=application.submitted_at,
            sla_due_at=application.sla_due_at,
            sla_due_at_jalali=jalali.to_jalali(application.sla_due_at),
            sla_breached=application.sla_breached,
            preview=PreviewOut.of(application.preview),
        )
