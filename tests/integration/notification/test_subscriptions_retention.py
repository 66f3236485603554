"""The deliveries log's retention on SQLite and PostgreSQL: finished deliveries older than
the retention go with their attempts; open ones and younger ones stay."""

import datetime as dt
import uuid
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from notification_service.models import webhook_attempts, webhook_deliveries, webhook_subscriptions
from notification_service.retention import DeliveryPurge
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from panjereh.db.uow import UnitOfWork

pytestmark = pytest.mark.asyncio
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
OLD = NOW - dt.timedelta(days=31)
YOUNG = NOW - dt.timedelta(days=29)


@pytest_asyncio.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    made = db_engine.create_engine(database_url)
    await migrations.upgrade(made, "notification_service.migrations")
    try:
        yield made
    finally:
        await made.dispose()


async def _seed(engine: AsyncEngine, rows: list[tuple[str, dt.datetime, int]]) -> list[str]:
    """One subscription; a delivery per (status, made at, attempts); their ids in order."""
    ids = [str(uuid.uuid4()) for _ in rows]
    async with engine.begin() as connection:
        await connection.execute(
            sa.insert(webhook_subscriptions).values(
                id="sub",
                agency_id="passport-police",
                url="https://receiver.example/",
                events=["*"],
                secret_ciphertext="v1.x",
                status="active",
                created_at=OLD,
            )
        )
        for delivery_id, (status, at, attempts) in zip(ids, rows, strict=True):
            await connection.execute(
                sa.insert(webhook_deliveries).values(
                    id=delivery_id,
                    subscription_id="sub",
                    event_id=str(uuid.uuid4()),
                    event_type="application.decided",
                    payload="{}",
                    status=status,
                    attempts=attempts,
                    created_at=at,
                )
            )
            for attempt in range(1, attempts + 1):
                await connection.execute(
                    sa.insert(webhook_attempts).values(
                        delivery_id=delivery_id, attempt=attempt, at=at, response_status=500
                    )
                )
    return ids


async def _left(engine: AsyncEngine) -> tuple[set[str], set[str]]:
    async with engine.connect() as connection:
        deliveries = set((await connection.execute(sa.select(webhook_deliveries.c.id))).scalars())
        attempted = set(
            (await connection.execute(sa.select(webhook_attempts.c.delivery_id))).scalars()
        )
    return deliveries, attempted


async def test_only_finished_deliveries_older_than_the_retention_go(engine: AsyncEngine) -> None:
    _old_ok, _old_dead, old_pending, old_failed, young_ok = await _seed(
        engine,
        [
            ("succeeded", OLD, 1),
            ("dead", OLD, 3),
            ("pending", OLD, 0),
            ("failed", OLD, 2),
            ("succeeded", YOUNG, 1),
        ],
    )
    sessions = db_engine.session_factory(engine)
    purge = DeliveryPurge(
        lambda: UnitOfWork(sessions, source="/test"),
        retention=dt.timedelta(days=30),
        batch_size=1,
    )

    assert await purge.purge(now=NOW) == 2  # in batches of one, until none is left
    deliveries, attempted = await _left(engine)
    assert deliveries == {old_pending, old_failed, young_ok}
    assert attempted == {old_failed, young_ok}
    assert await purge.purge(now=NOW) == 0


async def test_a_retention_must_be_positive() -> None:
    with pytest.raises(ValueError):
        DeliveryPurge(None, retention=dt.timedelta(0))  # type: ignore[arg-type]
