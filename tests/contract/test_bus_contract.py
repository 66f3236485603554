"""ONE contract every bus implementation passes: the in-process bus and Kafka alike."""

import asyncio
from collections import defaultdict

import pytest

from panjereh import events
from panjereh.bus.base import Delivery, OutgoingMessage, each
from tests.contract.conftest import FAST_RETRIES, BusFactory
from tests.support import Collector, eventually, state_changed, unique

pytestmark = pytest.mark.asyncio


def _messages(topic: str, keys: list[str], per_key: int) -> list[OutgoingMessage]:
    """Interleaved messages: for each round, one message per key."""
    return [
        OutgoingMessage.of(topic, events.wrap(state_changed(key, n), source="/test"))
        for n in range(per_key)
        for key in keys
    ]


async def test_a_published_envelope_arrives_intact(make_bus: BusFactory) -> None:
    topic, received = unique("contract.intact"), Collector()
    bus = make_bus()
    bus.subscribe([topic], received, group=unique("g"))
    await bus.start()
    envelope = events.wrap(state_changed("app-1", 1), source="/test", request_id="req-7")
    await bus.publish_batch([OutgoingMessage.of(topic, envelope)])
    await eventually(lambda: len(received.deliveries) == 1)
    delivery = received.deliveries[0]
    assert delivery.topic == topic and delivery.key == "app-1"
    assert delivery.envelope() == envelope
    assert events.unwrap(delivery.envelope()) == events.unwrap(envelope)


async def test_one_keys_messages_stay_in_order(make_bus: BusFactory) -> None:
    topic, received = unique("contract.order"), Collector()
    bus = make_bus()
    bus.subscribe([topic], received, group=unique("g"))
    await bus.start()
    keys = [f"app-{i}" for i in range(5)]
    batch = _messages(topic, keys, per_key=20)
    await bus.publish_batch(batch[:50])
    await bus.publish_batch(batch[50:])
    await eventually(lambda: len(received.deliveries) == 100)
    seen: dict[str, list[str]] = defaultdict(list)
    for delivery in received.deliveries:
        seen[delivery.key].append(events.unwrap(delivery.envelope()).reason)  # type: ignore[attr-defined]
    assert seen == {key: [f"step {n}" for n in range(20)] for key in keys}


async def test_every_group_gets_every_message(make_bus: BusFactory) -> None:
    topic = unique("contract.groups")
    first, second = Collector(), Collector()
    bus_a, bus_b = make_bus(), make_bus()
    bus_a.subscribe([topic], first, group=unique("status"))
    bus_b.subscribe([topic], second, group=unique("compliance"))
    await bus_a.start()
    if bus_b is not bus_a:
        await bus_b.start()
    batch = _messages(topic, ["a", "b", "c"], per_key=4)
    await bus_a.publish_batch(batch)
    await eventually(lambda: len(first.deliveries) == len(second.deliveries) == 12)
    assert sorted(first.ids()) == sorted(second.ids())


async def test_a_failing_handler_is_retried_until_it_succeeds(make_bus: BusFactory) -> None:
    topic, dead = unique("contract.retry"), Collector()
    failures_left = {"n": 2}

    def flaky(_: object) -> bool:
        failures_left["n"] -= 1
        return failures_left["n"] >= 0

    received = Collector(fail_when=flaky)
    bus = make_bus()
    bus.subscribe([topic], received, group=unique("g"))
    bus.subscribe([topic + ".dlq"], dead, group=unique("dlq-reader"))
    await bus.start()
    await bus.publish_batch(_messages(topic, ["app"], per_key=1))
    await eventually(lambda: len(received.deliveries) == 1)
    assert received.calls == 3
    await asyncio.sleep(0.5)
    assert dead.deliveries == []


async def test_a_database_outage_is_waited_out_not_dead_lettered(make_bus: BusFactory) -> None:
    """A restarting database refuses connections for longer than the retry budget; the
    message is healthy, so it waits (backing off) instead of going to the dead letters."""
    topic, dead = unique("contract.outage"), Collector()
    refusals_left = {"n": 2 * FAST_RETRIES.max_attempts}

    def database_away(_: object) -> bool:
        refusals_left["n"] -= 1
        return refusals_left["n"] >= 0

    received = Collector(
        fail_when=database_away, failure=lambda _: ConnectionRefusedError(111, "Connect failed")
    )
    bus = make_bus()
    bus.subscribe([topic], received, group=unique("g"))
    bus.subscribe([topic + ".dlq"], dead, group=unique("dlq-reader"))
    await bus.start()
    await bus.publish_batch(_messages(topic, ["app-o"], per_key=1))
    await eventually(lambda: len(received.deliveries) == 1, within=20)
    assert received.calls == 2 * FAST_RETRIES.max_attempts + 1
    await asyncio.sleep(0.5)
    assert dead.deliveries == []


async def test_a_poison_message_is_dead_lettered_and_its_partition_moves_on(
    make_bus: BusFactory,
) -> None:
    topic, dead = unique("contract.poison"), Collector()
    batch = _messages(topic, ["app-p"], per_key=5)
    poison_id = events.CloudEvent.from_json(batch[1].value).id
    poison_attempts = {"n": 0}

    def is_poison(delivery: Delivery) -> bool:
        poison_attempts["n"] += delivery.envelope().id == poison_id
        return delivery.envelope().id == poison_id

    received = Collector(fail_when=is_poison)
    bus = make_bus()
    bus.subscribe([topic], received, group=unique("g"))
    bus.subscribe([topic + ".dlq"], dead, group=unique("dlq-reader"))
    await bus.start()
    await bus.publish_batch(batch)

    await eventually(lambda: len(received.deliveries) == 4 and len(dead.deliveries) == 1)
    # Once in its batch (however the bus cut the batches), then alone until it gave up.
    assert poison_attempts["n"] == 1 + FAST_RETRIES.max_attempts
    later = [events.CloudEvent.from_json(m.value).id for m in batch[2:]]
    assert received.ids()[1:] == later, "messages after the poison one were processed, in order"
    letter = dead.deliveries[0]
    assert letter.envelope().id == poison_id and letter.key == "app-p"
    assert letter.headers["dlq.attempts"] == str(FAST_RETRIES.max_attempts)
    assert letter.headers["dlq.topic"] == topic
    assert "ValueError: poison message" in letter.headers["dlq.error"]


async def test_an_unparseable_message_is_dead_lettered_too(make_bus: BusFactory) -> None:
    topic, dead = unique("contract.garbage"), Collector()

    async def parse(delivery: Delivery) -> None:
        delivery.envelope()

    bus = make_bus()
    bus.subscribe([topic], each(parse), group=unique("g"))
    bus.subscribe([topic + ".dlq"], dead, group=unique("dlq-reader"))
    await bus.start()
    await bus.publish_batch([OutgoingMessage(topic, "k", b"{not json")])
    await eventually(lambda: len(dead.deliveries) == 1)
    assert dead.deliveries[0].value == b"{not json"
    assert "ValidationError" in dead.deliveries[0].headers["dlq.error"]


async def test_ping_reports_a_live_bus_and_refuses_one_not_running(make_bus: BusFactory) -> None:
    """Readiness rests on ping: it must fail when the bus cannot carry a message."""
    bus = make_bus()
    with pytest.raises(ConnectionError):
        await bus.ping()
    await bus.start()
    await bus.ping()
    await bus.stop()
    with pytest.raises(ConnectionError):
        await bus.ping()
