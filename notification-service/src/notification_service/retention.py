"""The deliveries log's retention: finished deliveries older than the retention are deleted.

Each application makes a delivery per subscription per event, and each delivery one or more
attempts: at 50 applications/s tens of millions of rows a day. A delivery that succeeded or
is dead is kept `PANJEREH_NOTIFICATION_DELIVERIES_RETENTION_DAYS` (30 by default: longer
than anyone redelivers after), then deleted with its attempts, in batches, each its own
short transaction with a pause between (as the kit's inbox purge does). Open deliveries
(pending, failed) are never purged, whatever their age.
"""

import asyncio
import datetime as dt
import logging

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from notification_service.models import webhook_attempts, webhook_deliveries
from panjereh.background import Loop
from panjereh.retention import HOURLY

log = logging.getLogger(__name__)
FINISHED = ("succeeded", "dead")


class DeliveryPurge(Loop):
    def __init__(
        self,
        engine: AsyncEngine,
        *,
        retention: dt.timedelta,
        batch_size: int = 5_000,
        pause_seconds: float = 0.05,
        every_seconds: float = HOURLY,
    ) -> None:
        if retention <= dt.timedelta(0) or batch_size < 1:
            raise ValueError("the deliveries purge needs a positive retention and batch size")
        super().__init__(name="webhook-deliveries-purge", poll_seconds=every_seconds)
        self._engine = engine
        self._retention = retention
        self._batch_size = batch_size
        self._pause = pause_seconds

    async def round(self) -> bool:
        await self.purge()
        return False  # what is left is younger than the retention, or still open

    async def purge(self, *, now: dt.datetime | None = None) -> int:
        """Delete the finished deliveries made before the retention; return how many."""
        cutoff = (now or dt.datetime.now(dt.UTC)) - self._retention
        total = 0
        while True:
            async with self._engine.begin() as connection:
                deleted = await delete_batch(connection, older_than=cutoff, limit=self._batch_size)
            total += deleted
            if deleted < self._batch_size or self._stopping.is_set():
                break
            await asyncio.sleep(self._pause)  # let the consumer's and dispatcher's through
        if total:
            log.info("deliveries purge: %s made before %s deleted", total, cutoff.isoformat())
        return total


async def delete_batch(connection: AsyncConnection, *, older_than: dt.datetime, limit: int) -> int:
    """Delete at most `limit` finished deliveries made before `older_than`, attempts first.

    Walks the primary key from the oldest: deliveries are made in `seq` order, so the old
    ones are the first rows and the scan stops after `limit` of them.
    """
    c = webhook_deliveries.c
    oldest = (
        sa.select(c.seq, c.id)
        .where(c.created_at < older_than, c.status.in_(FINISHED))
        .order_by(c.seq)
        .limit(limit)
    )
    rows = (await connection.execute(oldest)).all()
    if not rows:
        return 0
    await connection.execute(
        webhook_attempts.delete().where(webhook_attempts.c.delivery_id.in_([r.id for r in rows]))
    )
    result = await connection.execute(
        webhook_deliveries.delete().where(c.seq.in_([r.seq for r in rows]))
    )
    return int(result.rowcount or 0)
