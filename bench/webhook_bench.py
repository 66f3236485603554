"""The webhook dispatcher's throughput and queue-to-receipt latency, on the real PostgreSQL
(or SQLite) against receivers on 127.0.0.1. Not a test: it prints figures.

Usage: .venv/bin/python -m bench.webhook_bench [--applications 300] [--events 6]
       [--receivers 4] [--sqlite] [--admin-url postgresql+asyncpg://...]

N applications × E events each are queued as pending deliveries (one per receiver's
subscription, spread over the receivers) in one transaction, then the dispatcher is started
and the clock runs until every delivery is acknowledged. Each application's events are sent
one after another (order per application), so latency is dominated by that chain: figures
are from queueing to the receiver's request, and the deliveries per second overall. CPU is
this process's (the dispatcher, and the receivers, which are cheap) and the transactions
are PostgreSQL's count for the bench database.
"""

import argparse
import asyncio
import datetime as dt
import os
import statistics
import tempfile
import time
import uuid

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from notification_service import domain
from notification_service.sealing import SecretBox, new_signing_secret
from notification_service.webhooks.dispatcher import Dispatcher, Policy
from notification_service.webhooks.schedule import Schedule
from notification_service.webhooks.sender import Sender
from notification_service.webhooks.uow import DispatchUnitOfWork
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from panjereh.settings import Profile
from tests.integration.notification.receiver import Receiver

BOX = SecretBox("bench-only-key-0123456789")
DATABASE = "webhook_bench"


async def _database(args: argparse.Namespace) -> str:
    if args.sqlite:
        return f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/webhook-bench.db"
    admin = create_async_engine(args.admin_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{DATABASE}"'))
        await connection.execute(sa.text(f'CREATE DATABASE "{DATABASE}"'))
    await admin.dispose()
    return make_url(args.admin_url).set(database=DATABASE).render_as_string(hide_password=False)


async def run(args: argparse.Namespace) -> None:
    url = await _database(args)
    engine = db_engine.create_engine(url, pool_size=10)
    await migrations.upgrade(engine, "notification_service.migrations")
    sessions = db_engine.session_factory(engine)
    serial = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    def units() -> DispatchUnitOfWork:
        return DispatchUnitOfWork(sessions, source="/bench/webhooks", serial=serial)

    receivers = [Receiver() for _ in range(args.receivers)]
    for receiver in receivers:
        await receiver.start()
    queued = await _queue_all(units, receivers, args)
    dispatcher = Dispatcher(
        uow=units,
        sender=Sender(profile=Profile.DEV, timeout_seconds=10, connections=100),
        secrets=BOX,
        policy=Policy(
            schedule=Schedule((1.0,), dt.timedelta(minutes=10)), per_endpoint=args.per_endpoint
        ),
        poll_seconds=0.2,
    )
    transactions = await _transactions(engine)
    cpu, started = time.process_time(), time.perf_counter()
    dispatcher.start()
    while sum(len(r.requests) for r in receivers) < len(queued):
        await asyncio.sleep(0.05)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    await dispatcher.stop()
    transactions = await _transactions(engine) - transactions
    for receiver in receivers:
        await receiver.stop()
    await engine.dispose()
    latencies = sorted(
        (request.at - queued[request.webhook_id]).total_seconds()
        for receiver in receivers
        for request in receiver.requests
    )
    total = len(queued)
    print(
        f"{engine.dialect.name}: {args.applications} applications × {args.events} events "
        f"over {args.receivers} receivers = {total} deliveries in {elapsed:.2f} s "
        f"({total / elapsed:.0f}/s); "
        f"queue→receipt p50 {1000 * statistics.median(latencies):.0f} ms, "
        f"p99 {1000 * latencies[int(0.99 * (total - 1))]:.0f} ms; "
        f"process CPU {1000 * cpu / total:.2f} ms per delivery"
        + (
            f"; {transactions} PostgreSQL transactions ({transactions / total:.2f} per delivery)"
            if transactions
            else ""
        )
    )


async def _queue_all(
    units: object, receivers: list[Receiver], args: argparse.Namespace
) -> dict[str, dt.datetime]:
    """Every delivery pending at once; their queueing time by webhook-id."""
    make = units  # () -> DispatchUnitOfWork
    queued: dict[str, dt.datetime] = {}
    now = dt.datetime.now(dt.UTC)
    async with make() as uow:  # type: ignore[operator]
        subscriptions = []
        for n, receiver in enumerate(receivers):
            subscription_id = str(uuid.uuid4())
            subscription = domain.Subscription(
                id=subscription_id,
                agency_id=f"agency-{n}",
                url=receiver.url("/hooks"),
                events=("*",),
                description=None,
                secret_ciphertext=BOX.seal(new_signing_secret(), subscription_id=subscription_id),
                status="active",
                created_at=now,
            )
            await uow.subscriptions.add(subscription)
            subscriptions.append(subscription)
        for step in range(args.events):
            for n in range(args.applications):
                event_id = str(uuid.uuid4())
                application_id = f"application-{n}"
                payload = domain.structured(
                    event_id=event_id,
                    event_type="application.state_changed",
                    source="/bench",
                    time=now,
                    subject=application_id,
                    data={"step": step},
                    platform_type=None,
                )
                outgoing = domain.Outgoing(
                    event_id, "application.state_changed", application_id, payload
                )
                uow.deliveries.add(subscriptions[n % len(subscriptions)], outgoing, now=now)
                queued[event_id] = now
        await uow.commit()
    return queued


async def _transactions(engine: object) -> int:
    if engine.dialect.name != "postgresql":  # type: ignore[attr-defined]
        return 0
    async with engine.connect() as connection:  # type: ignore[attr-defined]
        value = await connection.scalar(
            sa.text("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
        )
    return int(value or 0)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.webhook_bench")
    parser.add_argument("--applications", type=int, default=300)
    parser.add_argument("--events", type=int, default=6)
    parser.add_argument("--receivers", type=int, default=4)
    parser.add_argument("--per-endpoint", type=int, default=4)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument(
        "--admin-url",
        default=os.environ.get(
            "PANJEREH_BENCH_ADMIN_URL",
            "postgresql+asyncpg://panjereh:panjereh@127.0.0.1:5432/postgres",
        ),
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
