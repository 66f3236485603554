"""Idempotent consumers: each applied event id is recorded in the same transaction as its effect."""

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from panjereh.db.uow import UnitOfWork
from panjereh.events import CloudEvent, Event
from panjereh.tables import inbox


async def claim(
    session: AsyncSession, *, consumer: str, envelopes: Sequence[CloudEvent]
) -> set[str]:
    """Record the events as applied by `consumer`, in the session's transaction, in one
    statement; return the ids that were not recorded before (the ones to apply).

    Recording first makes a racing second delivery wait on the first one's row lock
    (PostgreSQL) and then find the row, instead of applying twice. Rows go in sorted by id,
    so two batches that share ids (a redelivery after a rebalance) lock them in one order.
    """
    types: dict[str, str] = {}
    for envelope in envelopes:
        types.setdefault(envelope.id, envelope.type)
    if not types:
        return set()
    now = dt.datetime.now(dt.UTC)
    rows = [
        {"consumer": consumer, "event_id": event_id, "event_type": kind, "applied_at": now}
        for event_id, kind in sorted(types.items())
    ]
    # Parameters apart from the statement: one compiled statement (SQLAlchemy batches the
    # rows into multi-row VALUES itself), where `.values(rows)` compiles anew per row count.
    postgres = session.get_bind().dialect.name == "postgresql"
    insert = postgresql.insert(inbox) if postgres else sqlite.insert(inbox)
    statement = insert.on_conflict_do_nothing().returning(inbox.c.event_id)
    return set((await session.execute(statement, rows)).scalars())


async def applied(session: AsyncSession, *, consumer: str, event_id: str) -> bool:
    """Whether `consumer` has applied the event (for tests and operators)."""
    query = sa.select(sa.literal(True)).where(
        inbox.c.consumer == consumer, inbox.c.event_id == event_id
    )
    return bool((await session.execute(query)).scalar())


EventHandler = Callable[[Event, CloudEvent, UnitOfWork], Awaitable[None]]
"""A handler of the untyped tables (`consumers.idempotent`): the event, its envelope, the
unit of work to use."""
