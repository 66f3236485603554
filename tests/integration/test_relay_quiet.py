"""The quiet relay: a burst of commits makes one round, a commit without events none, events
still go out promptly after a wake and, without one, on the idle poll; every message carries
its CloudEvents type as the `ce_type` header."""

import asyncio
from collections.abc import Sequence

import pytest
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import AsyncEngine

from panjereh import events
from panjereh.bus.base import Delivery
from panjereh.bus.kafka import KafkaBus
from panjereh.bus.memory import InMemoryBus
from panjereh.db import engine as db_engine
from panjereh.db.uow import UnitOfWork
from panjereh.outbox.relay import OutboxRelay
from tests.integration.outbox_support import bump, prepare, produce
from tests.support import eventually, state_changed, unique

pytestmark = pytest.mark.asyncio
NEVER = 3600.0  # an idle poll that does not come during a test


def rounds(service: str, outcome: str) -> float:
    value = REGISTRY.get_sample_value(
        "panjereh_outbox_relay_rounds_total", {"service": service, "outcome": outcome}
    )
    return value or 0.0


class _Collected:
    def __init__(self) -> None:
        self.deliveries: list[Delivery] = []

    async def __call__(self, batch: Sequence[Delivery]) -> None:
        self.deliveries.extend(batch)


async def _bus() -> tuple[InMemoryBus, _Collected]:
    bus, collected = InMemoryBus(), _Collected()
    bus.subscribe([events.APPLICATION], collected, group="downstream")
    await bus.start()
    return bus, collected


async def _commit(engine: AsyncEngine, relay: OutboxRelay, *, event: bool, n: int = 0) -> None:
    sessions = db_engine.session_factory(engine)
    async with UnitOfWork(sessions, source="/test", on_commit=relay.wake) as uow:
        await bump(uow, "changes")
        if event:
            uow.emit(state_changed(f"quiet-{n % 5}", n))
        await uow.commit()


class _GatedRelay(OutboxRelay):
    """Its coalescing window lasts until the test opens the gate, however slow the machine."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.gate = asyncio.Event()
        self.coalescing = asyncio.Event()

    async def _coalesce(self) -> None:
        self.coalescing.set()
        await self.gate.wait()


@pytest.mark.postgres
async def test_a_burst_of_wakes_makes_one_round(postgres_url: str) -> None:
    engine = await prepare(postgres_url)
    bus, collected = await _bus()
    service = unique("burst")
    relay = _GatedRelay(engine, bus, service=service, poll_seconds=NEVER)
    relay.start()
    try:
        await eventually(lambda: rounds(service, "empty") == 1, what="the round at start")
        for n in range(50):
            await _commit(engine, relay, event=True, n=n)
        await eventually(relay.coalescing.is_set, what="woken")
        relay.gate.set()
        # The round is counted once it marked its rows sent, after the bus delivered them.
        await eventually(lambda: rounds(service, "sent") >= 1, what="a round that sent")
        assert len(collected.deliveries) == 50, "all 50 in it"
        assert rounds(service, "sent") == 1, "50 wakes, one round"
        assert rounds(service, "empty") == 1
    finally:
        await relay.stop()
        await engine.dispose()


@pytest.mark.postgres
async def test_commits_without_events_make_no_round(postgres_url: str) -> None:
    engine = await prepare(postgres_url)
    bus, collected = await _bus()
    service = unique("silent")
    relay = OutboxRelay(engine, bus, service=service, poll_seconds=NEVER)
    relay.start()
    try:
        await eventually(lambda: rounds(service, "empty") == 1, what="the round at start")
        for _ in range(20):
            await _commit(engine, relay, event=False)
        await _commit(engine, relay, event=True)  # a wake, promptly answered: no poll comes
        await eventually(lambda: rounds(service, "sent") >= 1, what="the event published")
        assert len(collected.deliveries) == 1
        assert (rounds(service, "empty"), rounds(service, "sent")) == (1, 1)
    finally:
        await relay.stop()
        await engine.dispose()


async def test_without_a_wake_the_idle_poll_publishes(database_url: str) -> None:
    engine = await prepare(database_url)
    bus, collected = await _bus()
    service = unique("poll")
    relay = OutboxRelay(engine, bus, service=service, poll_seconds=0.05)
    relay.start()
    try:
        await eventually(lambda: rounds(service, "empty") >= 1, what="the round at start")
        ids = await produce(engine, 3, prefix="polled")  # commits that wake no relay
        await eventually(lambda: len(collected.deliveries) == 3, what="published by the poll")
        assert {d.envelope().id for d in collected.deliveries} == set(ids)
        await eventually(lambda: rounds(service, "sent") >= 1, what="the poll's round counted")
    finally:
        await relay.stop()
        await engine.dispose()


async def test_every_message_carries_its_cloudevents_type(database_url: str) -> None:
    engine = await prepare(database_url)
    bus, collected = await _bus()
    try:
        await produce(engine, 4, prefix="typed")
        assert await OutboxRelay(engine, bus, service=unique("typed")).relay_once() == 4
        assert [d.headers for d in collected.deliveries] == [
            {"ce_type": d.envelope().type} for d in collected.deliveries
        ]
        assert {d.headers["ce_type"] for d in collected.deliveries} == {
            events.ApplicationStateChanged.type
        }
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_the_cloudevents_type_reaches_kafka_consumers(
    postgres_url: str, kafka_bootstrap: str
) -> None:
    engine = await prepare(postgres_url)
    collected = _Collected()
    bus = KafkaBus(
        bootstrap_servers=kafka_bootstrap,
        client_id="ce-type-test",
        topics=[events.APPLICATION],
        topic_prefix=unique("cetype") + ".",
    )
    bus.subscribe([events.APPLICATION], collected, group=unique("downstream"))
    await bus.start()
    try:
        ids = await produce(engine, 3, prefix="kafka-typed")
        assert await OutboxRelay(engine, bus, service=unique("kafka")).relay_once() == 3
        await eventually(lambda: len(collected.deliveries) == 3, what="delivered by Kafka")
        assert {d.envelope().id for d in collected.deliveries} == set(ids)
        assert {d.headers.get("ce_type") for d in collected.deliveries} == {
            events.ApplicationStateChanged.type
        }
    finally:
        await bus.stop()
        await engine.dispose()
