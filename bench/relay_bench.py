"""Outbox → Kafka relay: events/s and the lag from commit to broker acknowledgement, on the
real PostgreSQL and Kafka. Not a test: it prints figures.

Usage: .venv/bin/python bench/relay_bench.py [--rates 100 500 1000] [--seconds 10]
       [--drain 20000]
Needs `make infra-up`. A fresh database and topic prefix per run.

Two measures: (1) open loop — units of work commit one event each at a fixed rate while the
relay runs, woken by each commit as in the services; lag = acknowledged − committed, per
event; (2) drain — that many rows waiting, the relay alone: its ceiling in events/s.
"""

import argparse
import asyncio
import datetime as dt
import json
import statistics
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from panjereh import events  # noqa: E402
from panjereh.bus.base import OutgoingMessage  # noqa: E402
from panjereh.bus.kafka import KafkaBus  # noqa: E402
from panjereh.db import engine as db_engine  # noqa: E402
from panjereh.db import migrations  # noqa: E402
from panjereh.db.uow import UnitOfWork  # noqa: E402
from panjereh.outbox.relay import OutboxRelay  # noqa: E402

POSTGRES = "postgresql+asyncpg://panjereh:panjereh@127.0.0.1:5432/panjereh_test"


class TimedBus(KafkaBus):
    """Records, per acknowledged event, the seconds since its unit of work committed it."""

    lags: list[float]

    async def publish_batch(self, messages: Sequence[OutgoingMessage]) -> None:
        await super().publish_batch(messages)
        now = dt.datetime.now(dt.UTC)
        for message in messages:
            sent = events.CloudEvent.model_validate_json(message.value).time
            self.lags.append((now - sent).total_seconds())


def _event(n: int) -> events.ApplicationStateChanged:
    return events.ApplicationStateChanged(
        application_id=f"bench-{n % 500}",
        tracking_code="000000000000",
        from_state="submitted",
        to_state="collecting_evidence",
        at=dt.datetime.now(dt.UTC),
    )


async def _commit(engine: AsyncEngine, relay: OutboxRelay, n: int) -> None:
    uow = UnitOfWork(db_engine.session_factory(engine), source="/bench", on_commit=relay.wake)
    async with uow:
        uow.emit(_event(n))
        await uow.commit()


async def _open_loop(engine: AsyncEngine, bus: TimedBus, rate: float, seconds: float) -> dict:
    relay = OutboxRelay(engine, bus, service="bench", poll_seconds=0.5)
    bus.lags = []
    relay.start()
    started = time.monotonic()
    count = int(rate * seconds)
    pending = set()
    for n in range(count):
        await asyncio.sleep(max(0.0, started + n / rate - time.monotonic()))
        task = asyncio.create_task(_commit(engine, relay, n))
        pending.add(task)
        task.add_done_callback(pending.discard)
    await asyncio.gather(*pending)
    while len(bus.lags) < count:
        await asyncio.sleep(0.05)
    elapsed = time.monotonic() - started
    await relay.stop()
    cuts = statistics.quantiles(bus.lags, n=100, method="inclusive")
    return {
        "offered_per_s": rate,
        "committed": count,
        "relayed_per_s": round(count / elapsed, 1),
        "lag_p50_ms": round(cuts[49] * 1000, 1),
        "lag_p95_ms": round(cuts[94] * 1000, 1),
        "lag_p99_ms": round(cuts[98] * 1000, 1),
    }


async def _drain(engine: AsyncEngine, bus: TimedBus, rows: int) -> dict:
    idle = OutboxRelay(engine, bus, service="bench")  # not started: rows pile up
    for start in range(0, rows, 500):
        uow = UnitOfWork(db_engine.session_factory(engine), source="/bench")
        async with uow:
            for n in range(start, min(start + 500, rows)):
                uow.emit(_event(n))
            await uow.commit()
    relay = OutboxRelay(engine, bus, service="bench", batch_size=500)
    bus.lags = []
    started = time.monotonic()
    while await relay.relay_once():
        pass
    elapsed = time.monotonic() - started
    del idle
    return {"rows": rows, "seconds": round(elapsed, 2), "events_per_s": round(rows / elapsed, 1)}


async def main(options: argparse.Namespace) -> None:
    name = f"relay_bench_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    engine = db_engine.create_engine(url, pool_size=20)
    bus = TimedBus(
        bootstrap_servers="127.0.0.1:9092",
        client_id="relay-bench",
        topics=[events.APPLICATION],
        topic_prefix=f"relay-bench-{uuid.uuid4().hex[:8]}.",
    )
    try:
        await migrations.upgrade(engine, "status_service.migrations")  # any: outbox included
        await bus.start()
        await _open_loop(engine, bus, 50, 3)  # warm-up
        results = [await _open_loop(engine, bus, r, options.seconds) for r in options.rates]
        drained = await _drain(engine, bus, options.drain)
    finally:
        await bus.stop()
        await engine.dispose()
        async with admin.connect() as connection:
            await connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()
    print("\n| offered events/s | committed | relayed/s | lag p50 ms | lag p95 ms | lag p99 ms |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['offered_per_s']:.0f} | {r['committed']} | {r['relayed_per_s']} "
            f"| {r['lag_p50_ms']} | {r['lag_p95_ms']} | {r['lag_p99_ms']} |"
        )
    print(
        f"\ndrain: {drained['rows']} rows in {drained['seconds']} s = {drained['events_per_s']}/s"
    )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "relay.json").write_text(json.dumps({"open_loop": results, "drain": drained}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", type=float, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--drain", type=int, default=20000)
    asyncio.run(main(parser.parse_args()))
