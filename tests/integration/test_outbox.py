"""The outbox: events commit with their state change and reach the bus at least once,
even when the relay dies between publishing and marking sent; the inbox applies them once."""

import asyncio
import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from panjereh import events
from panjereh.bus.base import OutgoingMessage, each
from panjereh.bus.kafka import KafkaBus
from panjereh.bus.memory import InMemoryBus
from panjereh.db import engine as db_engine
from panjereh.db.uow import UnitOfWork
from panjereh.outbox import store
from panjereh.outbox.relay import OutboxRelay
from panjereh.tables import outbox
from tests.integration.outbox_support import Downstream, prepare, produce, tally
from tests.support import eventually, state_changed, unique

pytestmark = pytest.mark.asyncio
CRASHING_RELAY = Path(__file__).with_name("_crashing_relay.py")


class _SimulatedCrash(BaseException):
    """Escapes every `except Exception`, as a process death would."""


class _CrashAfterPublish(InMemoryBus):
    async def publish_batch(self, messages: Sequence[OutgoingMessage]) -> None:
        await super().publish_batch(messages)
        raise _SimulatedCrash


class _CountingBus(InMemoryBus):
    def __init__(self) -> None:
        super().__init__()
        self.published: Counter[str] = Counter()

    async def publish_batch(self, messages: Sequence[OutgoingMessage]) -> None:
        await asyncio.sleep(0.001)  # let the other relay run meanwhile
        self.published.update(events.CloudEvent.from_json(m.value).id for m in messages)


async def test_events_commit_with_the_state_change_or_not_at_all(database_url: str) -> None:
    engine = await prepare(database_url)
    try:
        async with UnitOfWork(db_engine.session_factory(engine), source="/test") as uow:
            await uow.session.execute(sa.text("UPDATE tally SET n = 99 WHERE name = 'changes'"))
            uow.emit(state_changed("app-rolled-back", 1))
            # leaves without commit: both the change and the event roll back
        assert await tally(engine, "changes") == 0
        ids = await produce(engine, 3, prefix="app")
        assert len(ids) == 3 and await tally(engine, "changes") == 3
    finally:
        await engine.dispose()


async def test_relay_publishes_in_order_and_marks_sent(database_url: str) -> None:
    engine = await prepare(database_url)
    bus = InMemoryBus()
    received: list[str] = []

    async def collect(delivery: object) -> None:
        received.append(delivery.envelope().id)  # type: ignore[attr-defined]

    bus.subscribe([events.APPLICATION], each(collect), group="g")
    await bus.start()
    try:
        ids = await produce(engine, 25, prefix="ordered")
        relay = OutboxRelay(engine, bus, service="test", batch_size=10)
        assert [await relay.relay_once() for _ in range(4)] == [10, 10, 5, 0]
        assert await relay.pending() == 0
        assert sorted(received) == sorted(ids)
    finally:
        await engine.dispose()


async def test_relay_killed_after_publish_resends_and_inbox_applies_once_in_process(
    database_url: str, sqlite_url: str
) -> None:
    producer = await prepare(database_url)
    consumer = await prepare(sqlite_url.replace("test.db", "downstream.db"))
    ids = await produce(producer, 12, prefix="crash")
    downstream = Downstream(consumer, wanted=set(ids))
    bus = _CrashAfterPublish()
    bus.subscribe([events.APPLICATION], downstream.handler(), group="downstream")
    await bus.start()
    try:
        with pytest.raises(_SimulatedCrash):
            await OutboxRelay(producer, bus, service="crashing").relay_once()
        assert await OutboxRelay(producer, bus, service="test").pending() == 12, (
            "nothing marked sent"
        )

        healthy = InMemoryBus()
        healthy.subscribe([events.APPLICATION], downstream.handler(), group="downstream")
        await healthy.start()
        assert await OutboxRelay(producer, healthy, service="restarted").relay_once() == 12

        assert downstream.deliveries == Counter(dict.fromkeys(ids, 2)), "each delivered twice"
        assert await tally(consumer, "applied") == 12, "each applied exactly once"
    finally:
        await producer.dispose()
        await consumer.dispose()


@pytest.mark.postgres
async def test_relay_process_sigkilled_between_publish_and_mark_sent_loses_nothing(
    postgres_url: str, sqlite_url: str, kafka_bootstrap: str
) -> None:
    producer = await prepare(postgres_url)
    consumer = await prepare(sqlite_url)
    ids = await produce(producer, 40, prefix=unique("kill"))
    downstream = Downstream(consumer, wanted=set(ids))
    prefix = unique("kill") + "."
    bus = KafkaBus(
        bootstrap_servers=kafka_bootstrap,
        client_id="kill-test",
        topics=[events.APPLICATION],
        topic_prefix=prefix,
    )
    bus.subscribe([events.APPLICATION], downstream.handler(), group=unique("downstream"))
    await bus.start()
    try:
        # Awaited, not run blocking: a loop blocked longer than the session timeout (a slow
        # machine) gets the consumer thrown out of its group, and its uncommitted first
        # deliveries come a third time.
        crashed = await asyncio.create_subprocess_exec(
            *(sys.executable, str(CRASHING_RELAY), postgres_url, kafka_bootstrap, prefix),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        out, err = await asyncio.wait_for(crashed.communicate(), timeout=120)
        assert crashed.returncode == -9, (out + err).decode()
        assert "acknowledged 40" in out.decode()
        await eventually(lambda: sum(downstream.deliveries.values()) == 40, what="first delivery")
        relay = OutboxRelay(producer, bus, service="restarted")
        assert await relay.pending() == 40, "the killed relay marked nothing sent"

        relay.start()
        await eventually(lambda: set(downstream.deliveries.values()) == {2}, what="redelivery")
        await relay.stop()
        assert await relay.pending() == 0
        assert await tally(consumer, "applied") == 40
    finally:
        await bus.stop()
        await producer.dispose()
        await consumer.dispose()


@pytest.mark.postgres
async def test_two_relays_never_send_the_same_row(postgres_url: str) -> None:
    engine = await prepare(postgres_url)
    try:
        ids = await produce(engine, 300, prefix="race")
        bus = _CountingBus()
        relays = [OutboxRelay(engine, bus, service=f"relay-{i}", batch_size=7) for i in range(2)]

        async def drain(relay: OutboxRelay) -> None:
            while await relay.pending():
                await relay.relay_once()

        await asyncio.gather(*(drain(r) for r in relays))
        assert bus.published == Counter(dict.fromkeys(ids, 1))
    finally:
        await engine.dispose()


async def test_the_relay_purges_old_sent_rows_in_batches(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = await prepare(database_url)
    batches: list[int] = []
    purge_sent = store.purge_sent

    async def counted(*args: Any, **kwargs: Any) -> int:
        batches.append(await purge_sent(*args, **kwargs))
        return batches[-1]

    monkeypatch.setattr(store, "purge_sent", counted)
    try:
        ids = await produce(engine, 28, prefix="purged")
        long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
        async with engine.begin() as connection:  # 25 sent long ago, 2 lately, 1 never
            await connection.execute(sa.update(outbox).values(sent_at=long_ago))
            await connection.execute(
                sa.update(outbox)
                .where(outbox.c.event_id.in_(ids[25:27]))
                .values(sent_at=dt.datetime.now(dt.UTC))
            )
            await connection.execute(
                sa.update(outbox).where(outbox.c.event_id == ids[27]).values(sent_at=None)
            )
        relay = OutboxRelay(engine, InMemoryBus(), service="purging")
        assert await relay.purge(batch_size=10) == 25
        assert batches == [10, 10, 5]
        async with engine.connect() as connection:
            left = set((await connection.execute(sa.select(outbox.c.event_id))).scalars())
        assert left == set(ids[25:]), "the recently sent and the unsent stay"
    finally:
        await engine.dispose()
