"""Outbox → Kafka relay: events/s and the lag from commit to broker acknowledgement, on the
real PostgreSQL and Kafka. Not a test: it prints figures.

Usage: .venv/bin/python -m bench.relay_bench [--rates 100 250 500 1000 2000] [--seconds 10]
       [--drain 20000] [--quick]
Needs `make infra-up`. A fresh database and topic prefix per run. Writes
docs/benchmarks/relay.{md,png,json}.

Two measures: (1) open loop — units of work commit one event each at a fixed rate while the
relay runs, woken by each commit as in the services; lag = acknowledged − committed, per
event; (2) drain — that many rows waiting, the relay alone: its ceiling in events/s.
"""

import argparse
import asyncio
import datetime as dt
import time
import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bench import cluster, load, report
from panjereh import events
from panjereh.bus.base import OutgoingMessage
from panjereh.bus.kafka import KafkaBus
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from panjereh.db.uow import UnitOfWork
from panjereh.outbox.relay import OutboxRelay
from tests.infra import KAFKA, POSTGRES_URL


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


async def _open_loop(
    engine: AsyncEngine, bus: TimedBus, rate: float, seconds: float
) -> dict[str, Any]:
    relay = OutboxRelay(engine, bus, service="bench", poll_seconds=0.5)
    bus.lags = []
    relay.start()
    started = time.monotonic() + load.LEAD  # the first commit's instant

    async def commit_at(n: int, due: float) -> None:
        await load.at(due)
        await _commit(engine, relay, n)

    committed = len(await load.open_loop(rate, seconds, commit_at))
    while len(bus.lags) < committed:
        await asyncio.sleep(0.05)
    elapsed = time.monotonic() - started
    await relay.stop()
    return {
        "offered_per_s": rate,
        "committed": committed,
        "achieved_per_s": round(committed / elapsed, 1),  # relayed, start to last acknowledged
        **load.percentiles(bus.lags),
    }


async def _drain(engine: AsyncEngine, bus: TimedBus, rows: int) -> dict[str, Any]:
    """That many rows waiting, then the relay alone: its ceiling."""
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
    return {"rows": rows, "seconds": round(elapsed, 2), "events_per_s": round(rows / elapsed, 1)}


class Bench:
    """A fresh database (migrated) and topic prefix, the Kafka bus started; all dropped at
    the end. Used from one event loop (asyncio.Runner) across the sweep's rates."""

    def __init__(self) -> None:
        self.name = f"relay_bench_{uuid.uuid4().hex[:8]}"
        self.admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        url = make_url(POSTGRES_URL).set(database=self.name).render_as_string(hide_password=False)
        self.engine = db_engine.create_engine(url, pool_size=20)
        self.bus = TimedBus(
            bootstrap_servers=KAFKA,
            client_id="relay-bench",
            topics=[events.APPLICATION],
            topic_prefix=f"relay-bench-{uuid.uuid4().hex[:8]}.",
        )

    async def start(self) -> None:
        async with self.admin.connect() as connection:
            await connection.execute(sa.text(f'CREATE DATABASE "{self.name}"'))
        await migrations.upgrade(self.engine, "status_service.migrations")  # any: has an outbox
        await self.bus.start()

    async def stop(self) -> None:
        await self.bus.stop()
        await self.engine.dispose()
        async with self.admin.connect() as connection:
            await connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        await self.admin.dispose()


METHOD = """\
The outbox relay of every service, alone, on the real PostgreSQL and Kafka (a fresh database
and topic prefix). Open loop: units of work commit one event each at a fixed rate while the
relay runs, woken by each commit as in the services; the lag of each event runs from its
unit of work's commit (its CloudEvent time) to the broker's acknowledgement. Drain: rows
already waiting, the relay alone, its ceiling in events/s. The generator and the relay
share this one process and event loop (as a service's handlers and its relay do);
PostgreSQL and Kafka are not pinned."""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", type=float, nargs="+", default=[100, 250, 500, 1000, 2000])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--drain", type=int, default=20000)
    parser.add_argument("--p99-limit-ms", type=float, default=1000)
    parser.add_argument("--quick", action="store_true", help="2 s per rate: to try it")
    options = parser.parse_args()
    if options.quick:
        options.seconds, options.warmup, options.drain = 2, 1, 5000
    described = cluster.machine()
    bench = Bench()
    with asyncio.Runner() as runner:
        try:
            runner.run(bench.start())
            runner.run(_open_loop(bench.engine, bench.bus, min(options.rates), options.warmup))
            points = load.sweep(
                options.rates,
                lambda rate: runner.run(_open_loop(bench.engine, bench.bus, rate, options.seconds)),
                p99_limit_ms=options.p99_limit_ms,
            )
            drained = runner.run(_drain(bench.engine, bench.bus, options.drain))
        finally:
            runner.run(bench.stop())
    _publish(points, drained, described, options)


def _publish(
    points: list[dict[str, Any]],
    drained: dict[str, Any],
    described: dict[str, str],
    options: argparse.Namespace,
) -> None:
    columns = [
        ("offered events/s", "offered_per_s"),
        ("committed", "committed"),
        ("relayed /s", "achieved_per_s"),
        *((f"lag {header}", key) for header, key in report.LATENCY_COLUMNS),
    ]
    report.publish(
        report.Report(
            name="relay",
            title="Outbox relay: commit to broker acknowledgement against offered load",
            method=METHOD,
            sections=[
                (
                    f"Open loop ({options.seconds:g} s per rate; the sweep stops after the first "
                    f"rate with a lag p99 over {options.p99_limit_ms:g} ms or under 80% relayed)",
                    report.sweep_table({"relay": points}, columns, label="series"),
                ),
                (
                    "Drain",
                    f"{drained['rows']} rows waiting, relayed in {drained['seconds']} s: "
                    f"**{drained['events_per_s']:.0f} events/s**.",
                ),
            ],
            series={"relay (PostgreSQL → Kafka)": points},
            machine=described,
            options=vars(options),
            x_label="offered load (events/s)",
            data={"drain": drained},
        ),
        quick=options.quick,
    )


if __name__ == "__main__":
    main()
