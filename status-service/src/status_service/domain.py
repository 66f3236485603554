"""The status read model's rules, with no I/O: a view, how events change it, and what its
freshness report says.

Each change the applicant is shown (the submission, each state change) keeps its lag, from
the event's time to its being visible, in the view's timeline JSON, so the lags outlive the
batch that saw them until the application ends. The public API never shows them: a step
renders only its state, time and reason, and the submission's entry has no state.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from panjereh import events

# The states after which an application changes no more (as compliance counts them).
SUBMISSION = "submission"  # the timeline entry that holds the submission's lag, not a step


@dataclass
class StatusView:
    """One application's status as its applicant sees it (a row of `status_views`)."""

    tracking_code: str
    application_id: str
    subject: str
    service_id: str
    state: str
    submitted_at: dt.datetime
    sla_due_at: dt.datetime
    updated_at: dt.datetime
    version: int = 1
    timeline: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[dict[str, Any]] = field(default_factory=list)
    # What a missed SLA did: {"outcome", "at", "reason"} (SLA_OUTCOMES), or None.
    sla: dict[str, Any] | None = None
    # What the platform could not do for the applicant: [{"kind", "at", "reason"}].
    notifications: list[dict[str, Any]] = field(default_factory=list)
    agency_id: str | None = None  # None only for a view projected before it was kept

    @property
    def final(self) -> bool:
        return self.state in events.FINAL_STATES

    def has(self, event_id: str) -> bool:
        return any(entry.get("event_id") == event_id for entry in self.timeline)

    def lags_ms(self) -> dict[str, float]:
        """Every shown change's lag, by the id of the event that carried it."""
        return {entry["event_id"]: entry["lag_ms"] for entry in self.timeline if "lag_ms" in entry}


def steps(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The timeline's steps the applicant sees (the submission's entry is not one)."""
    return [entry for entry in timeline if "state" in entry]


def submitted_view(
    event: events.ApplicationSubmitted, envelope: events.CloudEvent, *, subject: str, lag_ms: float
) -> StatusView:
    return StatusView(
        tracking_code=event.tracking_code,
        application_id=event.application_id,
        subject=subject,
        service_id=event.service_id,
        agency_id=event.agency_id,
        state="submitted",
        submitted_at=event.submitted_at,
        sla_due_at=event.sla_due_at,
        updated_at=envelope.time,
        timeline=[{"event_id": envelope.id, "kind": SUBMISSION, "lag_ms": lag_ms}],
    )


def change_state(
    view: StatusView, event: events.ApplicationStateChanged, event_id: str, *, lag_ms: float
) -> bool:
    """Append the change as a step; False if the view has it already (a replay)."""
    if view.has(event_id):
        return False
    reason = {"fa": event.reason_fa or event.reason, "en": event.reason} if event.reason else None
    view.timeline.append(
        {
            "event_id": event_id,
            "state": event.to_state,
            "at": event.at.isoformat(),
            "reason": reason,
            "lag_ms": lag_ms,
        }
    )
    view.state = event.to_state
    view.updated_at = event.at
    view.version += 1
    return True


def decide(view: StatusView, event: events.ApplicationDecided) -> bool:
    """Set the decision's reasons; False if they are set already."""
    reasons = [reason.model_dump() for reason in event.reasons]
    if view.reasons == reasons:
        return False
    view.reasons = reasons
    view.version += 1
    return True


# Each later outcome includes the earlier ones: an escalation is a breach, and a deemed
# approval the end of one. A view only moves up this order, so a replay changes nothing.
SLA_OUTCOMES = ("breached", "escalated", "deemed_approved")


def sla_outcome(
    view: StatusView, outcome: str, *, at: dt.datetime, reason: events.Reason | None = None
) -> bool:
    """Record what the missed SLA did; False if the view knows as much already."""
    known = view.sla["outcome"] if view.sla else None
    if known is not None and SLA_OUTCOMES.index(known) >= SLA_OUTCOMES.index(outcome):
        return False
    said = {"fa": reason.fa, "en": reason.en} if reason else None
    view.sla = {"outcome": outcome, "at": at.isoformat(), "reason": said}
    view.version += 1
    return True


def sms_note(event: events.NotificationSmsNotSent) -> dict[str, Any]:
    """The note an SMS that could not be sent leaves on the applicant's view."""
    return {"kind": "sms_not_sent", "at": event.at.isoformat(), "reason": event.reason.model_dump()}


def add_note(view: StatusView, note: dict[str, Any]) -> bool:
    """Add a note once per kind and reason (one message unsent or five, the applicant needs
    to read it once); False if noted already."""
    if any(
        (known["kind"], known["reason"]["code"]) == (note["kind"], note["reason"]["code"])
        for known in view.notifications
    ):
        return False
    view.notifications.append(note)
    view.version += 1
    return True


def freshness(
    view: StatusView, event_id: str, *, lag_ms: float, alarm_ms: float, now: dt.datetime
) -> events.StatusFreshness | None:
    """The report a shown change calls for: every lag once the view is final, the late
    change alone before that (so a breach is known at once), else none."""
    if view.final:
        return events.StatusFreshness(
            application_id=view.application_id, lags_ms=view.lags_ms(), final=True, visible_at=now
        )
    if lag_ms > alarm_ms:
        return events.StatusFreshness(
            application_id=view.application_id,
            lags_ms={event_id: lag_ms},
            final=False,
            visible_at=now,
        )
    return None


def lag_ms(envelope: events.CloudEvent, now: dt.datetime) -> float:
    return max((now - envelope.time).total_seconds(), 0.0) * 1000


@dataclass(frozen=True)
class Access:
    """One inquiry about a person (a row of `access_history`)."""

    event_id: str
    path: str  # "application" or "direct"
    agency_id: str
    service_id: str
    evidence_type: str
    registry: str
    outcome: str
    at: dt.datetime
    subject: str | None = None  # None: an application path row whose view has not come yet
    inquiry_id: str | None = None
    application_id: str | None = None
    client_id: str | None = None
    reason: str | None = None
    purpose: str | None = None
    law_reference: str | None = None


@dataclass(frozen=True)
class ServiceName:
    service_id: str
    agency_id: str
    name_fa: str
    name_en: str
