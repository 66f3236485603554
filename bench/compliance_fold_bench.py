"""The compliance consumer's cost per event and per application, by batch size, on the real
PostgreSQL. Not a test: it prints figures.

Usage: .venv/bin/python -m bench.compliance_fold_bench [--applications 400]
       [--batches 1 10 50 200] [--admin-url postgresql+asyncpg://...]

N synthetic applications (each: submitted, three state changes, the decision, three
evidence answers, one v2 freshness: 9 events), started a quarter second apart with their
events a second apart and merged by time as the topics would bring them, are cut into
batches and handed to the real consumer (`consumers.consume` with the service's handler
table and unit of work: inbox claim, prepare, handlers, flush, commit) on a fresh, migrated
database per batch size. CPU is this process's (the consumer: Python, SQLAlchemy, asyncpg)
and, where /proc shows it, the PostgreSQL backend's that served it (one connection).
"""

import argparse
import asyncio
import datetime as dt
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bench.seed import load
from compliance_service import handlers
from compliance_service.uow import ComplianceUnitOfWork
from panjereh import consumers
from panjereh.bus.base import Delivery
from panjereh.db import engine as db_engine
from panjereh.outbox.relay import CE_TYPE_HEADER
from tests.unit.compliance.flows import START, Flow, catalogued

DEFAULT_ADMIN = "postgresql+asyncpg://panjereh:panjereh@127.0.0.1:5432/panjereh_test"
CONSUMER = "compliance-service"


@dataclass(frozen=True)
class Figures:
    batch: int
    events: int
    applications: int
    cpu_s: float
    backend_cpu_s: float | None
    wall_s: float
    transactions: int


def deliveries(applications: int) -> list[Delivery]:
    """The catalogue, then every application's events in the order of their times."""
    items = [catalogued(START, "Passport")]
    flows = [Flow(clock=START + dt.timedelta(seconds=n / 4)).smooth() for n in range(applications)]
    items += sorted((i for f in flows for i in f.items), key=lambda i: i.envelope.time)
    return [
        Delivery(
            topic=type(item.event).topic,
            partition=0,
            offset=offset,
            key=item.envelope.partitionkey,
            value=item.envelope.to_json(),
            headers={CE_TYPE_HEADER: item.envelope.type},
        )
        for offset, item in enumerate(items)
    ]


def _backend_cpu(pid: int) -> float | None:
    """utime + stime of a local PostgreSQL backend, in seconds (None if /proc hides it)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run(
    admin_url: str, batch: int, messages: Sequence[Delivery], prefix: str = "compliance_fold_"
) -> Figures:
    url = make_url(admin_url).set(database=f"{prefix}{batch}")
    urls = {"compliance": url.render_as_string(hide_password=False)}
    await load.create_databases(admin_url, urls)
    engine = db_engine.create_engine(urls["compliance"], pool_size=1)
    sessions = db_engine.session_factory(engine)
    table = handlers.table(freshness_bound_seconds=5.0)
    handle = consumers.consume(
        table,
        consumer=CONSUMER,
        uow_factory=lambda: ComplianceUnitOfWork(sessions, source="/bench/compliance"),
    )
    try:
        async with engine.connect() as connection:  # the pool's one connection: its backend
            pid = (await connection.execute(sa.text("SELECT pg_backend_pid()"))).scalar_one()
        chunks = [messages[i : i + batch] for i in range(0, len(messages), batch)]
        backend_before, cpu_before, wall_before = (
            _backend_cpu(pid),
            time.process_time(),
            time.perf_counter(),
        )
        for chunk in chunks:
            await handle(chunk)
        wall, cpu = time.perf_counter() - wall_before, time.process_time() - cpu_before
        backend_after = _backend_cpu(pid)
        backend = (
            backend_after - backend_before
            if backend_before is not None and backend_after is not None
            else None
        )
        async with engine.connect() as connection:
            counted = (
                await connection.execute(sa.text("SELECT SUM(applications) FROM service_days"))
            ).scalar_one()
    finally:
        await engine.dispose()
        await load.drop_databases(admin_url, urls)
    applications = (len(messages) - 1) // 9
    assert counted == applications, f"counted {counted} of {applications}"
    return Figures(batch, len(messages), applications, cpu, backend, wall, len(chunks))


def show(figures: Figures) -> str:
    per_event, per_app = 1000 / figures.events, 1000 / figures.applications
    backend = (
        f"{figures.backend_cpu_s * per_event:6.2f} {figures.backend_cpu_s * per_app:7.2f}"
        if figures.backend_cpu_s is not None
        else f"{'n/a':>6} {'n/a':>7}"
    )
    return (
        f"{figures.batch:>5} {figures.transactions:>6} "
        f"{figures.cpu_s * per_event:6.2f} {figures.cpu_s * per_app:7.2f} {backend} "
        f"{figures.wall_s * per_event:6.2f} {figures.wall_s * per_app:7.2f}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--applications", type=int, default=400)
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 10, 50, 200])
    parser.add_argument(
        "--admin-url", default=os.environ.get("PANJEREH_TEST_POSTGRES_URL") or DEFAULT_ADMIN
    )
    args = parser.parse_args()
    messages = deliveries(args.applications)
    print(f"{args.applications} applications, {len(messages)} events (9 each, and the catalogue)")
    print("                  consumer CPU ms  PG backend CPU ms  wall ms")
    print("batch  txns    /event  /app     /event  /app     /event  /app")
    for batch in args.batches:
        print(show(await run(args.admin_url, batch, messages)), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
