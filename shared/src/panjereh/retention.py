"""Inbox retention: forget applied event ids once no redelivery of them can come any more.

The inbox grows by one row per applied event (at 50 applications/s some 125 million rows a
day). A row is needed only while its event may still be delivered again; after that the
purge deletes it, in batches of `batch_size` rows, each its own short transaction with a
pause between, so it never holds many locks or a long transaction beside the consumers.

An event delivered again after its row was purged is applied again: that is why the
retention must be at least as long as a redelivery can come (docs/operations.md,
"Inbox retention").
"""

import asyncio
import datetime as dt
import logging

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from panjereh import metrics
from panjereh.background import Loop
from panjereh.settings import ServiceSettings
from panjereh.tables import inbox

log = logging.getLogger(__name__)

HOURLY = 3600.0


class InboxPurge(Loop):
    def __init__(
        self,
        engine: AsyncEngine,
        *,
        service: str,
        retention: dt.timedelta,
        batch_size: int = 10_000,
        pause_seconds: float = 0.05,
        every_seconds: float = HOURLY,
    ) -> None:
        if retention <= dt.timedelta(0) or batch_size < 1:
            raise ValueError("the inbox purge needs a positive retention and batch size")
        super().__init__(name=f"inbox-purge-{service}", poll_seconds=every_seconds)
        self._engine = engine
        self._service = service
        self._retention = retention
        self._batch_size = batch_size
        self._pause = pause_seconds

    async def round(self) -> bool:
        await self.purge()
        return False  # done until the next hour: what is left is younger than the retention

    async def purge(self, *, now: dt.datetime | None = None) -> int:
        """Delete the rows applied longer ago than the retention; return how many."""
        cutoff = (now or dt.datetime.now(dt.UTC)) - self._retention
        total = 0
        while True:
            async with self._engine.begin() as connection:
                deleted = await delete_batch(connection, older_than=cutoff, limit=self._batch_size)
            total += deleted
            metrics.INBOX_PURGED.labels(self._service).inc(deleted)
            if deleted < self._batch_size or self._stopping.is_set():
                break  # done, or shutting down: the next start goes on where this stopped
            await asyncio.sleep(self._pause)  # let the consumers' transactions through
        if total:
            log.info("inbox purge: %s rows applied before %s deleted", total, cutoff.isoformat())
        return total


def inbox_purge(engine: AsyncEngine, settings: ServiceSettings) -> InboxPurge:
    """The purge of a service's inbox, as its settings configure it (started by the runtime)."""
    return InboxPurge(
        engine,
        service=settings.service_name,
        retention=dt.timedelta(days=settings.inbox_retention_days),
    )


async def delete_batch(connection: AsyncConnection, *, older_than: dt.datetime, limit: int) -> int:
    """Delete at most `limit` inbox rows applied before `older_than`, by primary key.

    The subquery walks ix_inbox_applied_at; the same statement runs on PostgreSQL and SQLite.
    """
    oldest = (
        sa.select(inbox.c.consumer, inbox.c.event_id)
        .where(inbox.c.applied_at < older_than)
        .limit(limit)
    )
    statement = inbox.delete().where(sa.tuple_(inbox.c.consumer, inbox.c.event_id).in_(oldest))
    result = await connection.execute(statement)
    return int(result.rowcount or 0)
