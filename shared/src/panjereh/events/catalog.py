"""Every event of Panjereh's flow, defined once (DESIGN.md, "Services and who owns what").

Flow: catalogue changes → compliance, inquiry; an application is submitted → evidence is
requested → inquiry retrieves it (or reports it unavailable) → the application is
evaluated and decided → status and compliance follow every step.
"""

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from panjereh.events.envelope import TYPE_PREFIX, Event

CATALOG = "panjereh.catalog"
APPLICATION = "panjereh.application"
EVIDENCE = "panjereh.evidence"
STATUS = "panjereh.status"
INQUIRY = "panjereh.inquiry"
NOTIFICATION = "panjereh.notification"

# The platform's own agency. Its services are purposes of Panjereh itself (the legal basis of
# the Shahkar match before an SMS to an applicant), approved by the legal-basis office like
# any other, but offered to no one: compliance leaves them out of every agency's figures.
PLATFORM_AGENCY = "panjereh-platform"

TOPICS: dict[str, str] = {
    CATALOG: "Agencies' services as published in the catalogue.",
    APPLICATION: "Applications' lifecycle, keyed by application id.",
    EVIDENCE: "Evidence requests and results, keyed by application id.",
    STATUS: "What the status service observed (freshness of the read model), and the "
    "citizens' disputes of their access history, keyed by dispute id.",
    INQUIRY: "Inquiries made outside an application's event path, and the audit chain's "
    "signed checkpoints.",
    NOTIFICATION: "What the notification service did or could not do for an application (an "
    "SMS that could not be sent; each webhook and SMS delivered or given up on), keyed by "
    "application id.",
}

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


class InquiryRecorded(Event):
    """An inquiry made directly through `POST /v1/inquiries` (answered or refused), so the
    person's access history holds every fetch, not only those of the application path."""

    type = TYPE_PREFIX + "inquiry.recorded.v1"
    topic = INQUIRY
    inquiry_id: str
    national_code: str  # the status service keeps it only as its own keyed hash
    agency_id: str
    client_id: str | None = None
    evidence_type: str
    service_id: str
    application_id: str | None = None
    outcome: Literal["found", "not_found", "unavailable", "refused"]
    reason: str | None = None  # the refusal's code, or why the registry was unavailable
    registry: str
    law_reference: str | None = None
    at: dt.datetime

    @property
    def key(self) -> str:
        return self.inquiry_id


class AuditCheckpointSigned(Event):
    """The inquiry service signed the head of its audit chain (API.md, Inquiries)."""

    type = TYPE_PREFIX + "inquiry.audit_checkpoint_signed.v1"
    topic = INQUIRY
    seq: int = Field(ge=0)
    head_hash: str
    at: dt.datetime
    kid: str
    jws: str  # compact JWS (ES256) over {seq, head_hash, at}

    @property
    def key(self) -> str:
        return "audit-chain"


class StatusFreshness(Event):
    """How soon the applicant could see each of an application's changes in the status
    service: one event per application, when it reaches a final state, with every change's
    lag; and, before that, one at once for each change later than the status service's
    alarm bound (so a breach is known without waiting for the end). Replaces v1, which
    carried one change each (five per application)."""

    type = TYPE_PREFIX + "status.freshness.v2"
    topic = STATUS
    application_id: str
    # the envelope id of each change the applicant was shown → ms from its time to visible
    lags_ms: dict[str, float]
    final: bool
    visible_at: dt.datetime

    @property
    def key(self) -> str:
        return self.application_id


class StatusFreshnessV1(Event):
    """v1 (one event per change): no longer published; read so older topics replay."""

    type = TYPE_PREFIX + "status.freshness.v1"
    topic = STATUS
    application_id: str
    event_id: str
    event_type: str
    event_time: dt.datetime
    visible_at: dt.datetime
    lag_ms: float = Field(ge=0)

    @property
    def key(self) -> str:
        return self.application_id


class NotificationSmsNotSent(Event):
    """No SMS could be sent to an application's applicant (for instance the mobile is not
    theirs by Shahkar), so the status can say so."""

    type = TYPE_PREFIX + "notification.sms_not_sent.v1"
    topic = NOTIFICATION
    application_id: str
    tracking_code: str
    reason: Reason
    at: dt.datetime

    @property
    def key(self) -> str:
        return self.application_id


DeliveryKind = Literal["webhook", "sms"]
DeliveryOutcome = Literal["delivered", "failed"]


class NotificationDelivered(Event):
    """A notification reached its end: a webhook acknowledged by the agency's receiver (or
    dead after its retries), an SMS accepted by the provider (or given up on). Facts only,
    no content and no address: what the compliance dashboard tallies per day."""

    type = TYPE_PREFIX + "notification.delivered.v1"
    topic = NOTIFICATION
    notification_id: str  # the webhook delivery's or the SMS message's id
    kind: DeliveryKind
    outcome: DeliveryOutcome
    # webhook: the public event type delivered (application.decided, …); sms: the
    # application state the message was about
    label: str
    application_id: str | None = None
    agency_id: str | None = None
    attempts: int = Field(ge=0)
    # from the event's commit to the receiver's 2xx (webhook) or the provider's acceptance
    # (sms); None when it failed
    latency_ms: float | None = Field(default=None, ge=0)
    at: dt.datetime

    @property
    def key(self) -> str:
        return self.application_id or self.notification_id


class CitizenDisputeOpened(Event):
    """A person disputed one entry of their access history (API.md, Citizens), for the
    legal-basis office and the compliance operators to act on. The person only by the last
    four digits of their code; the entry by its id in the status service's history."""

    type = TYPE_PREFIX + "citizen.dispute_opened.v1"
    topic = STATUS
    dispute_id: str
    entry_id: str
    national_code_masked: str
    agency_id: str
    evidence_type: str
    service_id: str
    application_id: str | None = None
    inquiry_id: str | None = None
    law_reference: str | None = None
    reason: str
    opened_at: dt.datetime

    @property
    def key(self) -> str:
        return self.dispute_id


class CitizenDisputeDecided(Event):
    """The legal-basis office answered a dispute: upheld (the fetch had no basis) or
    rejected, with its note to the person."""

    type = TYPE_PREFIX + "citizen.dispute_decided.v1"
    topic = STATUS
    dispute_id: str
    entry_id: str
    agency_id: str
    decision: Literal["upheld", "rejected"]
    note: str | None = None
    decided_by: str
    decided_at: dt.datetime

    @property
    def key(self) -> str:
        return self.dispute_id


ALL: tuple[type[Event], ...] = (
    ServiceRegistered,
    ServiceUpdated,
    LegalBasisDecided,
    ApplicationSubmitted,
    ApplicationStateChanged,
    ApplicationDecided,
    ApplicationSlaBreached,
    ApplicationEscalated,
    ApplicationPreviewOpened,
    ApplicationPreviewConfirmed,
    ApplicationObjected,
    EvidenceRequested,
    EvidenceRetrieved,
    EvidenceUnavailable,
    InquiryRecorded,
    AuditCheckpointSigned,
    StatusFreshness,
    StatusFreshnessV1,
    NotificationSmsNotSent,
    NotificationDelivered,
    CitizenDisputeOpened,
    CitizenDisputeDecided,
)
BY_TYPE: dict[str, type[Event]] = {cls.type: cls for cls in ALL}
