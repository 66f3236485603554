"""The deliveries log's retention: finished deliveries older than the retention are deleted.

Each application makes a delivery per subscription per event, and each delivery one or more
attempts: at 50 applications/s tens of millions of rows a day. A delivery that succeeded or
is dead is kept `PANJEREH_NOTIFICATION_DELIVERIES_RETENTION_DAYS` (30 by default: longer
than anyone redelivers after), then deleted with its attempts, in batches, each its own
short unit of work with a pause between (as the kit's inbox purge does). Open deliveries
(pending, failed) are never purged, whatever their age.
"""

import asyncio
import datetime as dt
import logging

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notification_service.models import webhook_attempts, webhook_deliveries
from panjereh.background import Loop
from panjereh.db.engine import as_utc
from panjereh.db.uow import UnitOfWorkFactory
from panjereh.retention import HOURLY

log = logging.getLogger(__name__)
FINISHED = ("succeeded", "dead")


class DeliveryPurge(Loop):
    def __init__(
        self,
        units: UnitOfWorkFactory,
        *,
        retention: dt.timedelta,
        batch_size: int = 5_000,
        pause_seconds: float = 0.05,
        every_seconds: float = HOURLY,
    ) -> None:
        if retention <= dt.timedelta(0) or batch_size < 1:
            raise ValueError("the deliveries purge needs a positive retention and batch size")
        super().__init__(name="webhook-deliveries-purge", poll_seconds=every_seconds)
        self._units = units
        self._retention = retention
        self._batch_size = batch_size
        self._pause = pause_seconds

    async def round(self) -> bool:
        await self.purge()
        return False  # what is left is younger than the retention, or still open

    async def purge(self, *, now: dt.datetime | None = None) -> int:
        """Delete the finished deliveries made before the retention; return how many."""
        cutoff = (now or dt.datetime.now(dt.UTC)) - self._retention
        total, after = 0, 0
        while True:
            async with self._units() as uow:
                deleted, reached = await purge_batch(
                    await uow.session.connection(),
                    after_seq=after,
                    older_than=cutoff,
                    limit=self._batch_size,
                )
                await uow.commit()
            total += deleted
            if reached is None or self._stopping.is_set():
                break  # the young rows begin, or shutting down (the next round goes on)
            after = reached
            await asyncio.sleep(self._pause)  # let the consumer's and dispatcher's through
        if total:
            log.info("deliveries purge: %s made before %s deleted", total, cutoff.isoformat())
        return total


async def purge_batch(
    connection: AsyncConnection, *, after_seq: int, older_than: dt.datetime, limit: int
) -> tuple[int, int | None]:
    """Among the `limit` oldest deliveries after `after_seq`, delete the finished ones made
    before `older_than` (attempts first); how many, and the seq to go on after (None once
    a younger delivery or the end is reached).

    Deliveries are made in `seq` order, so the old ones are the first rows: the walk along
    the primary key stops where the young ones begin instead of scanning the table.
    """
    c = webhook_deliveries.c
    oldest = (
        sa.select(c.seq, c.id, c.status, c.created_at)
        .where(c.seq > after_seq)
        .order_by(c.seq)
        .limit(limit)
    )
    rows = (await connection.execute(oldest)).all()
    old = [r for r in rows if as_utc(r.created_at) < older_than]
    doomed = [r for r in old if r.status in FINISHED]
    deleted = 0
    if doomed:
        await connection.execute(
            webhook_attempts.delete().where(
                webhook_attempts.c.delivery_id.in_([r.id for r in doomed])
            )
        )
        result = await connection.execute(
            webhook_deliveries.delete().where(c.seq.in_([r.seq for r in doomed]))
        )
        deleted = int(result.rowcount or 0)
    go_on = len(rows) == limit and len(old) == len(rows)
    return deleted, rows[-1].seq if go_on else None
