"""The Kafka bus on aiokafka: acks=all, idempotent producer, keyed partitions, manual commits.

Each subscription is one consumer in its service's group. A fetched batch is processed per
partition (a few partitions at a time, messages of one partition strictly in order), and a
partition's offset is committed only after its handlers (and their transactions) returned.
"""

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import CommitFailedError, KafkaError, TopicAlreadyExistsError

from panjereh.bus.base import Delivery, Handler, OutgoingMessage, RetryPolicy, deliver
from panjereh.events import dead_letter_topic

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Subscription:
    topics: tuple[str, ...]
    handler: Handler
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
        partitions_at_once: int = 4,
    ) -> None:
        self._bootstrap = bootstrap_servers
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
        # One consumer's fetch spans every partition of every topic it reads (a service of
        # four topics: 24). Handling all at once would check out more connections than the
        # pool keeps, and each extra one is a TLS handshake and a login, then closed again.
        self._partitions_at_once = partitions_at_once

    def subscribe(self, topics: Sequence[str], handler: Handler, *, group: str) -> None:
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
        )
        await self._producer.start()
        self._stopping.clear()
        for subscription in self._subscriptions:
            consumer = AIOKafkaConsumer(
                *(self._prefix + topic for topic in subscription.topics),
                bootstrap_servers=self._bootstrap,
                client_id=f"{self._client_id}-{subscription.group}",
                # Prefixed like the topics: two environments on one cluster must not share a
                # group, or each one's joins and leaves pause the other's consumers.
                group_id=self._prefix + subscription.group,
                enable_auto_commit=False,
                auto_offset_reset="earliest",
                max_poll_records=500,
            )
            await consumer.start()
            self._consumers.append(consumer)
            self._tasks.append(asyncio.create_task(self._consume(consumer, subscription)))

    async def stop_consuming(self) -> None:
        """Stop fetching; the record each partition is handling finishes, what was handled is
        committed, the rest of the fetched batch is left for the next owner (SIGTERM)."""
        self._stopping.set()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        for consumer in self._consumers:
            await consumer.stop()
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
        admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap, client_id=self._client_id)
        await admin.start()
        try:
            existing = set(await admin.list_topics())
            missing = [
                NewTopic(name, self._partitions, self._replication) for name in names - existing
            ]
            if missing:
                with contextlib.suppress(TopicAlreadyExistsError):
                    await admin.create_topics(missing)
        finally:
            await admin.close()

    def _all_topics(self) -> set[str]:
        return self._topics | {t for s in self._subscriptions for t in s.topics}

    async def _consume(self, consumer: AIOKafkaConsumer, subscription: _Subscription) -> None:
        turns = asyncio.Semaphore(self._partitions_at_once)

        async def in_turn(
            tp: TopicPartition, records: list[ConsumerRecord[bytes, bytes]]
        ) -> tuple[TopicPartition, int | None]:
            async with turns:
                return await self._process(consumer, subscription, tp, records)

        while not self._stopping.is_set():
            try:
                batch = await consumer.getmany(timeout_ms=200)
            except KafkaError as error:
                log.warning("fetch failed for %s: %r", subscription.group, error)
                await asyncio.sleep(1)
                continue
            if not batch:
                continue
            done = await asyncio.gather(*(in_turn(tp, records) for tp, records in batch.items()))
            offsets = {tp: offset for tp, offset in done if offset is not None}
            if offsets:
                try:
                    await consumer.commit(offsets)
                except (CommitFailedError, KafkaError) as error:
                    # The group rebalanced: the new owner gets these messages again, and the
                    # inbox makes the second application a no-op.
                    log.warning("offset commit failed for %s: %r", subscription.group, error)

    async def _process(
        self,
        consumer: AIOKafkaConsumer,
        subscription: _Subscription,
        tp: TopicPartition,
        records: list[ConsumerRecord[bytes, bytes]],
    ) -> tuple[TopicPartition, int | None]:
        """Handle one partition's records in order; return the offset to commit."""
        next_offset: int | None = None
        for record in records:
            if self._stopping.is_set():
                break  # shutting down: commit what was handled, leave the rest
            try:
                await deliver(
                    subscription.handler,
                    _delivery(record, prefix=self._prefix),
                    policy=self._policy,
                    group=subscription.group,
                    publish=self.publish_batch,
                )
            except Exception:
                # Not even the dead letter went out: fetch this record again later.
                log.exception("could not dead-letter %s@%s; will retry", tp, record.offset)
                consumer.seek(tp, record.offset)
                break
            next_offset = record.offset + 1
        return tp, next_offset


def _delivery(record: ConsumerRecord[bytes, bytes], *, prefix: str) -> Delivery:
    return Delivery(
        topic=record.topic.removeprefix(prefix),
        partition=record.partition,
        offset=record.offset,
        key=(record.key or b"").decode(),
        value=record.value or b"",
        headers={name: value.decode(errors="replace") for name, value in record.headers},
    )
