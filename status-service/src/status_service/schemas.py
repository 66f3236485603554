"""API models of the status service, and how a view row becomes one."""

import datetime as dt
from typing import Any

from pydantic import BaseModel

from panjereh import jalali
from panjereh.db.engine import as_utc
from panjereh.labels import state_label


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
            timeline=[_step(step) for step in row.timeline],
            reasons=row.reasons,
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


class AccessEntry(BaseModel):
    agency_id: str
    service: ServiceRef
    evidence_type: str
    registry: str
    outcome: str
    purpose: str | None
    at: dt.datetime
    at_jalali: str


class AccessLog(BaseModel):
    items: list[AccessEntry]
    next_cursor: str | None = None
