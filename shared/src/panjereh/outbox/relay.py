"""The outbox relay: publish unsent rows, and mark them sent only after the bus acknowledged.

On PostgreSQL the rows stay locked (FOR UPDATE SKIP LOCKED) from claim to mark-sent, so two
relays never send the same row; a transaction-scoped advisory lock also keeps relays of one
database taking turns, which keeps each key's events in commit order across relays. A crash
anywhere before the commit leaves the rows unsent, and they go out again: at-least-once,
made exactly-once downstream by the inbox.

Quiet by design: the unit of work wakes the relay only when it wrote outbox rows, a burst of
wakes within `coalesce_seconds` becomes one round, and the idle poll (which only finds rows
another replica committed, or rows left by a crash) is slow. Every message carries its
CloudEvents type as the `ce_type` header, so consumers skip the types they ignore undecoded.
"""

import asyncio
import contextlib
import datetime as dt
import logging

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from panjereh import metrics, tracing
from panjereh.background import Loop
from panjereh.bus.base import Headers, MessageBus, OutgoingMessage
from panjereh.outbox import store

log = logging.getLogger(__name__)

_ADVISORY_LOCK_KEY = 0x70616E6A  # "panj": one relay at a time per database
_PURGE_EVERY_SECONDS = 600.0
# The Kafka binding of CloudEvents (binary mode) names its attribute headers `ce_<attribute>`.
CE_TYPE_HEADER = "ce_type"


class OutboxRelay(Loop):
    def __init__(
        self,
        engine: AsyncEngine,
        bus: MessageBus,
        *,
        service: str,
        batch_size: int = 200,
        poll_seconds: float = 2.0,
        coalesce_seconds: float = 0.005,
        retention: dt.timedelta = dt.timedelta(days=7),
    ) -> None:
        super().__init__(
            name=f"outbox-relay-{service}",
            poll_seconds=poll_seconds,
            coalesce_seconds=coalesce_seconds,
        )
        self._engine = engine
        self._bus = bus
        self._service = service
        self._batch_size = batch_size
        self._retention = retention
        self._postgres = engine.dialect.name == "postgresql"
        self._next_purge = 0.0

    async def stop(self, *, drain_seconds: float = 5.0) -> None:
        """Finish the round in flight, try to send what is left, then stop."""
        await super().stop()
        with contextlib.suppress(Exception):
            async with asyncio.timeout(drain_seconds):
                while await self.relay_once():
                    pass

    async def relay_once(self) -> int:
        """Publish one batch of unsent rows; return how many were sent."""
        sent = await self._publish_pending()
        metrics.OUTBOX_RELAY_ROUNDS.labels(self._service, "sent" if sent else "empty").inc()
        return sent

    async def _publish_pending(self) -> int:
        async with self._engine.connect() as connection:
            if self._postgres and not await self._take_turn(connection):
                return 0
            pending = await store.claim(connection, limit=self._batch_size)
            if not pending:
                await connection.rollback()
                return 0
            if not self._postgres:
                # SQLite has one relay per file (embedded mode): end the read transaction so
                # the consumers' writers are not blocked while the in-process bus delivers.
                await connection.commit()
            await self._publish(pending)
            await store.mark_sent(connection, [m.row_id for m in pending])
            await connection.commit()
        self._observe(pending)
        return len(pending)

    async def _publish(self, pending: list[store.PendingMessage]) -> None:
        """Publish the rows, each under a producer span of the trace its envelope carries."""
        if not tracing.on():
            await self._bus.publish_batch([_outgoing(m, None) for m in pending])
            return
        topics = [m.topic for m in pending]
        parents = [tracing.envelope_traceparent(m.payload) for m in pending]
        with tracing.publishing(topics, parents) as headers:
            await self._bus.publish_batch(
                [_outgoing(m, h) for m, h in zip(pending, headers, strict=True)]
            )

    def _observe(self, sent: list[store.PendingMessage]) -> None:
        now = dt.datetime.now(dt.UTC)
        metrics.OUTBOX_PUBLISHED.labels(self._service).inc(len(sent))
        lag = metrics.OUTBOX_RELAY_LAG.labels(self._service)
        for message in sent:
            lag.observe((now - message.created_at).total_seconds())

    async def purge(self, *, batch_size: int = 10_000) -> int:
        """Delete rows sent longer ago than the retention window, a batch per transaction."""
        cutoff, total = dt.datetime.now(dt.UTC) - self._retention, 0
        while True:
            async with self._engine.begin() as connection:
                deleted = await store.purge_sent(connection, older_than=cutoff, limit=batch_size)
            total += deleted
            if deleted < batch_size:
                return total
            await asyncio.sleep(0.05)  # let the units of work's inserts through

    async def pending(self) -> int:
        async with self._engine.connect() as connection:
            return await store.count_unsent(connection)

    async def _take_turn(self, connection: AsyncConnection) -> bool:
        query = sa.select(sa.func.pg_try_advisory_xact_lock(_ADVISORY_LOCK_KEY))
        return bool((await connection.execute(query)).scalar_one())

    async def round(self) -> bool:
        loop = asyncio.get_running_loop()
        if loop.time() >= self._next_purge:
            await self.purge()
            self._next_purge = loop.time() + _PURGE_EVERY_SECONDS
        return await self.relay_once() == self._batch_size

    def failed(self, error: Exception, failures: int) -> None:
        metrics.OUTBOX_ERRORS.labels(self._service).inc()
        super().failed(error, failures)


def _outgoing(message: store.PendingMessage, traceparent: str | None) -> OutgoingMessage:
    headers: Headers = ((CE_TYPE_HEADER, message.type.encode()),)
    if traceparent is not None:
        headers += ((tracing.HEADER, traceparent.encode()),)
    return OutgoingMessage(message.topic, message.key, message.payload, headers)
