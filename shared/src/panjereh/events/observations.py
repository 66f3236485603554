"""Events that record what a service did or saw, beside the application's flow (catalog.py):
inquiries made directly and the audit chain's checkpoints, the status service's freshness
and the citizens' disputes, what the notification service delivered or could not send."""

import datetime as dt
from typing import Literal

from pydantic import Field

from panjereh.events.catalog import Reason
from panjereh.events.envelope import TYPE_PREFIX, Event
from panjereh.events.topics import INQUIRY, NOTIFICATION, STATUS


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
