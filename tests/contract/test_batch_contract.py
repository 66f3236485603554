"""The batching contract, on the in-process bus and on Kafka alike: consumers are handed
batches; order per partition holds within and across them; a failing batch is replayed one
message at a time so that only the bad message is dead-lettered; a database outage is waited
out whole; types a consumer's table ignores are never decoded."""

from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import pytest

from panjereh import consumers, events
from panjereh.bus.base import Delivery, OutgoingMessage
from panjereh.db import engine as db_engine
from panjereh.db.uow import UnitOfWork
from tests.contract.conftest import FAST_RETRIES, BusFactory, dead_letters, start_with_backlog
from tests.integration.outbox_support import bump, prepare, tally
from tests.support import Collector, eventually, state_changed, unique

pytestmark = pytest.mark.asyncio


def _rounds(topic: str, keys: Sequence[str], rounds: range) -> list[OutgoingMessage]:
    """For each round, one message per key (so keys interleave, as applications do)."""
    return [
        OutgoingMessage.of(topic, events.wrap(state_changed(key, n), source="/test"))
        for n in rounds
        for key in keys
    ]


def _id(message: OutgoingMessage) -> str:
    return events.CloudEvent.from_json(message.value).id


def _steps_by_key(deliveries: Sequence[Delivery]) -> dict[str, list[str]]:
    steps: dict[str, list[str]] = defaultdict(list)
    for delivery in deliveries:
        steps[delivery.key].append(events.unwrap(delivery.envelope()).reason)  # type: ignore[attr-defined]
    return dict(steps)


def _expected_steps(messages: Sequence[OutgoingMessage]) -> dict[str, list[str]]:
    steps: dict[str, list[str]] = defaultdict(list)
    for message in messages:
        steps[message.key].append(events.unwrap(events.CloudEvent.from_json(message.value)).reason)  # type: ignore[attr-defined]
    return dict(steps)


def _typed(kind: type[events.Event]) -> tuple[tuple[str, bytes], ...]:
    return ((consumers.TYPE_HEADER, kind.type.encode()),)


class Watched:
    """A batch handler in front of a Collector that notes the size of every batch holding
    the watched message."""

    def __init__(self, received: Collector, watched_id: str) -> None:
        self.received, self.watched_id, self.sizes = received, watched_id, list[int]()

    async def __call__(self, deliveries: Sequence[Delivery]) -> None:
        if any(d.envelope().id == self.watched_id for d in deliveries):
            self.sizes.append(len(deliveries))
        await self.received(deliveries)


async def test_order_per_partition_holds_within_and_across_batches(make_bus: BusFactory) -> None:
    topic, received = unique("contract.batch-order"), Collector()
    keys = [f"app-{i}" for i in range(12)]
    waiting = _rounds(topic, keys, range(20))  # 240, published in calls of varying size
    backlog = [waiting[:1], waiting[1:50], waiting[50:150], waiting[150:]]
    # Kafka cuts its fetches at 37 records: batches end in the middle of partitions.
    bus = await start_with_backlog(
        make_bus, backlog, [([topic], received, unique("g"))], batch_max=37
    )
    live = _rounds(topic, keys, range(20, 30))  # and more while it consumes
    await bus.publish_batch(live[:7])
    await bus.publish_batch(live[7:])
    everything = waiting + live
    await eventually(lambda: len(received.deliveries) >= len(everything), within=60)

    assert Counter(received.ids()) == Counter(_id(m) for m in everything), "each exactly once"
    assert _steps_by_key(received.deliveries) == _expected_steps(everything)
    assert max(received.batches) > 1, "the consumer was handed batches, not single messages"


async def test_one_poison_event_in_a_batch_of_fifty_goes_alone_to_the_dead_letters(
    make_bus: BusFactory,
) -> None:
    topic, dead = unique("contract.batch-poison"), Collector()
    batch = _rounds(topic, [f"app-{i}" for i in range(10)], range(5))
    poison = batch[25]
    received = Collector(fail_when=lambda d: d.envelope().id == _id(poison))
    watched = Watched(received, _id(poison))
    bus = await start_with_backlog(
        make_bus,
        [batch],
        [([topic], watched, unique("g")), ([topic + ".dlq"], dead, unique("dlq-reader"))],
    )
    healthy = [m for m in batch if m is not poison]
    await eventually(lambda: len(received.deliveries) >= len(healthy), within=60)

    assert Counter(received.ids()) == Counter(_id(m) for m in healthy), "the 49, once each"
    assert _steps_by_key(received.deliveries) == _expected_steps(healthy)
    # Tried once inside its batch (which rolled back whole), then alone until it gave up.
    assert watched.sizes[0] > 1
    assert watched.sizes[1:] == [1] * FAST_RETRIES.max_attempts
    letters = await dead_letters(bus, dead, topic=topic, keys=sorted({m.key for m in batch}))
    assert [letter.envelope().id for letter in letters] == [_id(poison)], "it alone"
    assert letters[0].headers["dlq.attempts"] == str(FAST_RETRIES.max_attempts)
    assert "ValueError: poison message" in letters[0].headers["dlq.error"]


async def test_a_database_outage_mid_batch_is_waited_out_whole_not_dead_lettered(
    make_bus: BusFactory,
) -> None:
    topic, dead = unique("contract.batch-outage"), Collector()
    batch = _rounds(topic, [f"app-{i}" for i in range(10)], range(5))
    at = batch[25]
    refusals = {"left": 3 * FAST_RETRIES.max_attempts}  # longer than the retry budget

    def database_away(delivery: Delivery) -> bool:
        if delivery.envelope().id != _id(at) or refusals["left"] == 0:
            return False
        refusals["left"] -= 1
        return True

    received = Collector(
        fail_when=database_away, failure=lambda _: ConnectionRefusedError(111, "Connect failed")
    )
    watched = Watched(received, _id(at))
    bus = await start_with_backlog(
        make_bus,
        [batch],
        [([topic], watched, unique("g")), ([topic + ".dlq"], dead, unique("dlq-reader"))],
    )
    await eventually(lambda: len(received.deliveries) >= len(batch), within=60)

    assert Counter(received.ids()) == Counter(_id(m) for m in batch), "all 50, once each"
    assert _steps_by_key(received.deliveries) == _expected_steps(batch)
    # The batch waited whole (the same batch each time), never split into single messages.
    assert len(watched.sizes) == 3 * FAST_RETRIES.max_attempts + 1
    assert len(set(watched.sizes)) == 1 and watched.sizes[0] > 1
    assert await dead_letters(bus, dead, topic=topic, keys=sorted({m.key for m in batch})) == []


async def test_an_unparseable_message_in_a_batch_is_dead_lettered_alone(
    make_bus: BusFactory,
) -> None:
    topic, dead, received = unique("contract.batch-garbage"), Collector(), Collector()

    async def parse_then_record(deliveries: Sequence[Delivery]) -> None:
        for delivery in deliveries:
            delivery.envelope()  # as a consumer decodes its batch before it applies it
        await received(deliveries)

    healthy = _rounds(topic, ["app-g"], range(20))
    garbage = OutgoingMessage(topic, "app-g", b"{not json")
    bus = await start_with_backlog(
        make_bus,
        [[*healthy[:10], garbage, *healthy[10:]]],
        [
            ([topic], parse_then_record, unique("g")),
            ([topic + ".dlq"], dead, unique("dlq-reader")),
        ],
    )
    await eventually(lambda: len(received.deliveries) >= len(healthy), within=60)

    assert received.ids() == [_id(m) for m in healthy], "the others, once each, in order"
    letters = await dead_letters(bus, dead, topic=topic, keys=["app-g"])
    assert [letter.value for letter in letters] == [b"{not json"]
    assert "ValidationError" in letters[0].headers["dlq.error"]


async def test_types_the_table_ignores_are_never_decoded(
    make_bus: BusFactory, tmp_path: Path
) -> None:
    """Their bytes are not even JSON: decoding one would fail its batch and dead-letter it."""
    topic, dead, consumer = unique("contract.batch-ignored"), Collector(), unique("ignoring")
    engine = await prepare(f"sqlite+aiosqlite:///{tmp_path}/ignoring.db")
    table: consumers.HandlerTable[UnitOfWork] = consumers.HandlerTable()

    @table.on(events.ApplicationStateChanged)
    async def changed(
        event: events.ApplicationStateChanged, envelope: events.CloudEvent, uow: UnitOfWork
    ) -> None:
        await bump(uow, "applied")

    handled = [
        OutgoingMessage(m.topic, m.key, m.value, _typed(events.ApplicationStateChanged))
        for m in _rounds(topic, ["app-i"], range(10))
    ]
    ignored = OutgoingMessage(
        topic, "app-i", b"\x00 not an envelope", _typed(events.ApplicationSubmitted)
    )
    messages = [m for pair in zip(handled, [ignored] * 10, strict=True) for m in pair]
    try:
        handler = consumers.consume(
            table,
            consumer=consumer,
            uow_factory=lambda: UnitOfWork(db_engine.session_factory(engine), source="/test"),
        )
        bus = await start_with_backlog(
            make_bus,
            [messages[:7], messages[7:]],
            [([topic], handler, unique("g")), ([topic + ".dlq"], dead, unique("dlq-reader"))],
        )

        async def all_applied() -> bool:
            return await tally(engine, "applied") >= len(handled)

        await eventually(all_applied, within=60)
        assert await tally(engine, "applied") == len(handled)
        assert await dead_letters(bus, dead, topic=topic, keys=["app-i"]) == []
        skipped = consumers.DELIVERIES.labels(consumer, "ignored")._value.get()
        assert skipped == 10
    finally:
        await engine.dispose()
