"""Prometheus metrics of the platform kit, labelled by service (many share one process embedded)."""

from prometheus_client import Counter, Histogram

OUTBOX_PUBLISHED = Counter(
    "panjereh_outbox_published_total", "Events the outbox relay published", ["service"]
)
OUTBOX_RELAY_LAG = Histogram(
    "panjereh_outbox_relay_lag_seconds",
    "Time from an event's commit to the bus acknowledging it",
    ["service"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
OUTBOX_ERRORS = Counter("panjereh_outbox_errors_total", "Relay rounds that failed", ["service"])
OUTBOX_RELAY_ROUNDS = Counter(
    "panjereh_outbox_relay_rounds_total",
    "Relay rounds that ended, by outcome: sent (published events) or empty (found none)",
    ["service", "outcome"],
)
INBOX_PURGED = Counter(
    "panjereh_inbox_purged_total",
    "Inbox rows deleted by the retention purge (older than INBOX_RETENTION_DAYS)",
    ["service"],
)
