"""The in-process bus for the embedded mode and unit tests.

`publish_batch` returns once every subscribed group has handled the messages (or dead-lettered
them): that is this bus's acknowledgement, so an outbox row is marked sent only after its
consumers applied it, and a crash before then sends it again on restart. Each consuming
group gets what one call publishes as one batch, as a Kafka consumer gets what one fetch
brings; the partitions it touches are locked (in sorted order) while it is applied, so each
partition's messages are applied in order across concurrent publishers.
"""

import asyncio
import contextlib
import itertools
import zlib
from collections import defaultdict
from collections.abc import Sequence

from panjereh.bus.base import BatchHandler, Delivery, OutgoingMessage, RetryPolicy, deliver_batch


class InMemoryBus:
    def __init__(self, *, partitions: int = 6, policy: RetryPolicy | None = None) -> None:
        self._partitions = partitions
        self._policy = policy or RetryPolicy()
        self._groups: dict[str, dict[str, list[BatchHandler]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._locks: dict[tuple[str, str, int], asyncio.Lock] = defaultdict(asyncio.Lock)
        self._offsets: dict[tuple[str, int], itertools.count[int]] = defaultdict(itertools.count)
        self._running = False

    def subscribe(self, topics: Sequence[str], handler: BatchHandler, *, group: str) -> None:
        for topic in topics:
            self._groups[topic][group].append(handler)

    async def start(self) -> None:
        self._running = True

    async def stop_consuming(self) -> None:
        """Nothing to do: deliveries run inside `publish_batch`, which its caller awaits."""

    async def stop(self) -> None:
        self._running = False

    async def ping(self) -> None:
        if not self._running:
            raise ConnectionError("in-process bus is not running")

    def partition_of(self, key: str) -> int:
        return zlib.crc32(key.encode()) % self._partitions

    async def publish_batch(self, messages: Sequence[OutgoingMessage]) -> None:
        await self.ping()
        by_partition: dict[tuple[str, int], list[Delivery]] = defaultdict(list)
        for message in messages:
            partition = self.partition_of(message.key)
            by_partition[(message.topic, partition)].append(
                Delivery(
                    topic=message.topic,
                    partition=partition,
                    offset=next(self._offsets[(message.topic, partition)]),
                    key=message.key,
                    value=message.value,
                    headers={name: value.decode() for name, value in message.headers},
                )
            )
        batches: dict[tuple[str, int], list[Delivery]] = defaultdict(list)
        handlers: dict[tuple[str, int], BatchHandler] = {}
        for (topic, partition), deliveries in by_partition.items():
            for group, subscribed in self._groups[topic].items():
                handler = subscribed[partition % len(subscribed)]
                handlers[(group, id(handler))] = handler
                batches[(group, id(handler))].extend(deliveries)
        await asyncio.gather(
            *(
                self._deliver_in_order(group, handler, batches[(group, handler_id)])
                for (group, handler_id), handler in handlers.items()
            )
        )

    async def _deliver_in_order(
        self, group: str, handler: BatchHandler, deliveries: list[Delivery]
    ) -> None:
        partitions = sorted({(d.topic, d.partition) for d in deliveries})
        async with contextlib.AsyncExitStack() as held:
            for topic, partition in partitions:
                await held.enter_async_context(self._locks[(topic, group, partition)])
            await deliver_batch(
                handler, deliveries, policy=self._policy, group=group, publish=self.publish_batch
            )
