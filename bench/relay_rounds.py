"""Outbox relay rounds per commit, before and after the quiet relay, on the real PostgreSQL.
Not a test: it prints figures.

Usage: .venv/bin/python -m bench.relay_rounds [--rate 300] [--seconds 10] [--with-events 0.4]
       [--kafka]
Units of work commit at `rate` a second (open loop), a share `with-events` of them writing one
event, the rest none (a compliance-like consumer). Two runs on fresh databases:
- before: every commit wakes the relay, no coalescing, a 0.5 s idle poll (the kit until #19);
- after: only commits that wrote events wake it, wakes coalesced over OUTBOX_COALESCE_MS
  (5 ms), a 2 s idle poll.
Rounds are read from panjereh_outbox_relay_rounds_total. The bus is the in-process one (the
round's database work is what is counted), or Kafka with --kafka.
"""

import argparse
import asyncio
import time
import uuid

import sqlalchemy as sa
from prometheus_client import REGISTRY
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from panjereh.bus.base import MessageBus
from panjereh.bus.kafka import KafkaBus
from panjereh.bus.memory import InMemoryBus
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from panjereh.db.uow import UnitOfWork
from panjereh.outbox.relay import OutboxRelay
from tests.infra import KAFKA, POSTGRES_URL
from tests.support import state_changed


def _rounds(service: str, outcome: str) -> float:
    labels = {"service": service, "outcome": outcome}
    return REGISTRY.get_sample_value("panjereh_outbox_relay_rounds_total", labels) or 0.0


async def _database() -> tuple[str, str]:
    name = f"bench_rounds_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return name, make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


async def _drop(name: str) -> None:
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


async def _commit(
    engine: AsyncEngine, relay: OutboxRelay, n: int, *, event: bool, old: bool
) -> None:
    async with UnitOfWork(
        db_engine.session_factory(engine), source="/bench", on_commit=relay.wake
    ) as uow:
        await uow.session.execute(sa.text("SELECT 1"))
        if event:
            uow.emit(state_changed(f"bench-{n % 200}", n))
        elif old:
            uow.after_commit(relay.wake)  # the kit until #19 woke the relay on every commit
        await uow.commit()


async def _run(label: str, args: argparse.Namespace, *, old: bool) -> None:
    name, url = await _database()
    engine = db_engine.create_engine(url, pool_size=20)
    await migrations.upgrade(engine, "status_service.migrations")
    bus: MessageBus
    if args.kafka:
        bus = KafkaBus(bootstrap_servers=KAFKA, client_id="bench-rounds", topic_prefix=name + ".")
    else:
        bus = InMemoryBus()
    await bus.start()
    service = f"{label}-{uuid.uuid4().hex[:6]}"
    relay = OutboxRelay(
        engine,
        bus,
        service=service,
        poll_seconds=0.5 if old else 2.0,
        coalesce_seconds=0.0 if old else 0.005,
    )
    relay.start()
    total = int(args.rate * args.seconds)
    every = max(1, round(1 / args.with_events))
    started = time.perf_counter()
    pending: set[asyncio.Task[None]] = set()
    for n in range(total):
        await asyncio.sleep(max(0.0, started + n / args.rate - time.perf_counter()))
        task = asyncio.create_task(_commit(engine, relay, n, event=n % every == 0, old=old))
        pending.add(task)
        task.add_done_callback(pending.discard)
    await asyncio.gather(*pending)
    await asyncio.sleep(0.1)
    elapsed = time.perf_counter() - started
    sent, empty = _rounds(service, "sent"), _rounds(service, "empty")
    await relay.stop()
    await bus.stop()
    await engine.dispose()
    await _drop(name)
    with_events = len(range(0, total, every))
    print(
        f"{label:7} commits {total:5} ({with_events} with an event) in {elapsed:5.1f} s: "
        f"rounds {sent + empty:6.0f} (sent {sent:5.0f}, empty {empty:5.0f}); "
        f"{(sent + empty) / total:.3f} rounds per commit, "
        f"{(sent + empty) / with_events:.3f} per event"
    )


async def main(args: argparse.Namespace) -> None:
    print(
        f"rate {args.rate:g} commits/s for {args.seconds:g} s, 1 in {round(1 / args.with_events)} "
        f"with an event, bus {'kafka' if args.kafka else 'in-process'}"
    )
    await _run("before", args, old=True)
    await _run("after", args, old=False)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=300.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--with-events", type=float, default=0.4)
    parser.add_argument("--kafka", action="store_true")
    asyncio.run(main(parser.parse_args()))
