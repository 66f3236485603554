"""Every event type this build knows, in one place: what the outbox routes, the consumers
decode and the AsyncAPI document lists."""

from panjereh.events.catalog import (
    ApplicationDecided,
    ApplicationEscalated,
    ApplicationObjected,
    ApplicationPreviewConfirmed,
    ApplicationPreviewOpened,
    ApplicationSlaBreached,
    ApplicationStateChanged,
    ApplicationSubmitted,
    EvidenceRequested,
    EvidenceRetrieved,
    EvidenceUnavailable,
    LegalBasisDecided,
    ServiceRegistered,
    ServiceUpdated,
)
from panjereh.events.envelope import Event
from panjereh.events.observations import (
    AuditCheckpointSigned,
    CitizenDisputeDecided,
    CitizenDisputeOpened,
    InquiryRecorded,
    NotificationDelivered,
    NotificationSmsNotSent,
    StatusFreshness,
    StatusFreshnessV1,
)

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
