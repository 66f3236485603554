"""API models of the status service, and how a view row becomes one."""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, WithJsonSchema

from panjereh import jalali
from panjereh.db.engine import as_utc
from panjereh.labels import STATE_LABELS, note_label, sla_label, state_label
from panjereh.web.openapi import problem_response
from status_service.domain import steps

# An application's state, as the document lists it: every state the labels know (the one
# table the platform says states with), so a generated client gets an enum.
StateName = Annotated[
    str,
    WithJsonSchema(
        {"type": "string", "enum": list(STATE_LABELS), "description": "The application's state"}
    ),
]


class ServiceRef(BaseModel):
    id: str
    name_fa: str | None
    name_en: str | None


class Step(BaseModel):
    state: StateName
    at: dt.datetime
    at_jalali: str
    label: dict[str, str]
    reason: dict[str, str | None] | None


class SlaOutcome(BaseModel):
    """What happened once the service's SLA passed with no decision (API.md, SLA breaches)."""

    outcome: Literal["breached", "escalated", "deemed_approved"]
    label: dict[str, str]
    at: dt.datetime
    at_jalali: str
    reason: dict[str, str] | None  # a deemed approval's reason, in Persian and English

    @classmethod
    def of(cls, sla: dict[str, Any] | None) -> "SlaOutcome | None":
        if sla is None:
            return None
        at = dt.datetime.fromisoformat(sla["at"])
        return cls(
            outcome=sla["outcome"],
            label=sla_label(sla["outcome"]),
            at=at,
            at_jalali=jalali.to_jalali(at),
            reason=sla["reason"],
        )


class Note(BaseModel):
    """Something the platform could not do for the applicant, e.g. send an SMS."""

    kind: Literal["sms_not_sent"]
    label: dict[str, str]
    reason: dict[str, str]  # code, fa, en
    at: dt.datetime
    at_jalali: str

    @classmethod
    def of(cls, note: dict[str, Any]) -> "Note":
        at = dt.datetime.fromisoformat(note["at"])
        return cls(
            kind=note["kind"],
            label=note_label(note["kind"]),
            reason=note["reason"],
            at=at,
            at_jalali=jalali.to_jalali(at),
        )


class Status(BaseModel):
    """An application's status as its applicant (and their mobile app) reads it."""

    tracking_code: str
    service: ServiceRef
    state: StateName
    state_label: dict[str, str]
    updated_at: dt.datetime
    updated_at_jalali: str
    sla_due_at: dt.datetime
    sla_due_at_jalali: str
    timeline: list[Step]
    reasons: list[dict[str, str]]
    sla: SlaOutcome | None = None
    notifications: list[Note] = []

    @classmethod
    def of(cls, row: Any) -> "Status":
        updated, due = as_utc(row.updated_at), as_utc(row.sla_due_at)
        return cls(
            tracking_code=row.tracking_code,
            service=ServiceRef(id=row.service_id, name_fa=row.name_fa, name_en=row.name_en),
            state=row.state,
            state_label=state_label(row.state),
            updated_at=updated,
            updated_at_jalali=jalali.to_jalali(updated),
            sla_due_at=due,
            sla_due_at_jalali=jalali.to_jalali(due),
            timeline=[_step(step) for step in steps(row.timeline)],
            reasons=row.reasons,
            sla=SlaOutcome.of(row.sla),
            notifications=[Note.of(note) for note in row.notifications],
        )


def _step(step: dict[str, Any]) -> Step:
    at = dt.datetime.fromisoformat(step["at"])
    return Step(
        state=step["state"],
        at=at,
        at_jalali=jalali.to_jalali(at),
        label=state_label(step["state"]),
        reason=step["reason"],
    )


Path = Literal["application", "direct"]


class AccessEntry(BaseModel):
    """One inquiry about the applicant: by the application's own evidence requests
    (`path` "application") or made directly by an agency naming the application ("direct")."""

    agency_id: str
    service: ServiceRef  # the purpose: the service the inquiry was made for
    evidence_type: str
    registry: str
    outcome: str
    purpose: str | None
    law_reference: str | None
    path: Path
    at: dt.datetime
    at_jalali: str

    @classmethod
    def fields_of(cls, row: Any) -> dict[str, Any]:
        at = as_utc(row.at)
        return {
            "agency_id": row.agency_id,
            "service": ServiceRef(id=row.service_id, name_fa=row.name_fa, name_en=row.name_en),
            "evidence_type": row.evidence_type,
            "registry": row.registry,
            "outcome": row.outcome,
            "purpose": row.purpose,
            "law_reference": row.law_reference,
            "path": row.path,
            "at": at,
            "at_jalali": jalali.to_jalali(at),
        }

    @classmethod
    def of(cls, row: Any) -> "AccessEntry":
        return cls(**cls.fields_of(row))


class AccessLog(BaseModel):
    items: list[AccessEntry]
    next_cursor: str | None = None


class HistoryEntry(AccessEntry):
    """One inquiry about a person, for the legal-basis office and operators."""

    id: str
    application_id: str | None
    client_id: str | None
    reason: str | None  # why it was refused, or why the registry was unavailable

    @classmethod
    def of(cls, row: Any) -> "HistoryEntry":
        return cls(
            **cls.fields_of(row),
            id=row.event_id,
            application_id=row.application_id,
            client_id=row.client_id,
            reason=row.reason,
        )


class AccessHistory(BaseModel):
    items: list[HistoryEntry]
    next_cursor: str | None


_HEADERS: dict[str, Any] = {
    "ETag": {
        "description": "A strong tag of this version; send it back in If-None-Match",
        "schema": {"type": "string", "examples": ['"8"']},
    },
    "Cache-Control": {"description": "no-cache, private", "schema": {"type": "string"}},
    "X-Poll-Interval": {
        "description": "Seconds a client should wait before asking again",
        "schema": {"type": "integer", "minimum": 1},
    },
}
_NOT_FOUND = problem_response(
    "No application matches this tracking code and national code (the same for an unknown "
    "code, a wrong or missing national code, and a malformed one)"
)
# The lookup's answers beyond its errors, as its OpenAPI operation declares them.
STATUS_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The status", "headers": _HEADERS},
    304: {
        "description": "Not modified: If-None-Match holds the current ETag (or `*`), compared "
        "weakly as RFC 9110 says; with ?wait=, nothing changed within the wait",
        "headers": _HEADERS,
    },
    404: _NOT_FOUND,
}
