"""API models of the status service, and how a view row becomes one."""

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel

from panjereh import jalali
from panjereh.db.engine import as_utc
from panjereh.labels import note_label, sla_label, state_label
from status_service.domain import steps


class ServiceRef(BaseModel):
    id: str
    name_fa: str | None
    name_en: str | None


class Step(BaseModel):
    state: str
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
    tracking_code: str
    service: ServiceRef
    state: str
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
