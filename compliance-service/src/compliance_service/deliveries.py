"""Notifications delivered, as the dashboard shows them: pure, no I/O.

The notification service publishes one `NotificationDelivered` fact per webhook delivery and
per SMS that reached its end. Each fact moves one tally: its day in Tehran, its kind, its
label (the webhook's event type, or the state an SMS was about), its outcome and its
latency's bucket. Buckets, not every latency, so a day's percentiles cost a handful of rows
whatever the traffic; a percentile is then the bucket it falls in.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from panjereh import events, jalali

# Upper bounds (ms) of the latency buckets; a latency above the last falls in OVERFLOW.
BUCKETS_MS: tuple[int, ...] = (100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000)
OVERFLOW = len(BUCKETS_MS)
NO_LATENCY = -1  # a failure has none


@dataclass(frozen=True, order=True)
class Key:
    day: dt.date
    kind: str
    label: str
    outcome: str
    bucket: int


@dataclass(frozen=True)
class Move:
    deliveries: int = 0
    latency_ms_sum: float = 0.0

    def __add__(self, other: "Move") -> "Move":
        return Move(self.deliveries + other.deliveries, self.latency_ms_sum + other.latency_ms_sum)


def bucket_of(latency_ms: float | None) -> int:
    if latency_ms is None:
        return NO_LATENCY
    for index, bound in enumerate(BUCKETS_MS):
        if latency_ms <= bound:
            return index
    return OVERFLOW


def counted(fact: events.NotificationDelivered) -> tuple[Key, Move]:
    """The tally one fact moves, and by how much."""
    day = fact.at.astimezone(jalali.TEHRAN).date()
    latency = fact.latency_ms if fact.outcome == "delivered" else None
    key = Key(day, fact.kind, fact.label, fact.outcome, bucket_of(latency))
    return key, Move(1, latency or 0.0)


@dataclass(frozen=True)
class Webhooks:
    delivered: int
    failed: int
    histogram: tuple[int, ...]  # deliveries per latency bucket (OVERFLOW last)
    p50_bucket: int | None  # the bucket the median falls in; None: no delivery
    p95_bucket: int | None
    mean_ms: float | None

    @property
    def success_share(self) -> float | None:
        total = self.delivered + self.failed
        return self.delivered / total if total else None


@dataclass(frozen=True)
class Sms:
    sent: dict[str, int] = field(default_factory=dict)  # per application state
    failed: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Figures:
    webhooks: Webhooks
    sms: Sms


def figures(tallies: Iterable[tuple[Key, Move]]) -> Figures:
    """The dashboard's delivery figures from a period's tallies (any days, any order)."""
    histogram = [0] * (OVERFLOW + 1)
    delivered = failed = 0
    latency_sum = 0.0
    sent: dict[str, int] = {}
    unsent: dict[str, int] = {}
    for key, move in tallies:
        if key.kind == "webhook" and key.outcome == "delivered":
            delivered += move.deliveries
            latency_sum += move.latency_ms_sum
            histogram[max(key.bucket, 0)] += move.deliveries
        elif key.kind == "webhook":
            failed += move.deliveries
        elif key.outcome == "delivered":
            sent[key.label] = sent.get(key.label, 0) + move.deliveries
        else:
            unsent[key.label] = unsent.get(key.label, 0) + move.deliveries
    webhooks = Webhooks(
        delivered=delivered,
        failed=failed,
        histogram=tuple(histogram),
        p50_bucket=_percentile(histogram, 0.50),
        p95_bucket=_percentile(histogram, 0.95),
        mean_ms=latency_sum / delivered if delivered else None,
    )
    return Figures(webhooks, Sms(dict(sorted(sent.items())), dict(sorted(unsent.items()))))


def _percentile(histogram: list[int], share: float) -> int | None:
    total = sum(histogram)
    if not total:
        return None
    rank, seen = share * total, 0
    for bucket, count in enumerate(histogram):
        seen += count
        if seen >= rank:
            return bucket
    return OVERFLOW


def bucket_label(bucket: int) -> str:
    """`≤ 250 ms`, `≤ 2.5 s`, … `> 300 s`: the bucket's bound as people read it."""
    if bucket >= OVERFLOW:
        return f"> {_duration(BUCKETS_MS[-1])}"
    return f"≤ {_duration(BUCKETS_MS[bucket])}"


def _duration(ms: int) -> str:
    return f"{ms} ms" if ms < 1000 else f"{ms / 1000:g} s"
