"""Every event of Panjereh's flow, defined once (DESIGN.md, "Services and who owns what").

Flow: catalogue changes → compliance, inquiry; an application is submitted → evidence is
requested → inquiry retrieves it (or reports it unavailable) → the application is
evaluated and decided → status and compliance follow every step.
"""

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from panjereh.events.envelope import TYPE_PREFIX, Event
from panjereh.events.topics import APPLICATION, CATALOG, EVIDENCE

ApplicationState = Literal[
    "submitted",
    "collecting_evidence",
    "evaluating",
    "approved",
    "rejected",
    "needs_review",
    "cancelled",
    "failed",
    "awaiting_applicant",  # a preview service's: the applicant checks the fetched evidence
]
# The states after which an application changes no more: every service reads them here.
FINAL_STATES: frozenset[ApplicationState] = frozenset(
    {"approved", "rejected", "cancelled", "failed"}
)
Decision = Literal["automatic", "manual"]
# "sla": the law's silence is consent, an application left undecided past its service's SLA
# approved by the SLA sweep (sla_breach_action deem_approved).
DecidedBy = Literal["rules", "officer", "sla"]
SlaBreachAction = Literal["notify", "escalate", "deem_approved"]
Outcome = Literal["approved", "rejected", "needs_review"]
BasisStatus = Literal["pending", "approved", "refused"]


class LegalBasis(BaseModel):
    """The legal-basis office's decision on one evidence type a service requires."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    evidence_type: str
    status: BasisStatus
    law_reference: str | None = None
    decided_at: dt.datetime | None = None


class _ServiceEvent(Event):
    topic = CATALOG
    service_id: str
    agency_id: str
    name_fa: str
    name_en: str
    required_evidence: tuple[str, ...]
    paper_documents: tuple[str, ...] = ()
    decision: Decision
    on_window: bool
    sla_hours: int = Field(gt=0)
    # Optional so older events still parse: they were published before the action existed.
    sla_breach_action: SlaBreachAction = "notify"
    smart_by_design: bool
    # Optional so older events still parse; compliance names agencies by them.
    agency_name_fa: str | None = None
    agency_name_en: str | None = None
    # One entry per required evidence type; an older event without it grants nothing (the
    # inquiry service denies by default until the office's decision reaches it).
    legal_basis: tuple[LegalBasis, ...] = ()

    @property
    def key(self) -> str:
        return self.service_id


class ServiceRegistered(_ServiceEvent):
    """An agency published a new service in the catalogue."""

    type = TYPE_PREFIX + "catalog.service_registered.v1"


class ServiceUpdated(_ServiceEvent):
    """An agency changed one of its services."""

    type = TYPE_PREFIX + "catalog.service_updated.v1"


class LegalBasisDecided(Event):
    """The legal-basis office approved or refused one evidence type of one service."""

    type = TYPE_PREFIX + "catalog.legal_basis_decided.v1"
    topic = CATALOG
    service_id: str
    agency_id: str
    evidence_type: str
    decision: Literal["approved", "refused"]
    law_reference: str
    note: str | None = None
    decided_by: str
    decided_at: dt.datetime

    @property
    def key(self) -> str:
        return self.service_id


class _ApplicationEvent(Event):
    topic = APPLICATION
    application_id: str

    @property
    def key(self) -> str:
        return self.application_id


class ApplicationSubmitted(_ApplicationEvent):
    """A person's request reached the window through an agency's backend."""

    type = TYPE_PREFIX + "application.submitted.v1"
    tracking_code: str
    service_id: str
    agency_id: str
    national_code: str
    submitted_at: dt.datetime
    sla_due_at: dt.datetime
    required_evidence: tuple[str, ...]
    paper_documents_taken: tuple[str, ...] = ()
    # Where the applicant gets SMS (notification-service, once Shahkar confirms it is theirs);
    # optional, so submissions without one and older events still parse.
    mobile: str | None = None


class ApplicationStateChanged(_ApplicationEvent):
    """An application moved from one state to another."""

    type = TYPE_PREFIX + "application.state_changed.v1"
    tracking_code: str
    from_state: ApplicationState | None
    to_state: ApplicationState
    at: dt.datetime
    reason: str | None = None
    reason_fa: str | None = None


class Reason(BaseModel):
    """A reason the applicant can read, in Persian and English."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    code: str
    fa: str
    en: str


class ApplicationDecided(_ApplicationEvent):
    """A decision: approved or rejected (by the rules or an officer), or referred to an officer."""

    type = TYPE_PREFIX + "application.decided.v1"
    tracking_code: str
    service_id: str
    agency_id: str
    outcome: Outcome
    by: DecidedBy
    officer: str | None = None
    reasons: tuple[Reason, ...] = ()
    decided_at: dt.datetime


class ApplicationSlaBreached(_ApplicationEvent):
    """An application passed its service's SLA without a decision."""

    type = TYPE_PREFIX + "application.sla_breached.v1"
    tracking_code: str
    service_id: str
    agency_id: str
    state: ApplicationState
    sla_due_at: dt.datetime
    detected_at: dt.datetime


class ApplicationEscalated(_ApplicationEvent):
    """An application passed its SLA undecided and its service escalates: the agency's
    supervisors are told (the notification service sends them a webhook)."""

    type = TYPE_PREFIX + "application.escalated.v1"
    tracking_code: str
    service_id: str
    agency_id: str
    sla_due_at: dt.datetime
    escalated_at: dt.datetime
    to: Literal["agency-supervisors"] = "agency-supervisors"


class ApplicationPreviewOpened(_ApplicationEvent):
    """A preview service's evidence is in: the application waits for its applicant to see
    the fetched fields and confirm or object, until `due_at` (then it proceeds)."""

    type = TYPE_PREFIX + "application.preview_opened.v1"
    tracking_code: str
    service_id: str
    agency_id: str
    evidence_types: tuple[str, ...]
    due_at: dt.datetime
    at: dt.datetime


class ApplicationPreviewConfirmed(_ApplicationEvent):
    """The previewed evidence goes on to the rules: the applicant confirmed it, or the window
    ended with no answer. Either way no officer intervened (criterion 3 holds)."""

    type = TYPE_PREFIX + "application.preview_confirmed.v1"
    tracking_code: str
    service_id: str
    agency_id: str
    by: Literal["applicant", "window"]
    at: dt.datetime


class ApplicationObjected(_ApplicationEvent):
    """The applicant reported fetched evidence wrong: the application goes to an officer.
    The reason they wrote stays with the application (ids and values only here)."""

    type = TYPE_PREFIX + "application.objected.v1"
    tracking_code: str
    service_id: str
    agency_id: str
    evidence_type: str
    at: dt.datetime


class _EvidenceEvent(Event):
    topic = EVIDENCE
    application_id: str
    evidence_type: str
    agency_id: str
    service_id: str

    @property
    def key(self) -> str:
        return self.application_id


class EvidenceRequested(_EvidenceEvent):
    """The application needs one piece of evidence fetched online."""

    type = TYPE_PREFIX + "evidence.requested.v1"
    national_code: str
    mobile: str | None = None  # for mobile-ownership (Shahkar) checks
    requested_at: dt.datetime


class EvidenceRetrieved(_EvidenceEvent):
    """The registry answered: the evidence was found (with its data) or not found."""

    type = TYPE_PREFIX + "evidence.retrieved.v1"
    inquiry_id: str
    status: Literal["found", "not_found"]
    data: dict[str, Any] | None = None
    registry: str
    online: bool = True
    retrieved_at: dt.datetime
    purpose: str
    law_reference: str | None = None


class EvidenceUnavailable(_EvidenceEvent):
    """No answer: the registry stayed down past the retry budget, or the request was refused."""

    type = TYPE_PREFIX + "evidence.unavailable.v1"
    registry: str
    reason: Literal["registry_unavailable", "refused"]
    detail: str
    attempts: int = Field(ge=1)
    given_up_at: dt.datetime
