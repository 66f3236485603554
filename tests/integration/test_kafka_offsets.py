"""Offsets are committed only after handlers return: a restarted consumer resumes exactly there."""

import asyncio

import pytest

from panjereh import events
from panjereh.bus.base import Delivery, OutgoingMessage, each
from panjereh.bus.kafka import KafkaBus
from tests.support import Collector, eventually, state_changed, unique

pytestmark = pytest.mark.asyncio


def _batch(topic: str, start: int, count: int) -> list[OutgoingMessage]:
    return [
        OutgoingMessage.of(topic, events.wrap(state_changed("same-key", n), source="/t"))
        for n in range(start, start + count)
    ]


async def test_a_restarted_consumer_resumes_after_its_last_commit(kafka_bootstrap: str) -> None:
    topic, group = unique("offsets"), unique("group")
    first = Collector()
    bus = KafkaBus(bootstrap_servers=kafka_bootstrap, client_id="offsets-1")
    bus.subscribe([topic], first, group=group)
    await bus.start()
    await bus.publish_batch(_batch(topic, 0, 5))
    await eventually(lambda: len(first.deliveries) == 5)
    await bus.stop()

    publisher = KafkaBus(bootstrap_servers=kafka_bootstrap, client_id="offsets-pub")
    await publisher.start()
    await publisher.publish_batch(_batch(topic, 5, 3))
    await publisher.stop()

    second = Collector()
    restarted = KafkaBus(bootstrap_servers=kafka_bootstrap, client_id="offsets-2")
    restarted.subscribe([topic], second, group=group)
    await restarted.start()
    try:
        await eventually(lambda: len(second.deliveries) == 3)
        await asyncio.sleep(1)
        assert [d.offset for d in second.deliveries] == [5, 6, 7]
    finally:
        await restarted.stop()


async def test_an_unfinished_handler_is_not_committed_and_is_redelivered(
    kafka_bootstrap: str,
) -> None:
    topic, group = unique("uncommitted"), unique("group")
    started, never = asyncio.Event(), asyncio.Event()

    async def stuck(delivery: Delivery) -> None:
        started.set()
        await never.wait()  # the process "dies" while this handler runs

    bus = KafkaBus(bootstrap_servers=kafka_bootstrap, client_id="stuck")
    bus.subscribe([topic], each(stuck), group=group)
    await bus.start()
    await bus.publish_batch(_batch(topic, 0, 2))
    await asyncio.wait_for(started.wait(), 30)
    for task in bus._tasks:  # a crash: the consume loop dies mid-handler, nothing committed
        task.cancel()
    await bus.stop()

    again = Collector()
    restarted = KafkaBus(bootstrap_servers=kafka_bootstrap, client_id="restarted")
    restarted.subscribe([topic], again, group=group)
    await restarted.start()
    try:
        await eventually(lambda: len(again.deliveries) == 2)
        assert [d.offset for d in again.deliveries] == [0, 1]
    finally:
        await restarted.stop()
