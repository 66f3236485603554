"""The evidence worker, the application path: N due evidence requests in PostgreSQL, the
inquiry service's worker answering them from the registry simulator over real HTTP (50 ms
per answer), recording each inquiry, its audit entry and its event. Not a test: it prints
evidence inquiries per second, the inquiry service's CPU per inquiry (this process: worker,
relay, checkpoint signer; not the simulator, which runs in a process of its own, nor
PostgreSQL) and PostgreSQL transactions per inquiry.

Usage: .venv/bin/python -m bench.worker_bench [--requests 2000] [--rounds 3]
Needs PostgreSQL (`make infra-up`); the database named by --database-url is recreated.
"""

import argparse
import asyncio
import datetime as dt
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import sqlalchemy as sa
from asgi_lifespan import LifespanManager
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bench import cluster
from inquiry_service import state as inquiry_state
from inquiry_service.main import create_app
from inquiry_service.models import evidence_requests, legal_bases, service_requirements
from inquiry_service.settings import InquirySettings, RegistryMode
from panjereh.bus.memory import InMemoryBus
from tests.support import free_port

EVIDENCE_TYPE, SERVICE_ID, AGENCY_ID = "national-id-card", "bench-passport", "bench-police"
DEFAULT_URL = "postgresql+asyncpg://panjereh:panjereh@127.0.0.1:5432/panjereh_worker_bench"


@contextmanager
def simulator(latency_ms: int) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "PANJEREH_SIMULATOR_LATENCY_MS": str(latency_ms)}
    process = subprocess.Popen(
        [sys.executable, "-m", "inquiry_service.simulator", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{url}/_stats", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


async def recreate(url: str) -> None:
    database = sa.make_url(url).database
    admin = create_async_engine(
        sa.make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    async with admin.connect() as connection:
        await connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        await connection.execute(sa.text(f'CREATE DATABASE "{database}"'))
    await admin.dispose()


async def seed(engine: AsyncEngine) -> None:
    """The service's approved legal basis, and `count` requests due now."""
    now = dt.datetime.now(dt.UTC)
    async with engine.begin() as connection:
        await connection.execute(
            sa.insert(service_requirements).values(
                service_id=SERVICE_ID,
                agency_id=AGENCY_ID,
                evidence_types=[EVIDENCE_TYPE],
                updated_at=now,
            )
        )
        await connection.execute(
            sa.insert(legal_bases).values(
                service_id=SERVICE_ID,
                evidence_type=EVIDENCE_TYPE,
                status="approved",
                law_reference="bench law",
                decided_at=now,
            )
        )


async def add_requests(engine: AsyncEngine, codes: list[str], count: int, round_: int) -> None:
    now = dt.datetime.now(dt.UTC)
    rows = [
        {
            "event_id": f"bench-{round_}-{i}",
            "application_id": f"app-{round_}-{i}",
            "agency_id": AGENCY_ID,
            "service_id": SERVICE_ID,
            "evidence_type": EVIDENCE_TYPE,
            "national_code": codes[i % len(codes)],
            "mobile": None,
            "request_id": f"req-{round_}-{i}",
            "next_attempt_at": now,
        }
        for i in range(count)
    ]
    async with engine.begin() as connection:
        await connection.execute(sa.insert(evidence_requests), rows)


async def scalar(engine: AsyncEngine, query: str) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(sa.text(query))).scalar_one())


async def run(options: argparse.Namespace, url: str) -> None:
    await recreate(options.database_url)
    settings = InquirySettings(
        database_url=options.database_url,
        registry_mode=RegistryMode.HTTP,
        exchange_base_url=url,
        cache_ttl_seconds=0,
    )
    rng = random.Random(1405)  # noqa: S311 — synthetic national codes, reproducible
    codes = [cluster.national_code(rng) for _ in range(200)]
    engine = create_async_engine(options.database_url)
    database = sa.make_url(options.database_url).database
    xacts = f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{database}'"  # noqa: S608
    bus = InMemoryBus()
    await bus.start()
    app = create_app(settings, bus=bus)
    async with LifespanManager(app):
        await seed(engine)
        worker = inquiry_state.SLOT.of(app).evidence_worker
        for round_ in range(options.rounds):
            await add_requests(engine, codes, options.requests, round_)
            done_before = await scalar(engine, "SELECT count(*) FROM evidence_requests WHERE done")
            commits_before = await scalar(engine, xacts)
            cpu, wall = time.process_time(), time.perf_counter()
            worker.wake()
            target = done_before + options.requests
            while (
                await scalar(engine, "SELECT count(*) FROM evidence_requests WHERE done") < target
            ):
                await asyncio.sleep(0.05)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            commits = await scalar(engine, xacts) - commits_before
            n = options.requests
            print(
                f"round {round_ + 1}: {n} inquiries in {wall:.2f} s = {n / wall:.0f} inquiries/s; "
                f"CPU {1000 * cpu / n:.2f} ms per inquiry (this process); "
                f"{commits / n:.2f} PostgreSQL commits per inquiry (incl. this bench's polling)"
            )
        audit = await scalar(engine, "SELECT count(*) FROM audit_log")
        print(f"audit entries: {audit}")
    await bus.stop()
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--quick", action="store_true", help="500 requests, 2 rounds")
    options = parser.parse_args()
    if options.quick:
        options.requests, options.rounds = 500, 2
    with simulator(options.latency_ms) as url:
        asyncio.run(run(options, url))


if __name__ == "__main__":
    main()
