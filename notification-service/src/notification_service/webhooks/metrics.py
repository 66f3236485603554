"""Prometheus metrics of webhook deliveries (the dashboard's webhook chart reads them)."""

from prometheus_client import Counter, Histogram

DELIVERIES = Counter(
    "panjereh_webhook_deliveries_total",
    "Webhook attempts by what they made of the delivery: succeeded, failed (to be retried) "
    "or dead (given up)",
    ["outcome"],
)
ATTEMPT_LATENCY = Histogram(
    "panjereh_webhook_attempt_seconds",
    "One POST to a receiver, until its answer (or the timeout)",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
RECEIPT_LATENCY = Histogram(
    "panjereh_webhook_receipt_latency_seconds",
    "From the event's time (its commit upstream) to the receiver's 2xx",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600, 86400),
)
DISABLED = Counter(
    "panjereh_webhook_subscriptions_disabled_total",
    "Subscriptions disabled after failing for WEBHOOK_DISABLE_AFTER",
)
