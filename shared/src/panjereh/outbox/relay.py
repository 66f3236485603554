"""The outbox relay: publish unsent rows, and mark them sent only after the bus acknowledged.

On PostgreSQL the rows stay locked (FOR UPDATE SKIP LOCKED) from claim to mark-sent, so two
relays never send the same row; a transaction-scoped advisory lock also keeps relays of one
database taking turns, which keeps each key's events in commit order across relays. A crash
anywhere before the commit leaves the rows unsent, and they go out again: at-least-once,
made exactly-once downstream by the inbox.
"""

import asyncio
import contextlib
import datetime as dt
import logging

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from panjereh import metrics
from panjereh.bus.base import MessageBus, OutgoingMessage
from panjereh.outbox import store

log = logging.getLogger(__name__)

_ADVISORY_LOCK_KEY = 0x70616E6A  # "panj": one relay at a time per database
_PURGE_EVERY_SECONDS = 600.0


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        bus: MessageBus,
        *,
        service: str,
        batch_size: int = 200,
        poll_seconds: float = 0.5,
        retention: dt.timedelta = dt.timedelta(days=7),
    ) -> None:
        self._engine = engine
        self._bus = bus
        self._service = service
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._retention = retention
        self._postgres = engine.dialect.name == "postgresql"
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Tell the relay new rows committed (saves waiting for the next poll)."""
        self._wake.set()

    def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self._service}")

    async def stop(self, *, drain_seconds: float = 5.0) -> None:
        """Finish the round in flight, try to send what is left, then stop."""
        self._stopping.set()
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None
        with contextlib.suppress(Exception):
            async with asyncio.timeout(drain_seconds):
                while await self.relay_once():
                    pass

    async def relay_once(self) -> int:
        """Publish one batch of unsent rows; return how many were sent."""
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
            await self._bus.publish_batch(
                [OutgoingMessage(m.topic, m.key, m.payload) for m in pending]
            )
            await store.mark_sent(connection, [m.row_id for m in pending])
            await connection.commit()
        self._observe(pending)
        return len(pending)

    def _observe(self, sent: list[store.PendingMessage]) -> None:
        now = dt.datetime.now(dt.UTC)
        metrics.OUTBOX_PUBLISHED.labels(self._service).inc(len(sent))
        lag = metrics.OUTBOX_RELAY_LAG.labels(self._service)
        for message in sent:
            lag.observe((now - message.created_at).total_seconds())

    async def purge(self) -> int:
        """Delete rows sent longer ago than the retention window."""
        async with self._engine.begin() as connection:
            return await store.purge_sent(
                connection, older_than=dt.datetime.now(dt.UTC) - self._retention
            )

    async def pending(self) -> int:
        async with self._engine.connect() as connection:
            return await store.count_unsent(connection)

    async def _take_turn(self, connection: AsyncConnection) -> bool:
        query = sa.select(sa.func.pg_try_advisory_xact_lock(_ADVISORY_LOCK_KEY))
        return bool((await connection.execute(query)).scalar_one())

    async def _run(self) -> None:
        failures = 0
        next_purge = 0.0
        loop = asyncio.get_running_loop()
        while not self._stopping.is_set():
            try:
                if loop.time() >= next_purge:
                    await self.purge()
                    next_purge = loop.time() + _PURGE_EVERY_SECONDS
                sent = await self.relay_once()
                failures = 0
            except Exception as error:
                failures += 1
                metrics.OUTBOX_ERRORS.labels(self._service).inc()
                log.warning("outbox relay round failed (%s in a row): %r", failures, error)
                sent = 0
            if sent == self._batch_size:
                continue
            await self._idle(backoff=min(2**failures, 30) * self._poll_seconds if failures else 0)

    async def _idle(self, *, backoff: float) -> None:
        """Wait for a commit (or stop), a poll interval, or after a failure the backoff."""
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(backoff or self._poll_seconds):
                await self._wake.wait()
