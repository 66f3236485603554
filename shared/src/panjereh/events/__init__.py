"""Events: the CloudEvents envelope and the catalogue of Panjereh's domain events."""

from panjereh.events.catalog import (
    FINAL_STATES,
    ApplicationDecided,
    ApplicationEscalated,
    ApplicationObjected,
    ApplicationPreviewConfirmed,
    ApplicationPreviewOpened,
    ApplicationSlaBreached,
    ApplicationState,
    ApplicationStateChanged,
    ApplicationSubmitted,
    DecidedBy,
    EvidenceRequested,
    EvidenceRetrieved,
    EvidenceUnavailable,
    LegalBasis,
    LegalBasisDecided,
    Reason,
    ServiceRegistered,
    ServiceUpdated,
    SlaBreachAction,
)
from panjereh.events.envelope import CONTENT_TYPE, CloudEvent, Event, wrap
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
from panjereh.events.registry import (
    ALL,
    BY_TYPE,
)
from panjereh.events.topics import (
    APPLICATION,
    CATALOG,
    EVIDENCE,
    INQUIRY,
    NOTIFICATION,
    PLATFORM_AGENCY,
    STATUS,
    TOPICS,
)


class UnknownEventType(LookupError):
    """An envelope carries a type this build does not know."""


def unwrap(envelope: CloudEvent) -> Event:
    """Return the typed domain event inside an envelope."""
    try:
        model = BY_TYPE[envelope.type]
    except KeyError:
        raise UnknownEventType(envelope.type) from None
    return model.model_validate(envelope.data)


def dead_letter_topic(topic: str) -> str:
    """The topic where `topic`'s poison messages go."""
    return topic + ".dlq"


__all__ = [
    "ALL",
    "APPLICATION",
    "BY_TYPE",
    "CATALOG",
    "CONTENT_TYPE",
    "EVIDENCE",
    "FINAL_STATES",
    "INQUIRY",
    "NOTIFICATION",
    "PLATFORM_AGENCY",
    "STATUS",
    "TOPICS",
    "ApplicationDecided",
    "ApplicationEscalated",
    "ApplicationObjected",
    "ApplicationPreviewConfirmed",
    "ApplicationPreviewOpened",
    "ApplicationSlaBreached",
    "ApplicationState",
    "ApplicationStateChanged",
    "ApplicationSubmitted",
    "AuditCheckpointSigned",
    "CitizenDisputeDecided",
    "CitizenDisputeOpened",
    "CloudEvent",
    "DecidedBy",
    "Event",
    "EvidenceRequested",
    "EvidenceRetrieved",
    "EvidenceUnavailable",
    "InquiryRecorded",
    "LegalBasis",
    "LegalBasisDecided",
    "NotificationDelivered",
    "NotificationSmsNotSent",
    "Reason",
    "ServiceRegistered",
    "ServiceUpdated",
    "SlaBreachAction",
    "StatusFreshness",
    "StatusFreshnessV1",
    "UnknownEventType",
    "dead_letter_topic",
    "unwrap",
    "wrap",
]
