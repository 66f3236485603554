"""Prometheus metrics of the inquiry service, per registry and evidence type."""

from prometheus_client import Counter, Gauge, Histogram

REGISTRY_REQUESTS = Counter(
    "panjereh_registry_requests_total",
    "Calls to national registries by outcome (found, not_found, error, circuit_open)",
    ["registry", "outcome"],
)
REGISTRY_LATENCY = Histogram(
    "panjereh_registry_latency_seconds",
    "Latency of one call to a registry",
    ["registry"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10),
)
BREAKER_STATE = Gauge(
    "panjereh_registry_breaker_state",
    "Circuit breaker: 0 closed, 1 half-open, 2 open",
    ["registry"],
)
CACHE_HITS = Counter(
    "panjereh_inquiry_cache_hits_total",
    "Inquiries answered from the short TTL cache",
    ["evidence_type"],
)
INQUIRIES = Counter(
    "panjereh_inquiries_total",
    "Inquiries by evidence type and outcome",
    ["evidence_type", "outcome"],
)
