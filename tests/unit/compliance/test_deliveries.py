"""Notifications delivered: the facts folded into day tallies, and the dashboard's figures."""

import datetime as dt
import uuid

import pytest

from compliance_service import deliveries, handlers
from panjereh import events
from panjereh.consumers import Received
from tests.unit.compliance.fakes import FakeComplianceUnitOfWork, Store

TABLE = handlers.table(freshness_bound_seconds=5.0)
# 21:00 UTC on 30 Nov is already 1 Dec in Tehran (UTC+3:30): the day is Tehran's.
LATE = dt.datetime(2026, 11, 30, 21, 0, tzinfo=dt.UTC)


def fact(
    kind: events.observations.DeliveryKind = "webhook",
    outcome: events.observations.DeliveryOutcome = "delivered",
    label: str = "application.decided",
    latency_ms: float | None = 120.0,
    at: dt.datetime = LATE,
) -> Received[events.Event]:
    delivered = events.NotificationDelivered(
        notification_id=str(uuid.uuid4()),
        kind=kind,
        outcome=outcome,
        label=label,
        application_id=str(uuid.uuid4()),
        agency_id="passport-police",
        attempts=1,
        latency_ms=latency_ms,
        at=at,
    )
    return Received(delivered, events.wrap(delivered, source="/test", time=at))


async def apply(store: Store, *batch: Received[events.Event]) -> None:
    async with FakeComplianceUnitOfWork(store) as uow:
        await TABLE.apply(uow, batch)
        await uow.commit()


@pytest.mark.parametrize(
    ("latency", "bucket"),
    [(0.0, 0), (100.0, 0), (100.5, 1), (2500.0, 4), (300_000.0, 9), (300_001.0, 10), (None, -1)],
)
def test_a_latency_falls_in_the_bucket_whose_bound_it_does_not_pass(
    latency: float | None, bucket: int
) -> None:
    assert deliveries.bucket_of(latency) == bucket


@pytest.mark.asyncio
async def test_a_batch_of_facts_sums_into_one_write_per_tally() -> None:
    store = Store()
    await apply(
        store,
        fact(latency_ms=80),
        fact(latency_ms=90),
        fact(latency_ms=400),
        fact(outcome="failed", latency_ms=None),
        fact(kind="sms", label="submitted", latency_ms=900),
        fact(kind="sms", outcome="failed", label="decided", latency_ms=None),
    )
    day = dt.date(2026, 12, 1)
    assert store.delivered == {
        deliveries.Key(day, "webhook", "application.decided", "delivered", 0): deliveries.Move(
            2, 170.0
        ),
        deliveries.Key(day, "webhook", "application.decided", "delivered", 2): deliveries.Move(
            1, 400.0
        ),
        deliveries.Key(day, "webhook", "application.decided", "failed", -1): deliveries.Move(1),
        deliveries.Key(day, "sms", "submitted", "delivered", 3): deliveries.Move(1, 900.0),
        deliveries.Key(day, "sms", "decided", "failed", -1): deliveries.Move(1),
    }
    assert store.writes == ["deliveries"]


@pytest.mark.asyncio
async def test_a_failure_counts_no_latency_even_if_one_was_sent() -> None:
    store = Store()
    await apply(store, fact(outcome="failed", latency_ms=5000))
    ((key, move),) = store.delivered.items()
    assert (key.bucket, move) == (deliveries.NO_LATENCY, deliveries.Move(1, 0.0))


@pytest.mark.asyncio
async def test_tallies_of_two_batches_add_up() -> None:
    store = Store()
    await apply(store, fact(latency_ms=50))
    await apply(store, fact(latency_ms=60))
    assert list(store.delivered.values()) == [deliveries.Move(2, 110.0)]


def test_the_figures_give_success_share_percentile_buckets_and_sms_per_state() -> None:
    day = dt.date(2026, 12, 1)
    webhook = "webhook", "application.decided"
    tallies = [
        (deliveries.Key(day, *webhook, "delivered", 0), deliveries.Move(50, 2500.0)),
        (deliveries.Key(day, *webhook, "delivered", 3), deliveries.Move(45, 36000.0)),
        (deliveries.Key(day, *webhook, "delivered", 7), deliveries.Move(5, 100000.0)),
        (deliveries.Key(day, *webhook, "failed", -1), deliveries.Move(25)),
        (deliveries.Key(day, "sms", "submitted", "delivered", 1), deliveries.Move(7, 1400.0)),
        (deliveries.Key(day, "sms", "approved", "delivered", 1), deliveries.Move(3, 600.0)),
        (deliveries.Key(day, "sms", "submitted", "failed", -1), deliveries.Move(2)),
    ]
    figures = deliveries.figures(tallies)
    hooks = figures.webhooks
    assert (hooks.delivered, hooks.failed, hooks.success_share) == (100, 25, 0.8)
    assert hooks.p50_bucket == 0  # 50 of 100 within 100 ms
    assert hooks.p95_bucket == 3  # the 95th within 1 s
    assert hooks.mean_ms == pytest.approx(1385.0)
    assert hooks.histogram[0] == 50 and sum(hooks.histogram) == 100
    assert figures.sms.sent == {"approved": 3, "submitted": 7}
    assert figures.sms.failed == {"submitted": 2}


def test_no_delivery_has_no_share_and_no_percentile() -> None:
    hooks = deliveries.figures([]).webhooks
    assert (hooks.success_share, hooks.p50_bucket, hooks.mean_ms) == (None, None, None)


def test_bucket_labels_read_as_durations() -> None:
    assert deliveries.bucket_label(0) == "≤ 100 ms"
    assert deliveries.bucket_label(4) == "≤ 2.5 s"
    assert deliveries.bucket_label(deliveries.OVERFLOW) == "> 300 s"
