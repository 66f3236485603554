"""The status projection's cost per event, by batch size, on the real PostgreSQL. Not a test:
it prints figures.

Usage: .venv/bin/python -m bench.projection_bench [--applications 400]
       [--batches 1 10 50 200] [--admin-url postgresql+asyncpg://...]

N synthetic applications (each: submitted, three state changes up to approved, the decision,
three evidence answers: 8 events), interleaved as their topics would bring them, are cut into
batches and handed to the real consumer (`consumers.consume` with the projection's table and
`StatusUnitOfWork`: inbox claim, prepare, handlers, flush, commit) on a fresh, migrated
database per batch size. The events are stamped as the run starts and the freshness alarm is
set past the run, so no change counts as late (the steady state: one report per
application). CPU is this process's (the consumer: Python, SQLAlchemy, asyncpg) and the
PostgreSQL backend's that served it (one connection), where /proc shows it.
"""

import argparse
import asyncio
import datetime as dt
import os
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bench import proc
from panjereh import consumers, events
from panjereh.bus.base import Delivery
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from panjereh.outbox.relay import CE_TYPE_HEADER
from status_service import handlers
from status_service.main import MIGRATIONS
from status_service.uow import StatusUnitOfWork

DEFAULT_ADMIN = "postgresql+asyncpg://panjereh:panjereh@127.0.0.1:5432/panjereh_test"
DATABASE = "status_projection_bench"
PER_APPLICATION = 8


@dataclass(frozen=True)
class Figures:
    batch: int
    events: int
    cpu_s: float
    backend_cpu_s: float | None
    wall_s: float
    transactions: int


def application(n: int, now: dt.datetime) -> Iterator[events.Event]:
    """One application's facts, in the order they happen."""
    app, code = str(uuid.uuid4()), f"BENCH{n:010d}"
    key = {"application_id": app, "tracking_code": code}
    service = {"service_id": "passport-issuance", "agency_id": "passport-police"}
    yield events.ApplicationSubmitted(
        **key,
        **service,
        national_code="0018392741",
        submitted_at=now,
        sla_due_at=now + dt.timedelta(hours=72),
        required_evidence=("national-id-card", "birth-certificate", "address"),
    )
    for source, target in ((None, "submitted"), ("submitted", "collecting_evidence")):
        yield events.ApplicationStateChanged(**key, from_state=source, to_state=target, at=now)
    for kind in ("national-id-card", "birth-certificate", "address"):
        yield events.EvidenceRetrieved(
            application_id=app,
            **service,
            evidence_type=kind,
            inquiry_id=str(uuid.uuid4()),
            status="found",
            registry="civil-registration",
            retrieved_at=now,
            purpose="passport issuance",
        )
    yield events.ApplicationStateChanged(
        **key, from_state="collecting_evidence", to_state="approved", at=now
    )
    yield events.ApplicationDecided(
        **key, **service, outcome="approved", by="rules", reasons=(), decided_at=now
    )


def deliveries(applications: int) -> list[Delivery]:
    """Every application's events, applications overlapping four at a time (as the topics
    interleave them), each event as the relay publishes it."""
    now = dt.datetime.now(dt.UTC)
    flows = [list(application(n, now)) for n in range(applications)]
    ordered = [
        fact
        for group in range(0, applications, 4)
        for step in range(PER_APPLICATION)
        for fact in (flow[step] for flow in flows[group : group + 4])
    ]
    messages = []
    for offset, fact in enumerate(ordered):
        envelope = events.wrap(fact, source="/bench/application-service")
        messages.append(
            Delivery(
                topic=fact.topic,
                partition=0,
                offset=offset,
                key=envelope.partitionkey,
                value=envelope.to_json(),
                headers={CE_TYPE_HEADER: envelope.type},
            )
        )
    return messages


async def fresh_database(admin_url: str) -> str:
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
            await connection.execute(sa.text(f'CREATE DATABASE "{DATABASE}"'))
    finally:
        await admin.dispose()
    url = make_url(admin_url).set(database=DATABASE).render_as_string(hide_password=False)
    engine = create_async_engine(url)
    try:
        await migrations.upgrade(engine, MIGRATIONS)
    finally:
        await engine.dispose()
    return url


async def run(admin_url: str, batch: int, applications: int) -> Figures:
    messages = deliveries(applications)
    engine = db_engine.create_engine(await fresh_database(admin_url), pool_size=1)
    sessions = db_engine.session_factory(engine)
    table = handlers.table(
        subject_secret=b"bench", notify=lambda code: None, freshness_alarm_ms=1e9
    )
    handle = consumers.consume(
        table,
        consumer="status-service",
        uow_factory=lambda: StatusUnitOfWork(sessions, source="/bench/status"),
    )
    try:
        async with engine.connect() as connection:  # the pool's one connection: its backend
            pid = (await connection.execute(sa.text("SELECT pg_backend_pid()"))).scalar_one()
        chunks = [messages[i : i + batch] for i in range(0, len(messages), batch)]
        backend_before = proc.cpu_seconds(pid)
        cpu_before, wall_before = time.process_time(), time.perf_counter()
        for chunk in chunks:
            await handle(chunk)
        wall, cpu = time.perf_counter() - wall_before, time.process_time() - cpu_before
        backend_after = proc.cpu_seconds(pid)
        await _check(engine, applications)
    finally:
        await engine.dispose()
    backend = (
        backend_after - backend_before
        if backend_before is not None and backend_after is not None
        else None
    )
    return Figures(batch, len(messages), cpu, backend, wall, len(chunks))


async def _check(engine: AsyncEngine, applications: int) -> None:
    """The run built the read model it should have (a figure of a broken fold is no figure)."""
    queries = {
        "SELECT count(*) FROM status_views WHERE state = 'approved' AND version = 4": applications,
        "SELECT count(*) FROM access_history WHERE subject IS NOT NULL": 3 * applications,
        "SELECT count(*) FROM outbox WHERE type LIKE '%status.freshness.v2'": applications,
    }
    async with engine.connect() as connection:
        for query, expected in queries.items():
            found = (await connection.execute(sa.text(query))).scalar_one()
            assert found == expected, f"{query}: {found}, not {expected}"


def show(figures: Figures) -> str:
    per_event = 1000 / figures.events
    per_app = per_event * PER_APPLICATION
    backend = (
        f"{figures.backend_cpu_s * per_event:6.3f} {figures.backend_cpu_s * per_app:7.2f}"
        if figures.backend_cpu_s is not None
        else f"{'n/a':>6} {'n/a':>7}"
    )
    return (
        f"{figures.batch:>5} {figures.transactions:>6} "
        f"{figures.cpu_s * per_event:6.3f} {figures.cpu_s * per_app:7.2f} {backend} "
        f"{figures.wall_s * per_event:6.3f} {figures.wall_s * per_app:7.2f}"
    )


async def main(arguments: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--applications", type=int, default=400)
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 10, 50, 200])
    parser.add_argument(
        "--admin-url", default=os.environ.get("PANJEREH_TEST_POSTGRES_URL") or DEFAULT_ADMIN
    )
    args = parser.parse_args(arguments)
    print(f"{args.applications} applications, {args.applications * PER_APPLICATION} events")
    print("                  consumer CPU ms  PG backend CPU ms  wall ms")
    print("batch  txns    /event  /app     /event  /app     /event  /app")
    try:
        for batch in args.batches:
            print(show(await run(args.admin_url, batch, args.applications)), flush=True)
    finally:
        admin = create_async_engine(args.admin_url, isolation_level="AUTOCOMMIT")
        async with admin.connect() as connection:
            await connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        await admin.dispose()


if __name__ == "__main__":
    asyncio.run(main())
