"""A tiny producer service and a tiny consumer service over the real platform kit."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from panjereh import consumers, events
from panjereh.bus.base import BatchHandler, Delivery
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from panjereh.db.uow import UnitOfWork
from tests.support import state_changed

MIGRATIONS = "status_service.migrations"  # any service's: each creates the platform tables


async def prepare(url: str) -> AsyncEngine:
    """An engine on a migrated database with a `tally` table for non-idempotent effects."""
    engine = db_engine.create_engine(url)
    await migrations.upgrade(engine, MIGRATIONS)
    async with engine.begin() as connection:
        await connection.execute(
            sa.text("CREATE TABLE tally (name VARCHAR(50) PRIMARY KEY, n INTEGER NOT NULL)")
        )
        await connection.execute(sa.text("INSERT INTO tally VALUES ('applied', 0), ('changes', 0)"))
    return engine


async def bump(uow: UnitOfWork, name: str) -> None:
    await uow.session.execute(
        sa.text("UPDATE tally SET n = n + 1 WHERE name = :name"), {"name": name}
    )


async def tally(engine: AsyncEngine, name: str) -> int:
    async with engine.connect() as connection:
        result = await connection.execute(
            sa.text("SELECT n FROM tally WHERE name = :name"), {"name": name}
        )
        return int(result.scalar_one())


async def produce(engine: AsyncEngine, count: int, *, prefix: str) -> list[str]:
    """Commit `count` state changes, each with its event, one unit of work apiece."""
    for n in range(count):
        async with UnitOfWork(db_engine.session_factory(engine), source="/test/producer") as uow:
            await bump(uow, "changes")
            uow.emit(state_changed(f"{prefix}-{n % 7}", n))
            await uow.commit()
    async with engine.connect() as connection:
        rows = await connection.execute(sa.text("SELECT event_id FROM outbox ORDER BY id"))
        return [row.event_id for row in rows]


@dataclass
class Downstream:
    """A consumer whose effect (a counter) is NOT idempotent by itself: the inbox makes it so."""

    engine: AsyncEngine
    wanted: set[str]
    deliveries: Counter[str] = field(default_factory=Counter)

    def handler(self) -> BatchHandler:
        async def apply(event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork) -> None:
            await bump(uow, "applied")

        idempotent = consumers.idempotent(
            consumer="downstream",
            uow_factory=lambda: UnitOfWork(
                db_engine.session_factory(self.engine), source="/test/downstream"
            ),
            handlers={events.ApplicationStateChanged: apply},
        )

        async def handle(deliveries: Sequence[Delivery]) -> None:
            ours = [d for d in deliveries if d.envelope().id in self.wanted]
            # (the shared topic also holds other tests' events)
            await idempotent(ours)
            for delivery in ours:
                self.deliveries[delivery.envelope().id] += 1

        return handle
