"""Batched consumers on the inbox, on SQLite and real PostgreSQL, through `consumers.consume`
and a HandlerTable whose fold loads every key of a batch at once (locked in key order) and
writes set-based, as the services' do: a redelivered batch changes nothing, a duplicate
inside a batch is applied once, racing consumers with overlapping batches apply each event
once without deadlocking, a failure rolls the whole batch back and its replay applies each
event once. And a Kafka consumer waiting out a database outage stops on SIGTERM."""

import asyncio
import json
import random
from collections import Counter
from collections.abc import Sequence

import pytest
import sqlalchemy as sa
from aiokafka import ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from panjereh import consumers, events
from panjereh.bus.base import BatchHandler, Delivery, OutgoingMessage, RetryPolicy, deliver_batch
from panjereh.bus.kafka import KafkaBus, _Subscription
from panjereh.db import engine as db_engine
from panjereh.db.uow import UnitOfWork
from panjereh.tables import inbox
from tests.integration.outbox_support import bump, prepare, tally
from tests.support import Collector, eventually, state_changed, unique

pytestmark = pytest.mark.asyncio
CONSUMER = "batches"
FAST = RetryPolicy(max_attempts=3, initial_backoff=0.01, max_backoff=0.05)
folds = sa.Table(
    "folds",
    sa.MetaData(),
    sa.Column("key", sa.String(50), primary_key=True),
    sa.Column("steps", sa.Text, nullable=False),
)


class Folds:
    """A repository in the services' shape: `load` takes every key of a batch in one
    statement (locked in key order), handlers change the cached rows, `flush` writes them."""

    def __init__(self, session: AsyncSession) -> None:
        self._session, self._cache, self._changed = session, dict[str, list[str]](), set[str]()

    async def load(self, keys: set[str]) -> None:
        ordered = sorted(keys)
        dialect = postgresql if self._session.get_bind().dialect.name == "postgresql" else sqlite
        await self._session.execute(
            dialect.insert(folds)
            .values([{"key": key, "steps": "[]"} for key in ordered])
            .on_conflict_do_nothing()
        )
        rows = await self._session.execute(
            sa.select(folds).where(folds.c.key.in_(ordered)).order_by(folds.c.key).with_for_update()
        )
        self._cache.update({row.key: json.loads(row.steps) for row in rows})

    def append(self, key: str, step: str) -> None:
        self._cache[key].append(step)
        self._changed.add(key)

    async def flush(self) -> None:
        if self._changed:
            await self._session.execute(
                sa.update(folds).where(folds.c.key == sa.bindparam("k")),
                [{"k": k, "steps": json.dumps(self._cache[k])} for k in sorted(self._changed)],
            )
            self._changed.clear()


class FoldUnitOfWork(UnitOfWork):
    folds: Folds

    def bind(self, session: AsyncSession) -> None:
        self.folds = Folds(session)

    async def flush(self) -> None:
        await self.folds.flush()


Table = consumers.HandlerTable[FoldUnitOfWork]


def _table(*, fail_on: set[str] | None = None, times: int = 1) -> Table:
    """The fold; it raises on the events in `fail_on` the first `times` times it meets them."""
    failures: Counter[str] = Counter()
    table: Table = consumers.HandlerTable()

    @table.prepare
    async def load(uow: FoldUnitOfWork, batch: Sequence[consumers.Received[events.Event]]) -> None:
        await uow.folds.load({item.envelope.partitionkey for item in batch})

    @table.on(events.ApplicationStateChanged)
    async def changed(
        event: events.ApplicationStateChanged, envelope: events.CloudEvent, uow: FoldUnitOfWork
    ) -> None:
        if envelope.id in (fail_on or set()) and failures[envelope.id] < times:
            failures[envelope.id] += 1
            raise ValueError(f"handler failed on {event.reason}")
        uow.folds.append(event.application_id, event.reason)
        await bump(uow, "applied")  # not idempotent by itself: the inbox makes it so

    return table


def _handler(engine: AsyncEngine, table: Table) -> BatchHandler:
    sessions = db_engine.session_factory(engine)
    return consumers.consume(
        table, consumer=CONSUMER, uow_factory=lambda: FoldUnitOfWork(sessions, source="/test")
    )


async def _engine(url: str) -> AsyncEngine:
    engine = await prepare(url)
    async with engine.begin() as connection:
        await connection.run_sync(folds.metadata.create_all)
    return engine


def _deliveries(keys: int, per_key: int, *, prefix: str = "app") -> list[Delivery]:
    """Interleaved events of `keys` applications, `per_key` each, at increasing offsets."""
    made = []
    for n in range(per_key):
        for k in range(keys):
            envelope = events.wrap(state_changed(f"{prefix}-{k}", n), source="/test")
            key, value = envelope.partitionkey, envelope.to_json()
            made.append(Delivery(events.APPLICATION, k % 6, len(made), key, value))
    return made


def _expected(deliveries: Sequence[Delivery]) -> dict[str, list[str]]:
    steps: dict[str, list[str]] = {}
    for delivery in deliveries:
        event = events.unwrap(delivery.envelope())
        steps.setdefault(delivery.key, []).append(event.reason)  # type: ignore[attr-defined]
    return steps


async def _state(engine: AsyncEngine) -> tuple[dict[str, list[str]], int, int]:
    """Each fold's steps, the applied counter, the consumer's inbox rows."""
    async with engine.connect() as connection:
        rows = (await connection.execute(sa.select(folds))).all()
        claimed = await connection.scalar(
            sa.select(sa.func.count()).select_from(inbox).where(inbox.c.consumer == CONSUMER)
        )
    steps = {row.key: json.loads(row.steps) for row in rows if json.loads(row.steps)}
    return steps, await tally(engine, "applied"), int(claimed or 0)


async def test_a_redelivered_batch_changes_nothing(database_url: str) -> None:
    engine = await _engine(database_url)
    try:
        handle = _handler(engine, _table())
        first = _deliveries(5, 6)  # 30
        await handle(first)
        await handle(first)  # the same batch again (an offset commit lost)
        assert await _state(engine) == (_expected(first), 30, 30)

        more = _deliveries(5, 8)[30:]  # 10 more of the same applications
        await handle([*first[20:], *more])  # overlapping the batch before
        assert await _state(engine) == (_expected(first + more), 40, 40)
    finally:
        await engine.dispose()


async def test_a_batch_holding_a_duplicate_applies_it_once(database_url: str) -> None:
    engine = await _engine(database_url)
    try:
        batch = _deliveries(3, 4)  # 12
        with_copy = [*batch[:8], batch[3], *batch[8:]]  # a redelivered copy inside the batch
        await _handler(engine, _table())(with_copy)
        assert await _state(engine) == (_expected(batch), 12, 12)
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_racing_consumers_with_overlapping_batches_apply_each_event_once(
    postgres_url: str,
) -> None:
    """As after a rebalance: the old and the new owner of partitions hold overlapping
    batches. Inbox rows and folds are locked in sorted order, so neither deadlocks (which
    PostgreSQL would report as an error within a second) and each event is applied once."""
    engine = await _engine(postgres_url)
    try:
        handles = [_handler(engine, _table()) for _ in range(4)]
        applied: list[Delivery] = []
        for round_ in range(5):
            stream = _deliveries(20, 10, prefix=f"r{round_}")  # 200 over 20 applications
            windows = [stream[start : start + 120] for start in (0, 30, 60, 80)]
            random.shuffle(windows)
            async with asyncio.timeout(120):
                await asyncio.gather(*(h(w) for h, w in zip(handles, windows, strict=True)))
            applied += stream

        steps, counted, claimed = await _state(engine)
        assert counted == claimed == len(applied) == 1000
        expected = _expected(applied)
        assert steps.keys() == expected.keys()
        for key, got in steps.items():
            assert sorted(got) == sorted(expected[key]), f"{key}: each step exactly once"
    finally:
        await engine.dispose()


async def test_a_failure_mid_batch_rolls_back_the_whole_batch(database_url: str) -> None:
    engine = await _engine(database_url)
    try:
        batch = _deliveries(10, 5)  # 50
        handle = _handler(engine, _table(fail_on={batch[25].envelope().id}))
        with pytest.raises(ValueError, match="handler failed"):
            await handle(batch)
        assert await _state(engine) == ({}, 0, 0), "neither effects nor inbox rows stay"

        letters: list[OutgoingMessage] = []

        async def publish(messages: Sequence[OutgoingMessage]) -> None:
            letters.extend(messages)

        settled = await deliver_batch(handle, batch, policy=FAST, group="g", publish=publish)
        assert settled == batch and letters == []
        assert await _state(engine) == (_expected(batch), 50, 50)
    finally:
        await engine.dispose()


async def test_a_poison_event_in_a_batch_is_dead_lettered_alone_and_the_rest_applied_once(
    database_url: str,
) -> None:
    engine = await _engine(database_url)
    try:
        batch = _deliveries(10, 5)
        poison = batch[25]
        handle = _handler(engine, _table(fail_on={poison.envelope().id}, times=1000))
        letters: list[OutgoingMessage] = []

        async def publish(messages: Sequence[OutgoingMessage]) -> None:
            letters.extend(messages)

        settled = await deliver_batch(handle, batch, policy=FAST, group="g", publish=publish)
        assert settled == batch, "all settled: 49 applied, one dead-lettered"
        assert [letter.value for letter in letters] == [poison.value]
        healthy = [d for d in batch if d is not poison]
        assert await _state(engine) == (_expected(healthy), 49, 49)
    finally:
        await engine.dispose()


@pytest.mark.parametrize("path", ["whole batch", "one at a time"])
async def test_sigterm_while_waiting_out_a_database_outage_stops_and_commits_nothing(
    kafka_bootstrap: str, path: str
) -> None:
    """`stop_consuming` (SIGTERM) ends the wait at once; the messages stay uncommitted and a
    restarted consumer gets them again."""
    topic, group = unique("batches.outage"), unique("group")
    refused = {"n": 0}

    async def database_away(deliveries: Sequence[Delivery]) -> None:
        if path == "one at a time" and len(deliveries) > 1:
            raise ValueError("a bad batch: replayed one message at a time")
        refused["n"] += 1
        raise ConnectionRefusedError(111, "Connect failed")  # and the database is away

    # The first back-off alone is longer than the 10 s allowed: only a wait that SIGTERM
    # wakes stops in time.
    policy = RetryPolicy(max_attempts=3, initial_backoff=20, max_backoff=60)
    bus = KafkaBus(bootstrap_servers=kafka_bootstrap, client_id=unique("outage"), policy=policy)
    bus.subscribe([topic], database_away, group=group)
    await bus.start()
    try:
        await bus.publish_batch(
            [
                OutgoingMessage.of(topic, events.wrap(state_changed("same-key", n), source="/t"))
                for n in range(3)
            ]
        )
        await eventually(lambda: refused["n"] >= 1, within=60, what="waiting out the outage")
        # The outage outlasts this test; the grace period is far shorter.
        async with asyncio.timeout(10):
            await bus.stop_consuming()
    finally:
        await bus.stop()

    again = Collector()
    restarted = KafkaBus(bootstrap_servers=kafka_bootstrap, client_id=unique("restarted"))
    restarted.subscribe([topic], again, group=group)
    await restarted.start()
    try:
        await eventually(lambda: len(again.deliveries) == 3, within=60)
        assert [d.offset for d in again.deliveries] == [0, 1, 2]
    finally:
        await restarted.stop()


class _Revoked:
    """An aiokafka consumer whose partition the group gave to another replica mid-batch."""

    def __init__(self) -> None:
        self.committed: list[dict[TopicPartition, int]] = []

    def assignment(self) -> set[TopicPartition]:
        return set()

    def seek(self, tp: TopicPartition, offset: int) -> None:
        raise IllegalStateError(f"No current assignment for partition {tp}")

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.committed.append(offsets)
        raise CommitFailedError("the group rebalanced")


async def test_a_batch_cut_short_on_a_partition_moved_away_leaves_it_to_its_new_owner() -> None:
    """SIGTERM mid-replay while a rebalance took the partition: the settled message's commit
    fails and the rest is not sought (that partition is no longer ours): `_apply` returns
    instead of raising IllegalStateError, which would have ended the consume loop."""
    bus = KafkaBus(bootstrap_servers="127.0.0.1:1", client_id="revoked", policy=FAST)
    seen: list[int] = []

    async def handler(deliveries: Sequence[Delivery]) -> None:
        if len(deliveries) > 1:
            raise ValueError("a bad batch: replayed one message at a time")
        seen.append(deliveries[0].offset)
        if deliveries[0].offset == 1:
            bus._stopping.set()  # SIGTERM arrives; meanwhile the database went away
            raise ConnectionRefusedError(111, "Connect failed")

    records = [
        ConsumerRecord(events.APPLICATION, 0, n, 0, 0, b"k", b"{}", None, 1, 2, [])
        for n in range(3)
    ]
    consumer = _Revoked()
    subscription = _Subscription((events.APPLICATION,), handler, "g")
    fetched = {TopicPartition(events.APPLICATION, 0): records}
    await bus._apply(consumer, subscription, fetched)  # type: ignore[arg-type]
    assert seen == [0, 1]
    assert consumer.committed == [{TopicPartition(events.APPLICATION, 0): 1}]
