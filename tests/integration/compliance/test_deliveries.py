"""Notifications delivered, on SQLite and PostgreSQL: the notification service's facts summed
in SQL through the real consumer (a redelivery counts once), and the dashboard's chart."""

import datetime as dt
import uuid
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from compliance_service import deliveries, handlers
from compliance_service.uow import ComplianceUnitOfWork
from panjereh import consumers, events
from panjereh.bus.base import Delivery
from panjereh.bus.memory import InMemoryBus
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from panjereh.db.engine import SessionFactory
from tests.integration.compliance.conftest import compliance_service, messages

pytestmark = pytest.mark.asyncio
TABLE = handlers.table(freshness_bound_seconds=5.0)
AT = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.UTC)


def fact(
    kind: events.observations.DeliveryKind,
    outcome: events.observations.DeliveryOutcome,
    label: str,
    latency_ms: float | None,
) -> events.CloudEvent:
    delivered = events.NotificationDelivered(
        notification_id=str(uuid.uuid4()),
        kind=kind,
        outcome=outcome,
        label=label,
        application_id=str(uuid.uuid4()),
        agency_id="passport-police",
        attempts=1 if outcome == "delivered" else 12,
        latency_ms=latency_ms,
        at=AT,
    )
    return events.wrap(delivered, source="/panjereh/notification-service", time=AT)


FACTS = [
    fact("webhook", "delivered", "application.submitted", 40.0),
    fact("webhook", "delivered", "application.decided", 60.0),
    fact("webhook", "delivered", "application.decided", 700.0),
    fact("webhook", "failed", "application.decided", None),
    fact("sms", "delivered", "submitted", 300.0),
    fact("sms", "delivered", "approved", 350.0),
    fact("sms", "delivered", "submitted", 320.0),
]


@pytest_asyncio.fixture
async def sessions(database_url: str) -> AsyncIterator[SessionFactory]:
    engine = db_engine.create_engine(database_url)
    await migrations.upgrade(engine, "compliance_service.migrations")
    try:
        yield db_engine.session_factory(engine)
    finally:
        await engine.dispose()


def uow(sessions: SessionFactory) -> ComplianceUnitOfWork:
    return ComplianceUnitOfWork(sessions, source="/test")


def as_deliveries(envelopes: list[events.CloudEvent]) -> list[Delivery]:
    return [
        Delivery(events.NOTIFICATION, 0, n, e.partitionkey, e.to_json())
        for n, e in enumerate(envelopes)
    ]


async def test_facts_sum_per_tally_in_sql_and_a_redelivery_counts_once(
    sessions: SessionFactory,
) -> None:
    handle = consumers.consume(TABLE, consumer="compliance", uow_factory=lambda: uow(sessions))
    await handle(as_deliveries(FACTS[:3]))
    await handle(as_deliveries(FACTS[2:]))  # the third again, with the rest
    await handle(as_deliveries(FACTS))  # the whole history redelivered
    async with uow(sessions) as reader:
        figures = deliveries.figures(await reader.deliveries.tallies())
        assert await reader.deliveries.tallies(since=AT.date() + dt.timedelta(days=1)) == []
    hooks = figures.webhooks
    assert (hooks.delivered, hooks.failed) == (3, 1)
    assert hooks.histogram[0] == 2 and hooks.histogram[3] == 1
    assert hooks.mean_ms == pytest.approx(800 / 3)
    assert figures.sms.sent == {"approved": 1, "submitted": 2}


async def test_the_dashboard_charts_webhook_latency_and_sms_per_state(sqlite_url: str) -> None:
    bus = InMemoryBus()
    async with compliance_service(sqlite_url, bus) as client:
        await bus.start()
        await bus.publish_batch(messages(FACTS))
        english = (await client.get("/dashboard", params={"lang": "en"})).text
        persian = (await client.get("/dashboard")).text
    await bus.stop()
    assert 'data-figure="webhooks_delivered">3<' in english
    assert 'data-figure="webhook_success">75%<' in english
    assert "<bdi>≤ 100 ms</bdi> · <bdi>≤ 1 s</bdi>" in english  # median, 95th percentile
    assert 'data-figure="sms_sent">3<' in english
    sms_chart = english.split('data-chart="sms-per-state"')[1].split("</svg>")[0]
    assert ">Submitted<" in sms_chart and ">2<" in sms_chart and ">Approved<" in sms_chart
    # Persian digits and labels on the Persian page.
    assert 'data-figure="sms_sent">۳<' in persian and "ثبت شد" in persian
