"""The Kafka bus on aiokafka: acks=all, idempotent producer, keyed partitions, manual commits.

Each subscription is one consumer in its service's group. What one fetch brings (every
partition it owns, capped at `batch_max` records) is handed to the handler as one batch, each
partition's messages in offset order, and a partition's offset is committed only after the
batch's transaction committed (or, on the replay path, for the messages settled).
"""

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import CommitFailedError, KafkaError, TopicAlreadyExistsError

from panjereh.bus.base import BatchHandler, Delivery, OutgoingMessage, RetryPolicy, deliver_batch
from panjereh.bus.security import PLAINTEXT, KafkaSecurity
from panjereh.events import dead_letter_topic

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Subscription:
    topics: tuple[str, ...]
    handler: BatchHandler
    group: str


class KafkaBus:
    def __init__(
        self,
        *,
        bootstrap_servers: str,
        client_id: str,
        topics: Sequence[str] = (),
        partitions: int = 6,
        replication_factor: int = 1,
        policy: RetryPolicy | None = None,
        topic_prefix: str = "",
        batch_max: int = 200,
        security: KafkaSecurity = PLAINTEXT,
        rebuild_after: float = 30.0,
    ) -> None:
        self._bootstrap = bootstrap_servers
        # A consumer whose fetches have all failed for this long is replaced (_rebuild).
        self._rebuild_after = rebuild_after
        self._security = security
        # Environments sharing one cluster (staging, tests) keep apart by prefix; handlers
        # and callers only ever see the logical topic names.
        self._prefix = topic_prefix
        self._client_id = client_id
        self._topics = set(topics)
        self._partitions = partitions
        self._replication = replication_factor
        self._policy = policy or RetryPolicy()
        self._subscriptions: list[_Subscription] = []
        self._producer: AIOKafkaProducer | None = None
        self._consumers: list[AIOKafkaConsumer] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = asyncio.Event()
        # One transaction per fetch: bigger batches cost less per message, but hold their
        # rows' locks longer and make a replay (after a poison message) longer.
        self._batch_max = batch_max

    def subscribe(self, topics: Sequence[str], handler: BatchHandler, *, group: str) -> None:
        if self._producer is not None:
            raise RuntimeError("subscribe before start()")
        self._subscriptions.append(_Subscription(tuple(topics), handler, group))

    async def start(self) -> None:
        await self.ensure_topics(self._all_topics())
        self._producer = AIOKafkaProducer(
            bootstrap_servers=self._bootstrap,
            client_id=self._client_id,
            acks="all",
            enable_idempotence=True,
            linger_ms=2,
            request_timeout_ms=15000,
            **self._security.client_options(),
        )
        await self._producer.start()
        self._stopping.clear()
        for index, subscription in enumerate(self._subscriptions):
            consumer = self._new_consumer(subscription)
            await consumer.start()
            self._consumers.append(consumer)
            self._tasks.append(asyncio.create_task(self._consume(index, subscription)))

    def _new_consumer(self, subscription: _Subscription) -> AIOKafkaConsumer:
        return AIOKafkaConsumer(
            *(self._prefix + topic for topic in subscription.topics),
            bootstrap_servers=self._bootstrap,
            client_id=f"{self._client_id}-{subscription.group}",
            # Prefixed like the topics: two environments on one cluster must not share a
            # group, or each one's joins and leaves pause the other's consumers.
            group_id=self._prefix + subscription.group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=500,
            **self._security.client_options(),
        )

    async def stop_consuming(self) -> None:
        """Stop fetching; the record each partition is handling finishes, what was handled is
        committed, the rest of the fetched batch is left for the next owner (SIGTERM)."""
        self._stopping.set()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        for consumer in self._consumers:
            await _stop(consumer)
        self._tasks, self._consumers = [], []

    async def stop(self) -> None:
        """Stop consuming, then close the producer (after the outbox relay's last batch)."""
        await self.stop_consuming()
        if self._producer is not None:
            await self._producer.stop()
        self._producer = None

    async def ping(self) -> None:
        if self._producer is None:
            raise ConnectionError("Kafka bus is not started")
        await asyncio.wait_for(self._producer.client.fetch_all_metadata(), timeout=5)

    async def publish_batch(self, messages: Sequence[OutgoingMessage]) -> None:
        if self._producer is None:
            raise ConnectionError("Kafka bus is not started")
        # send() enqueues in call order (so one key stays ordered) and returns a future that
        # resolves when all in-sync replicas acknowledged.
        acks = [
            await self._producer.send(
                self._prefix + m.topic, m.value, key=m.key.encode(), headers=list(m.headers) or None
            )
            for m in messages
        ]
        await asyncio.gather(*acks)

    async def ensure_topics(self, topics: Sequence[str] | set[str]) -> None:
        """Create missing topics (and their dead-letter topics) with the configured layout."""
        logical = set(topics) | {dead_letter_topic(t) for t in topics if not t.endswith(".dlq")}
        names = {self._prefix + name for name in logical}
        if not names:
            return
        admin = AIOKafkaAdminClient(
            bootstrap_servers=self._bootstrap,
            client_id=self._client_id,
            **self._security.client_options(),
        )
        await admin.start()
        try:
            # Under ACLs a topic the service may not describe looks missing, and its creation
            # is refused: the owner (or the topic job) creates it; this service never reads it.
            existing = set(await admin.list_topics())
            missing = [
                NewTopic(name, self._partitions, self._replication) for name in names - existing
            ]
            if missing:
                with contextlib.suppress(TopicAlreadyExistsError):
                    _log_refusals(await admin.create_topics(missing))
        finally:
            await admin.close()

    def _all_topics(self) -> set[str]:
        return self._topics | {t for s in self._subscriptions for t in s.topics}

    async def _consume(self, index: int, subscription: _Subscription) -> None:
        loop = asyncio.get_running_loop()
        failing_since: float | None = None
        while not self._stopping.is_set():
            consumer = self._consumers[index]
            try:
                fetched = await consumer.getmany(timeout_ms=200, max_records=self._batch_max)
            except KafkaError as error:
                log.warning("fetch failed for %s: %r", subscription.group, error)
                failing_since = failing_since or loop.time()
                if loop.time() - failing_since >= self._rebuild_after:
                    await self._rebuild(index, subscription)
                    failing_since = None
                else:
                    await asyncio.sleep(1)
                continue
            failing_since = None
            if fetched:
                await self._apply(consumer, subscription, fetched)

    async def _rebuild(self, index: int, subscription: _Subscription) -> None:
        """A new consumer in place of one that keeps failing. After a broker was killed and
        came back, aiokafka's group coordinator was once seen wedged on a closed transport
        ("Unexpected error during coordination … the handler is closed") for ten minutes,
        every fetch failing while the broker was fine. What was fetched and not committed is
        fetched again from the committed offsets: the inbox makes it a no-op."""
        log.warning("rebuilding the consumer of %s after repeated failures", subscription.group)
        with contextlib.suppress(Exception):
            async with asyncio.timeout(10):
                await _stop(self._consumers[index])
        while not self._stopping.is_set():
            fresh = self._new_consumer(subscription)
            try:
                await fresh.start()
            except KafkaError as error:  # the broker may still be away: try again shortly
                log.warning("consumer of %s did not start: %r", subscription.group, error)
                with contextlib.suppress(Exception):
                    await _stop(fresh)
                await asyncio.sleep(2)
                continue
            self._consumers[index] = fresh
            return

    async def _apply(
        self,
        consumer: AIOKafkaConsumer,
        subscription: _Subscription,
        fetched: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]],
    ) -> None:
        """Hand one fetch to the handler as a batch; commit what it settled, re-fetch the rest."""
        deliveries = [
            _delivery(record, prefix=self._prefix)
            for records in fetched.values()
            for record in records
        ]
        settled = await deliver_batch(
            subscription.handler,
            deliveries,
            policy=self._policy,
            group=subscription.group,
            publish=self.publish_batch,
            stopping=self._stopping,
        )
        done: dict[TopicPartition, int] = {}
        for delivery in settled:
            done[TopicPartition(self._prefix + delivery.topic, delivery.partition)] = (
                delivery.offset + 1
            )
        owned = consumer.assignment()
        for tp, records in fetched.items():
            if done.get(tp, records[0].offset) <= records[-1].offset and tp in owned:
                # Not all settled (a dead letter that would not go out, or shutting down):
                # fetch from the first unsettled message again. A partition the group moved
                # to another replica meanwhile is its business now (and seeking it would
                # raise IllegalStateError, ending this consumer's loop).
                consumer.seek(tp, done.get(tp, records[0].offset))
        if done:
            try:
                await consumer.commit(done)
            except (CommitFailedError, KafkaError) as error:
                # The group rebalanced: the new owner gets these messages again, and the
                # inbox makes the second application a no-op.
                log.warning("offset commit failed for %s: %r", subscription.group, error)


def _log_refusals(response: Any) -> None:
    """The topics the broker would not create, except those that exist already."""
    refused = {
        name: code
        for name, code, *_ in response.topic_errors
        if code not in (0, TopicAlreadyExistsError.errno)
    }
    if refused:
        log.info("topics not created here (error codes): %s", refused)


async def _stop(consumer: AIOKafkaConsumer) -> None:
    """Leave the group; after a broker outage aiokafka's fetcher can end its stop with a
    CancelledError of its own, which must not abort the shutdown of what follows."""
    try:
        await consumer.stop()
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise  # our own shutdown is being cancelled: let it
        log.warning("the consumer's fetcher was cancelled while it stopped")


def _delivery(record: ConsumerRecord[bytes, bytes], *, prefix: str) -> Delivery:
    return Delivery(
        topic=record.topic.removeprefix(prefix),
        partition=record.partition,
        offset=record.offset,
        key=(record.key or b"").decode(),
        value=record.value or b"",
        headers={name: value.decode(errors="replace") for name, value in record.headers},
    )
