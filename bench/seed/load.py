"""Create each service's database, migrate it with the service's own Alembic migrations, and
fill it with COPY (asyncpg's copy_records_to_table), chunk by chunk."""

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bench.seed import rows, world
from panjereh.db import migrations

MIGRATIONS = {
    "application": "application_service.migrations",
    "status": "status_service.migrations",
    "inquiry": "inquiry_service.migrations",
    "compliance": "compliance_service.migrations",
}
CHUNK = 20_000


@dataclass
class Seeded:
    """What was loaded, where, and what the bench needs to ask for it."""

    urls: dict[str, str]  # service → SQLAlchemy URL of its seeded database
    applications: int
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)  # "service.table" → rows


def database_urls(admin_url: str, prefix: str) -> dict[str, str]:
    base = make_url(admin_url)
    return {
        service: base.set(database=f"{prefix}{service}").render_as_string(hide_password=False)
        for service in MIGRATIONS
    }


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def create_databases(admin_url: str, urls: Mapping[str, str]) -> None:
    """Fresh databases (an older seed of the same name is dropped), migrated to head."""
    await drop_databases(admin_url, urls)
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            for url in urls.values():
                await connection.execute(sa.text(f'CREATE DATABASE "{make_url(url).database}"'))
    finally:
        await admin.dispose()
    for service, url in urls.items():
        engine = create_async_engine(url)
        try:
            await migrations.upgrade(engine, MIGRATIONS[service])
        finally:
            await engine.dispose()


async def drop_databases(admin_url: str, urls: Mapping[str, str]) -> None:
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            for url in urls.values():
                name = make_url(url).database
                await connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


@contextlib.asynccontextmanager
async def _connections(urls: Mapping[str, str]) -> AsyncIterator[dict[str, asyncpg.Connection]]:
    opened = {s: await asyncpg.connect(_asyncpg_dsn(u)) for s, u in urls.items()}
    try:
        yield opened
    finally:
        for connection in opened.values():
            await connection.close()


async def _copy(
    connection: asyncpg.Connection, table: str, columns: Iterable[str], records: list[Any]
) -> None:
    if records:
        await connection.copy_records_to_table(table, records=records, columns=list(columns))


async def load(
    admin_url: str,
    *,
    prefix: str,
    applications: int,
    seed: int = 19,
    log: Callable[[str], None] | None = print,
) -> Seeded:
    """Seed `applications` applications (3 inquiries and audit entries each) across the four
    services' databases named `<prefix><service>`; returns where, how many and how long."""
    urls = database_urls(admin_url, prefix)
    started = time.perf_counter()
    await create_databases(admin_url, urls)
    drawn = world.World(applications=applications, seed=seed)
    made = rows.Rows(drawn.now)
    small = rows.catalogue(drawn.services, world.agencies(), drawn.now)
    async with _connections(urls) as connections:
        for service, tables in small.items():
            for table, (columns, records) in tables.items():
                await _copy(connections[service], table, columns, records)
        cases = drawn.cases()
        done = 0
        while chunk := list(itertools.islice(cases, CHUNK)):
            await _copy_chunk(connections, made.chunk(chunk))
            done += len(chunk)
            if log is not None:
                elapsed = time.perf_counter() - started
                log(f"seeded {done}/{applications} applications ({elapsed:.0f} s)")
        columns = ("service_id", "day", "applications", *_tally_columns())
        await _copy(connections["compliance"], "service_days", columns, made.service_days())
        await _finish(connections)
        counts = await _counts(connections)
        seconds = time.perf_counter() - started
        await _note(connections["application"], applications, seconds)
    return Seeded(urls, applications, seconds, counts)


async def _note(connection: asyncpg.Connection, applications: int, seconds: float) -> None:
    """How the database was seeded, kept on it, so a later run reusing it can tell."""
    note = json.dumps({"applications": applications, "seconds": round(seconds, 1)})
    name = await connection.fetchval("SELECT current_database()")
    await connection.execute(f"COMMENT ON DATABASE \"{name}\" IS '{note}'")


async def seeded_before(url: str) -> dict[str, Any] | None:
    """The note of an earlier complete seed of this application database, if there is one."""
    try:
        connection = await asyncpg.connect(_asyncpg_dsn(url))
    except asyncpg.InvalidCatalogNameError:
        return None
    try:
        note = await connection.fetchval(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        )
    finally:
        await connection.close()
    return json.loads(note) if note else None


def _tally_columns() -> list[str]:
    return [
        f"{criterion}_{side}"
        for criterion in ("no_paper", "online_inquiry", "automated", "status_available")
        for side in ("met", "missed")
    ]


async def _copy_chunk(
    connections: Mapping[str, asyncpg.Connection],
    chunk: Mapping[str, Mapping[str, list[Any]]],
) -> None:
    """Every service's share of a chunk, the four databases at once (each COPY in turn)."""

    async def one(service: str) -> None:
        for table, records in chunk[service].items():
            await _copy(connections[service], table, rows.TABLES[service][table], records)

    await asyncio.gather(*(one(service) for service in chunk))


async def _finish(connections: Mapping[str, asyncpg.Connection]) -> None:
    """The audit log's sequence past the seeded seqs (later appends go on from there), and
    fresh planner statistics, as autovacuum would gather them after such a load."""
    await connections["inquiry"].execute(
        "SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), "
        "(SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log), false)"
    )
    await asyncio.gather(*(c.execute("VACUUM ANALYZE") for c in connections.values()))


async def _counts(connections: Mapping[str, asyncpg.Connection]) -> dict[str, int]:
    counts = {}
    for service, tables in rows.TABLES.items():
        for table in tables:
            counts[f"{service}.{table}"] = int(
                await connections[service].fetchval(f'SELECT count(*) FROM "{table}"')  # noqa: S608 — our names
            )
    return counts
