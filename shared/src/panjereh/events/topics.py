"""The topics events travel on, and the platform's own agency (DESIGN.md, events)."""

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
