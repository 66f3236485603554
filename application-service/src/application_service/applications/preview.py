"""Preview before use (API.md, Citizens): the applicant's answer to the evidence fetched for a
preview service's application; pure, no I/O, each step returns its events.

The application waits in `awaiting_applicant` (domain.record_evidence) until its applicant
confirms (→ evaluating: the rules decide as usual), objects to one evidence type (→
needs_review: an officer looks, with the objection in front of them), or says nothing until
the window ends (→ evaluating, as if confirmed). Confirming and the window's end are no
human intervention in the decision; an objection is, since an officer must now decide.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from application_service.applications import domain
from application_service.applications.states import IllegalTransition, State
from panjereh import events, evidence


class UnknownEvidence(Exception):
    """The objection names an evidence type the application did not fetch."""

    def __init__(self, evidence_type: str, known: tuple[str, ...]) -> None:
        super().__init__(f"{evidence_type} is not one of this application's: {', '.join(known)}")
        self.evidence_type = evidence_type
        self.known = known


def confirm(
    application: domain.Application, service: domain.ServiceView, *, now: dt.datetime
) -> list[events.Event]:
    """The applicant confirmed the fetched evidence: the rules decide on it now."""
    waiting = _waiting(application, State.EVALUATING)
    waiting.answer, waiting.answered_at = "confirmed", now
    return [
        _confirmed(application, by="applicant", now=now),
        *domain.evaluating(
            application,
            service,
            now=now,
            en="The applicant confirmed the fetched information.",
            fa="متقاضی اطلاعات استعلام‌شده را تأیید کرد.",
        ),
    ]


def object_to(
    application: domain.Application, *, evidence_type: str, reason: str, now: dt.datetime
) -> list[events.Event]:
    """The applicant reported one evidence type wrong: an officer reviews the application."""
    if evidence_type not in application.evidence:
        raise UnknownEvidence(evidence_type, tuple(application.evidence))
    waiting = _waiting(application, State.NEEDS_REVIEW)
    waiting.answer, waiting.answered_at = "objected", now
    waiting.objection = domain.Objection(evidence_type, reason, now)
    moved = application.move(
        State.NEEDS_REVIEW,
        at=now,
        en=f"The applicant reported the fetched {evidence_type} as wrong; an officer will "
        "review the application.",
        fa=f"متقاضی اطلاعات استعلام‌شدهٔ «{evidence_type}» را نادرست گزارش کرد؛ کارشناس "
        "درخواست را بررسی می‌کند.",
    )
    objected = events.ApplicationObjected(
        application_id=application.id,
        tracking_code=application.tracking_code,
        service_id=application.service_id,
        agency_id=application.agency_id,
        evidence_type=evidence_type,
        at=now,
    )
    return [objected, moved]


def lapse(
    application: domain.Application, service: domain.ServiceView, *, now: dt.datetime
) -> list[events.Event]:
    """The window ended with no answer: the evidence is used as fetched. Nothing if the
    applicant answered meanwhile or the window has not ended (a sweep may run late or twice)."""
    if application.state is not State.AWAITING_APPLICANT or application.preview is None:
        return []
    if now < application.preview.due_at:
        return []
    application.preview.answer, application.preview.answered_at = "lapsed", now
    return [
        _confirmed(application, by="window", now=now),
        *domain.evaluating(
            application,
            service,
            now=now,
            en="The preview window ended with no answer: the fetched information is used.",
            fa="مهلت بررسی اطلاعات بدون پاسخ متقاضی به پایان رسید؛ اطلاعات استعلام‌شده به کار "
            "می‌رود.",
        ),
    ]


@dataclass(frozen=True)
class Shown:
    """One fetched field as the applicant sees it."""

    name: str
    value: Any
    label: dict[str, str] | None


def minimised(evidence_type: str, slot: domain.EvidenceSlot) -> list[Shown]:
    """The fields of one piece of evidence the service's rules may use (the evidence type's
    shareable fields), as the application holds them, in the catalogue's order; nothing
    else the record might hold is shown, and nothing at all unless it was found."""
    if slot.status != "found" or not slot.data:
        return []
    shareable = evidence.SHAREABLE_FIELDS.get(evidence_type, ())
    return [
        Shown(name, slot.data[name], evidence.field_label(name))
        for name in shareable
        if name in slot.data
    ]


def _waiting(application: domain.Application, target: State) -> domain.Preview:
    if application.state is not State.AWAITING_APPLICANT or application.preview is None:
        raise IllegalTransition(application.state, target)
    return application.preview


def _confirmed(
    application: domain.Application, *, by: str, now: dt.datetime
) -> events.ApplicationPreviewConfirmed:
    return events.ApplicationPreviewConfirmed(
        application_id=application.id,
        tracking_code=application.tracking_code,
        service_id=application.service_id,
        agency_id=application.agency_id,
        by="applicant" if by == "applicant" else "window",
        at=now,
    )
