"""A consumer whose fetches keep failing is replaced, and the new one takes up where the
group's committed offsets are: after a broker was SIGKILLed and came back, aiokafka's group
coordinator was seen wedged on a closed transport for ten minutes (the short fault campaign),
every fetch failing while the broker answered everyone else."""

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaError

from panjereh import events
from panjereh.bus.base import OutgoingMessage
from panjereh.bus.kafka import KafkaBus
from tests.support import Collector, eventually, state_changed, unique

pytestmark = pytest.mark.asyncio


class Wedged(AIOKafkaConsumer):
    """What the wedged consumer did: started, in its group, and every fetch an error."""

    async def getmany(self, *partitions: object, **options: object) -> dict:  # type: ignore[override]
        raise KafkaError("Unexpected error during coordination: the handler is closed")


class FirstWedged(KafkaBus):
    def __init__(self, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.built: list[AIOKafkaConsumer] = []

    def _new_consumer(self, subscription):  # type: ignore[no-untyped-def]
        consumer = super()._new_consumer(subscription)
        if not self.built:  # the first one wedges, as the broker's restart left it
            consumer.__class__ = Wedged
        self.built.append(consumer)
        return consumer


async def test_a_consumer_that_keeps_failing_is_rebuilt_and_delivers(kafka_bootstrap: str) -> None:
    topic, group = unique("rebuild"), unique("group")
    collector = Collector()
    bus = FirstWedged(bootstrap_servers=kafka_bootstrap, client_id="rebuild", rebuild_after=2.0)
    bus.subscribe([topic], collector, group=group)
    await bus.start()
    try:
        await bus.publish_batch(
            [
                OutgoingMessage.of(topic, events.wrap(state_changed("k", n), source="/t"))
                for n in range(3)
            ]
        )
        await eventually(lambda: len(collector.deliveries) == 3, within=60, what="delivered")
        assert len(bus.built) == 2, "one wedged consumer, one that replaced it"
        assert [d.offset for d in collector.deliveries] == [0, 1, 2]
    finally:
        await bus.stop()


async def test_a_healthy_consumer_is_never_rebuilt(kafka_bootstrap: str) -> None:
    topic, group = unique("keep"), unique("group")
    collector = Collector()
    bus = FirstWedged(bootstrap_servers=kafka_bootstrap, client_id="keep", rebuild_after=3600)
    bus.built.append(None)  # type: ignore[arg-type] # no wedged consumer this time
    bus.subscribe([topic], collector, group=group)
    await bus.start()
    try:
        await bus.publish_batch(
            [OutgoingMessage.of(topic, events.wrap(state_changed("k", 0), source="/t"))]
        )
        await eventually(lambda: len(collector.deliveries) == 1, within=60, what="delivered")
        assert len(bus.built) == 2  # the placeholder and the one consumer: none rebuilt
    finally:
        await bus.stop()
