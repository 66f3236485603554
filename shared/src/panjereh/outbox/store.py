"""Outbox SQL: rows added in the caller's transaction; claimed and marked by the relay."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from panjereh.db.engine import as_utc
from panjereh.events import CloudEvent, registry
from panjereh.tables import outbox

_TOPIC_BY_TYPE = {event.type: event.topic for event in registry.ALL}


@dataclass(frozen=True)
class PendingMessage:
    row_id: int
    topic: str
    key: str
    type: str
    payload: bytes
    created_at: dt.datetime


async def add(session: AsyncSession, envelopes: Sequence[CloudEvent]) -> None:
    """Stage envelopes in the session's transaction (the unit of work commits them)."""
    now = dt.datetime.now(dt.UTC)
    await session.execute(
        outbox.insert(),
        [
            {
                "event_id": env.id,
                "topic": _TOPIC_BY_TYPE[env.type],
                "key": env.partitionkey,
                "type": env.type,
                "payload": env.to_json(),
                "created_at": now,
            }
            for env in envelopes
        ],
    )


async def claim(connection: AsyncConnection, *, limit: int) -> list[PendingMessage]:
    """Lock the oldest unsent rows; SKIP LOCKED leaves rows another relay holds to that relay."""
    query = (
        sa.select(
            outbox.c.id,
            outbox.c.topic,
            outbox.c.key,
            outbox.c.type,
            outbox.c.payload,
            outbox.c.created_at,
        )
        .where(outbox.c.sent_at.is_(None))
        .order_by(outbox.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = (await connection.execute(query)).all()
    return [
        PendingMessage(r.id, r.topic, r.key, r.type, r.payload, as_utc(r.created_at)) for r in rows
    ]


async def mark_sent(connection: AsyncConnection, row_ids: Sequence[int]) -> None:
    await connection.execute(
        outbox.update()
        .where(outbox.c.id.in_(row_ids))
        .values(sent_at=dt.datetime.now(dt.UTC), attempts=outbox.c.attempts + 1)
    )


async def count_unsent(connection: AsyncConnection) -> int:
    query = sa.select(sa.func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
    return int((await connection.execute(query)).scalar_one())


async def purge_sent(
    connection: AsyncConnection, *, older_than: dt.datetime, limit: int = 10_000
) -> int:
    """Delete at most `limit` rows sent before `older_than` (the relay keeps a window for
    audits and replays), oldest first: the caller repeats it, a short transaction each."""
    oldest = (
        sa.select(outbox.c.id)
        .where(outbox.c.sent_at.is_not(None), outbox.c.sent_at < older_than)
        .limit(limit)  # unordered: a scan stops at the first `limit` (the oldest lie first)
    )
    result = await connection.execute(outbox.delete().where(outbox.c.id.in_(oldest)))
    return int(result.rowcount or 0)
