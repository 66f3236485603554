"""The application aggregate and its saga steps; pure (no I/O), each step returns its events."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from application_service.applications.states import (
    LABELS,
    IllegalTransition,
    State,
    check_transition,
)
from application_service.catalog import rules as catalog_rules
from application_service.catalog.model import Service
from panjereh import events

SlotStatus = Literal["pending", "found", "not_found", "unavailable"]


@dataclass(frozen=True)
class ServiceView:
    """What intake and decisions need to know of a catalogue service."""

    id: str
    agency_id: str
    decision: Literal["automatic", "manual"]
    required_evidence: tuple[str, ...]
    paper_documents: tuple[str, ...]
    rules: tuple[catalog_rules.Rule, ...]
    sla_hours: int
    sla_breach_action: events.SlaBreachAction = "notify"
    preview: bool = False
    preview_window_minutes: int = 24 * 60


def view(service: Service) -> ServiceView:
    return ServiceView(
        id=service.id,
        agency_id=service.agency_id,
        decision=service.decision,
        required_evidence=service.required_evidence,
        paper_documents=service.paper_documents,
        rules=service.rules,
        sla_hours=service.sla_hours,
        sla_breach_action=service.sla_breach_action,
        preview=service.preview,
        preview_window_minutes=service.preview_window_minutes,
    )


@dataclass
class EvidenceSlot:
    status: SlotStatus = "pending"
    data: dict[str, Any] | None = None
    retrieved_at: dt.datetime | None = None
    source: str | None = None
    detail: str | None = None


@dataclass
class Step:
    state: State
    at: dt.datetime
    reason_en: str | None = None
    reason_fa: str | None = None


@dataclass
class Decision:
    outcome: Literal["approved", "rejected", "needs_review"]
    by: events.DecidedBy
    reasons: list[events.Reason]
    decided_at: dt.datetime
    officer: str | None = None


@dataclass
class Objection:
    """What the applicant reported wrong in the fetched evidence (their own words)."""

    evidence_type: str
    reason: str
    at: dt.datetime


@dataclass
class Preview:
    """A preview service's wait for its applicant: until when, and what they answered
    (confirmed, objected, or lapsed: the window ended with no answer)."""

    due_at: dt.datetime
    answer: Literal["confirmed", "objected", "lapsed"] | None = None
    answered_at: dt.datetime | None = None
    objection: Objection | None = None


@dataclass
class Applicant:
    national_code: str
    mobile: str | None = None
    birth_date: dt.date | None = None


@dataclass
class Application:
    id: str
    tracking_code: str
    service_id: str
    agency_id: str
    applicant: Applicant
    form: dict[str, Any]
    submitted_at: dt.datetime
    sla_due_at: dt.datetime
    state: State = State.SUBMITTED
    evidence: dict[str, EvidenceSlot] = field(default_factory=dict)
    decision: Decision | None = None
    timeline: list[Step] = field(default_factory=list)
    sla_breached: bool = False
    version: int = 0
    preview: Preview | None = None

    def move(
        self, target: State, *, at: dt.datetime, en: str | None = None, fa: str | None = None
    ) -> events.Event:
        """Take one transition of the state machine (IllegalTransition otherwise)."""
        check_transition(self.state, target)
        previous, self.state = self.state, target
        self.timeline.append(Step(target, at, en, fa))
        return events.ApplicationStateChanged(
            application_id=self.id,
            tracking_code=self.tracking_code,
            from_state=previous.value,
            to_state=target.value,
            at=at,
            reason=en,
            reason_fa=fa,
        )


def submit(
    *,
    application_id: str,
    tracking_code: str,
    service: ServiceView,
    applicant: Applicant,
    form: dict[str, Any],
    now: dt.datetime,
) -> tuple[Application, list[events.Event]]:
    """A new application, and the facts of its submission (evidence requests included)."""
    application = Application(
        id=application_id,
        tracking_code=tracking_code,
        service_id=service.id,
        agency_id=service.agency_id,
        applicant=applicant,
        form=form,
        submitted_at=now,
        sla_due_at=now + dt.timedelta(hours=service.sla_hours),
        evidence={code: EvidenceSlot() for code in service.required_evidence},
        timeline=[Step(State.SUBMITTED, now)],
    )
    facts: list[events.Event] = [
        events.ApplicationSubmitted(
            application_id=application.id,
            tracking_code=tracking_code,
            service_id=service.id,
            agency_id=service.agency_id,
            national_code=applicant.national_code,
            mobile=applicant.mobile,
            submitted_at=now,
            sla_due_at=application.sla_due_at,
            required_evidence=service.required_evidence,
            paper_documents_taken=service.paper_documents,
        ),
        events.ApplicationStateChanged(
            application_id=application.id,
            tracking_code=tracking_code,
            from_state=None,
            to_state="submitted",
            at=now,
        ),
    ]
    if not service.required_evidence:
        return application, facts + evaluating(application, service, now=now)
    facts.append(application.move(State.COLLECTING_EVIDENCE, at=now))
    facts.extend(
        events.EvidenceRequested(
            application_id=application.id,
            evidence_type=code,
            agency_id=service.agency_id,
            service_id=service.id,
            national_code=applicant.national_code,
            mobile=applicant.mobile,
            requested_at=now,
        )
        for code in service.required_evidence
    )
    return application, facts


def record_evidence(
    application: Application,
    *,
    evidence_type: str,
    slot: EvidenceSlot,
    service: ServiceView,
    now: dt.datetime,
) -> list[events.Event]:
    """Take one piece of evidence in; once all are in, fail or evaluate and decide."""
    if (
        application.state is not State.COLLECTING_EVIDENCE
        or evidence_type not in application.evidence
    ):
        return []  # late (cancelled meanwhile) or not asked for: nothing to do
    application.evidence[evidence_type] = slot
    if any(s.status == "pending" for s in application.evidence.values()):
        return []
    missing = [code for code, s in application.evidence.items() if s.status == "unavailable"]
    if missing:
        return [
            application.move(
                State.FAILED,
                at=now,
                en=f"Evidence could not be obtained online in time: {', '.join(missing)}.",
                fa=f"استعلام برخط این مدارک در مهلت مقرر ممکن نشد: {'، '.join(missing)}.",
            )
        ]
    if service.preview:
        return _await_applicant(application, service, now=now)
    return evaluating(application, service, now=now)


def _await_applicant(
    application: Application, service: ServiceView, *, now: dt.datetime
) -> list[events.Event]:
    """A preview service's evidence is in: the applicant sees it before the rules use it."""
    application.preview = Preview(due_at=now + dt.timedelta(minutes=service.preview_window_minutes))
    moved = application.move(
        State.AWAITING_APPLICANT,
        at=now,
        en="Check the information fetched about you, then confirm it or report what is "
        "wrong; with no answer before the window ends it is used as fetched.",
        fa="اطلاعات استعلام‌شده دربارهٔ خود را ببینید و آن را تأیید کنید یا نادرستی آن را "
        "گزارش دهید؛ اگر تا پایان مهلت پاسخی ندهید، همان‌گونه که استعلام شده به کار می‌رود.",
    )
    opened = events.ApplicationPreviewOpened(
        application_id=application.id,
        tracking_code=application.tracking_code,
        service_id=application.service_id,
        agency_id=application.agency_id,
        evidence_types=tuple(application.evidence),
        due_at=application.preview.due_at,
        at=now,
    )
    return [moved, opened]


def needs_rules(service: ServiceView) -> bool:
    """Whether deciding runs the service's rules (in the rule pool, outside this module)."""
    return service.decision == "automatic" and bool(service.rules)


def evaluating(
    application: Application,
    service: ServiceView,
    *,
    now: dt.datetime,
    en: str | None = None,
    fa: str | None = None,
) -> list[events.Event]:
    """Move to evaluating; decide at once unless rules must run first (then the caller runs
    them, off the event loop, and calls `decide` with their failures)."""
    moved = application.move(State.EVALUATING, at=now, en=en, fa=fa)
    if needs_rules(service):
        return [moved]
    return [moved, *decide(application, service, [], now=now)]


def decide(
    application: Application,
    service: ServiceView,
    failures: Sequence[catalog_rules.Failure],
    *,
    now: dt.datetime,
) -> list[events.Event]:
    """Decide by the failures of the service's published rules (as evaluated on `variables`),
    or refer to an officer where the service or its rules say so."""
    if service.decision == "manual":
        reasons = [
            events.Reason(
                code="manual-service",
                fa="این خدمت بررسی کارشناس دارد.",
                en="This service is decided by an officer.",
            )
        ]
        return decided(application, "needs_review", reasons, now=now)
    if not failures:
        return decided(application, "approved", [], now=now)
    if any(f.errored for f in failures):
        reasons = [_errored_reason(f) for f in failures if f.errored]
        return decided(application, "needs_review", reasons, now=now)
    rejecting = [f for f in failures if f.rule.on_fail == "reject"]
    outcome: Literal["rejected", "needs_review"] = "rejected" if rejecting else "needs_review"
    reasons = [
        events.Reason(code=f.rule.id, fa=f.rule.reason_fa, en=f.rule.reason_en)
        for f in rejecting or failures
    ]
    return decided(application, outcome, reasons, now=now)


def review(
    application: Application,
    *,
    outcome: Literal["approved", "rejected"],
    reason: str,
    officer: str,
    now: dt.datetime,
) -> list[events.Event]:
    """An officer's decision on an application waiting for review (a human intervened)."""
    if application.state is not State.NEEDS_REVIEW:
        raise IllegalTransition(application.state, State(outcome))
    check_transition(application.state, State(outcome))
    reasons = [events.Reason(code="officer", fa=reason, en=reason)]
    return decided(application, outcome, reasons, now=now, by="officer", officer=officer)


def cancel(application: Application, *, now: dt.datetime) -> list[events.Event]:
    return [
        application.move(
            State.CANCELLED, at=now, en="Cancelled by the agency.", fa="به درخواست دستگاه لغو شد."
        )
    ]


def label(state: State) -> dict[str, str]:
    fa, en = LABELS[state]
    return {"fa": fa, "en": en}


def decided(
    application: Application,
    outcome: Literal["approved", "rejected", "needs_review"],
    reasons: list[events.Reason],
    *,
    now: dt.datetime,
    by: events.DecidedBy = "rules",
    officer: str | None = None,
) -> list[events.Event]:
    """Take the decision's transition and record it: its state change and decided events."""
    change = application.move(
        State(outcome),
        at=now,
        en="; ".join(r.en for r in reasons) or None,
        fa="؛ ".join(r.fa for r in reasons) or None,
    )
    application.decision = Decision(outcome, by, reasons, now, officer)
    decided = events.ApplicationDecided(
        application_id=application.id,
        tracking_code=application.tracking_code,
        service_id=application.service_id,
        agency_id=application.agency_id,
        outcome=outcome,
        by=by,
        officer=officer,
        reasons=tuple(reasons),
        decided_at=now,
    )
    return [change, decided]


def _errored_reason(failure: catalog_rules.Failure) -> events.Reason:
    # The evaluator's message can quote the applicant's data: it stays out of events.
    if failure.timed_out:
        return events.Reason(
            code=f"{failure.rule.id}:over-budget",
            fa=f"ارزیابی قاعده «{failure.rule.id}» بیش از بودجهٔ زمانی خود "
            f"({failure.detail} ثانیه) طول کشید؛ کارشناس بررسی می‌کند.",
            en=f"The rule {failure.rule.id} took longer than its budget ({failure.detail} s) "
            "to evaluate; an officer will review.",
        )
    return events.Reason(
        code=f"{failure.rule.id}:not-evaluable",
        fa=f"قاعده «{failure.rule.id}» قابل ارزیابی نبود؛ کارشناس بررسی می‌کند.",
        en=f"Rule {failure.rule.id} could not be evaluated; an officer will review.",
    )
