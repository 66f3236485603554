"""The bus fixtures of the contract suite: every test runs on the in-process bus and on Kafka."""

from collections.abc import AsyncIterator, Sequence
from typing import Protocol

import pytest
import pytest_asyncio

from panjereh.bus.base import BatchHandler, Delivery, MessageBus, OutgoingMessage, RetryPolicy
from panjereh.bus.kafka import KafkaBus
from panjereh.bus.memory import InMemoryBus
from tests.support import Collector, eventually, unique

FAST_RETRIES = RetryPolicy(max_attempts=3, initial_backoff=0.01, max_backoff=0.05)
MARKER = b"contract: end of the dead letters"


class BusFactory(Protocol):
    def __call__(self, *, topics: Sequence[str] = (), batch_max: int = 200) -> MessageBus: ...


@pytest_asyncio.fixture(params=["memory", pytest.param("kafka", marks=pytest.mark.kafka)])
async def make_bus(request: pytest.FixtureRequest) -> AsyncIterator[BusFactory]:
    """Makes buses of one implementation; in-process buses share one broker, as Kafka's do.

    `topics` (created at start) and `batch_max` (records per fetch) concern Kafka only."""
    started: list[MessageBus] = []
    shared_memory = InMemoryBus(policy=FAST_RETRIES)
    bootstrap = request.getfixturevalue("kafka_bootstrap") if request.param == "kafka" else ""

    def factory(*, topics: Sequence[str] = (), batch_max: int = 200) -> MessageBus:
        bus: MessageBus
        if request.param == "memory":
            bus = shared_memory
        else:
            bus = KafkaBus(
                bootstrap_servers=bootstrap,
                client_id=unique("contract"),
                topics=topics,
                policy=FAST_RETRIES,
                batch_max=batch_max,
            )
        started.append(bus)
        return bus

    yield factory
    for bus in reversed(started):
        await bus.stop()


Subscription = tuple[Sequence[str], BatchHandler, str]  # topics, handler, group


async def start_with_backlog(
    make_bus: BusFactory,
    backlog: Sequence[Sequence[OutgoingMessage]],
    subscriptions: Sequence[Subscription],
    *,
    batch_max: int = 200,
) -> MessageBus:
    """A started consumer that finds `backlog` (one list per publish call) waiting for it.

    On Kafka the messages are published before the consumer joins, so its fetches bring
    them in batches as big as `batch_max` allows, whatever the machine's timing; the
    in-process bus hands each publish call over as one batch."""
    bus = make_bus(batch_max=batch_max)
    for topics, handler, group in subscriptions:
        bus.subscribe(topics, handler, group=group)
    if isinstance(bus, InMemoryBus):
        await bus.start()
        for messages in backlog:
            await bus.publish_batch(messages)
        return bus
    publisher = make_bus(topics=sorted({m.topic for messages in backlog for m in messages}))
    await publisher.start()
    for messages in backlog:
        await publisher.publish_batch(messages)
    await bus.start()
    return bus


async def dead_letters(
    bus: MessageBus, dead: Collector, *, topic: str, keys: Sequence[str]
) -> list[Delivery]:
    """Every dead letter of `topic` under `keys` so far.

    A marker per key, published to the dead-letter topic now, lands on that key's partition
    after every letter already sent there: once the reader has seen every marker, it has
    seen those letters too, however slow the machine."""
    markers = {key: MARKER + unique(key).encode() for key in keys}
    await bus.publish_batch(
        [OutgoingMessage(topic + ".dlq", key, marker) for key, marker in markers.items()]
    )
    seen = set(markers.values())
    await eventually(lambda: seen <= {d.value for d in dead.deliveries}, within=30)
    return [d for d in dead.deliveries if not d.value.startswith(MARKER) and d.key in keys]
