"""Inbox retention: rows older than the retention are purged in batches, younger ones stay,
and (why the retention must outlast any redelivery) a purged event delivered again is applied
again. The index the purge reads comes with platform migration platform_0002."""

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from pydantic import ValidationError
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from panjereh import events, retention
from panjereh.bus.base import Delivery
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from panjereh.settings import ServiceSettings
from panjereh.tables import inbox
from tests.integration.outbox_support import MIGRATIONS, Downstream, prepare, tally
from tests.support import eventually, state_changed

pytestmark = pytest.mark.asyncio
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
KEEP = dt.timedelta(days=8)


async def _applied(engine: AsyncEngine, ages: dict[str, dt.timedelta]) -> None:
    rows = [
        {"consumer": "c", "event_id": event_id, "event_type": "t", "applied_at": NOW - age}
        for event_id, age in ages.items()
    ]
    async with engine.begin() as connection:
        await connection.execute(inbox.insert(), rows)


async def _left(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return set((await connection.execute(sa.select(inbox.c.event_id))).scalars())


async def test_rows_older_than_the_retention_go_and_younger_stay(database_url: str) -> None:
    engine = await prepare(database_url)
    try:
        await _applied(
            engine,
            {
                "old": KEEP + dt.timedelta(days=30),
                "just-old": KEEP + dt.timedelta(seconds=1),
                "just-young": KEEP - dt.timedelta(seconds=1),
                "young": dt.timedelta(minutes=1),
            },
        )
        purge = retention.InboxPurge(engine, service="test", retention=KEEP)
        assert await purge.purge(now=NOW) == 2
        assert await _left(engine) == {"just-young", "young"}
        assert await purge.purge(now=NOW) == 0
    finally:
        await engine.dispose()


async def test_many_rows_go_in_several_batches(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = await prepare(database_url)
    batches: list[int] = []
    delete_batch = retention.delete_batch

    async def counted(*args: object, **kwargs: object) -> int:
        deleted = await delete_batch(*args, **kwargs)  # type: ignore[arg-type]
        batches.append(deleted)
        return deleted

    monkeypatch.setattr(retention, "delete_batch", counted)
    try:
        await _applied(engine, {f"old-{n}": KEEP * 2 for n in range(25)} | {"young": KEEP / 2})
        purge = retention.InboxPurge(
            engine, service="test", retention=KEEP, batch_size=10, pause_seconds=0
        )
        assert await purge.purge(now=NOW) == 25
        assert batches == [10, 10, 5]
        assert await _left(engine) == {"young"}
    finally:
        await engine.dispose()


async def test_the_loop_purges_when_it_starts(database_url: str) -> None:
    engine = await prepare(database_url)
    try:
        now = dt.datetime.now(dt.UTC)
        await _applied(engine, {"old": now - NOW + KEEP * 2, "young": now - NOW})
        purge = retention.InboxPurge(engine, service="test", retention=KEEP, every_seconds=3600)
        purge.start()
        try:
            await eventually(lambda: _left_is(engine, {"young"}), what="purged at start")
        finally:
            await purge.stop()
    finally:
        await engine.dispose()


async def _left_is(engine: AsyncEngine, expected: set[str]) -> bool:
    return await _left(engine) == expected


async def test_a_purged_event_delivered_again_is_applied_again(database_url: str) -> None:
    engine = await prepare(database_url)
    try:
        envelope = events.wrap(state_changed("late", 1), source="/test")
        delivery = Delivery(events.APPLICATION, 0, 0, envelope.partitionkey, envelope.to_json())
        handle = Downstream(engine, wanted={envelope.id}).handler()
        await handle([delivery])
        await handle([delivery])
        assert await tally(engine, "applied") == 1, "within the retention: applied once"
        later = dt.datetime.now(dt.UTC) + KEEP * 2
        await retention.InboxPurge(engine, service="test", retention=KEEP).purge(now=later)
        await handle([delivery])
        assert await tally(engine, "applied") == 2, "past the retention: applied again"
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    ("keep", "batch_size"), [(dt.timedelta(0), 10), (-KEEP, 10), (KEEP, 0)], ids=str
)
async def test_a_purge_refuses_a_retention_or_batch_that_is_not_positive(
    keep: dt.timedelta, batch_size: int
) -> None:
    engine = db_engine.create_engine("sqlite+aiosqlite://")
    try:
        with pytest.raises(ValueError, match="positive"):
            retention.InboxPurge(engine, service="t", retention=keep, batch_size=batch_size)
    finally:
        await engine.dispose()


def _inbox_indexes(connection: Connection) -> set[str]:
    return {str(index["name"]) for index in sa.inspect(connection).get_indexes("inbox")}


async def test_platform_0002_indexes_an_inbox_made_before_it(database_url: str) -> None:
    engine = db_engine.create_engine(database_url)
    try:
        await migrations.upgrade(engine, MIGRATIONS, "0001")
        async with engine.begin() as connection:  # as 0001 made it before the index existed
            await connection.execute(sa.text("DROP INDEX ix_inbox_applied_at"))
        await migrations.upgrade(engine, MIGRATIONS)
        async with engine.connect() as connection:
            assert "ix_inbox_applied_at" in await connection.run_sync(_inbox_indexes)
        await migrations.upgrade(engine, MIGRATIONS, "base", downgrade=True)
        async with engine.connect() as connection:
            assert not await connection.run_sync(lambda c: sa.inspect(c).has_table("inbox"))
    finally:
        await engine.dispose()


async def test_the_settings_configure_the_purge_of_a_service(sqlite_url: str) -> None:
    engine = await prepare(sqlite_url)
    try:
        await _applied(engine, {"nine-days": dt.timedelta(days=9), "seven": dt.timedelta(days=7)})
        purge = retention.inbox_purge(engine, ServiceSettings(inbox_retention_days=8))
        assert await purge.purge(now=NOW) == 1
        assert await _left(engine) == {"seven"}
    finally:
        await engine.dispose()


@pytest.mark.parametrize("days", ["0", "-1", "soon"])
async def test_a_retention_that_is_not_a_positive_number_of_days_is_refused(days: str) -> None:
    with pytest.raises(ValidationError, match="inbox_retention_days"):
        ServiceSettings(inbox_retention_days=days)


async def test_a_stop_ends_a_long_purge_between_batches(sqlite_url: str) -> None:
    engine = await prepare(sqlite_url)
    try:
        await _applied(engine, {f"old-{n}": KEEP * 2 for n in range(30)})
        purge = retention.InboxPurge(engine, service="t", retention=KEEP, batch_size=10)
        purge._stopping.set()  # as stop() does while a round runs
        assert await purge.purge(now=NOW) == 10, "one batch, then it stops"
        assert len(await _left(engine)) == 20
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    "package",
    [
        "application_service",
        "inquiry_service",
        "status_service",
        "compliance_service",
        "notification_service",
    ],
)
async def test_a_new_revision_goes_on_the_services_own_branch(package: str) -> None:
    cfg = migrations.config(f"{package}.migrations")
    scripts = ScriptDirectory.from_config(cfg)
    assert "platform_0002" in scripts.get_heads(), "the platform's branch is a head too"
    head = scripts.get_revision(migrations.service_head(cfg))
    assert head is not None and f"{package}/migrations/versions" in head.path
