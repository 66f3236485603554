"""The webhook consumer's cost per event and per delivery made, by batch size, on the real
PostgreSQL. Not a test: it prints figures.

Usage: .venv/bin/python -m bench.notification_bench [--applications 400]
       [--batches 1 10 50 200] [--admin-url postgresql+asyncpg://...]

N synthetic applications of two agencies (each: submitted, four state changes, the
decision: 6 events), merged by time as the topic would bring them, are cut into batches and
handed to the real consumer (`consumers.consume` with the service's handler table and unit
of work: inbox claim, prepare (the applications' agencies and the agencies' subscriptions),
handlers, the deliveries' insert, commit) on a fresh, migrated database per batch size.
Each agency has two subscriptions, `*` and `application.decided`: 7 deliveries per
application. CPU is this process's and, where /proc shows it, its PostgreSQL backend's.
"""

import argparse
import asyncio
import datetime as dt
import os
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bench.compliance_fold_bench import _backend_cpu
from bench.seed import load
from notification_service import domain, handlers
from notification_service.sealing import SecretBox, new_signing_secret
from notification_service.uow import NotificationUnitOfWork
from panjereh import consumers, events
from panjereh.bus.base import Delivery
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from panjereh.outbox.relay import CE_TYPE_HEADER

BOX = SecretBox("bench-only-key-0123456789")
DEFAULT_ADMIN = "postgresql+asyncpg://panjereh:panjereh@127.0.0.1:5432/panjereh_test"
START = dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.UTC)
AGENCIES = ("passport-police", "traffic-police")
STATES: tuple[events.ApplicationState, ...] = (
    "submitted",
    "collecting_evidence",
    "evaluating",
    "approved",
)
EVENTS_PER_APPLICATION = 1 + len(STATES) + 1
DELIVERIES_PER_APPLICATION = EVENTS_PER_APPLICATION + 1  # `*`, and the decision again


@dataclass(frozen=True)
class Figures:
    batch: int
    events: int
    deliveries: int
    cpu_s: float
    backend_cpu_s: float | None
    wall_s: float
    transactions: int


def application(n: int) -> list[events.CloudEvent]:
    """One application's events, a second apart, started a quarter second after the last."""
    app_id, agency, clock = str(uuid.uuid4()), AGENCIES[n % 2], START + dt.timedelta(seconds=n / 4)
    code = f"{n:012d}"
    facts: list[events.Event] = [
        events.ApplicationSubmitted(
            application_id=app_id,
            tracking_code=code,
            service_id="passport-issuance",
            agency_id=agency,
            national_code="0018392741",
            submitted_at=clock,
            sla_due_at=clock + dt.timedelta(days=2),
            required_evidence=("national-id-card",),
        )
    ]
    previous: events.ApplicationState | None = None
    for state in STATES:
        facts.append(
            events.ApplicationStateChanged(
                application_id=app_id,
                tracking_code=code,
                from_state=previous,
                to_state=state,
                at=clock,
            )
        )
        previous = state
    facts.append(
        events.ApplicationDecided(
            application_id=app_id,
            tracking_code=code,
            service_id="passport-issuance",
            agency_id=agency,
            outcome="approved",
            by="rules",
            decided_at=clock,
        )
    )
    return [
        events.wrap(fact, source="/bench", time=clock + dt.timedelta(seconds=step))
        for step, fact in enumerate(facts)
    ]


def deliveries(applications: int) -> list[Delivery]:
    envelopes = sorted(
        (e for n in range(applications) for e in application(n)), key=lambda e: e.time
    )
    return [
        Delivery(
            topic=events.APPLICATION,
            partition=0,
            offset=offset,
            key=envelope.partitionkey,
            value=envelope.to_json(),
            headers={CE_TYPE_HEADER: envelope.type},
        )
        for offset, envelope in enumerate(envelopes)
    ]


async def _subscribe(sessions: db_engine.SessionFactory) -> None:
    async with NotificationUnitOfWork(sessions, source="/bench") as uow:
        for agency in AGENCIES:
            for kinds in (("*",), ("application.decided",)):
                await uow.subscriptions.add(
                    domain.Subscription(
                        id=str(uuid.uuid4()),
                        agency_id=agency,
                        url="https://receiver.example/hook",
                        events=kinds,
                        description=None,
                        secret_ciphertext=BOX.seal(new_signing_secret(), subscription_id=agency),
                        status="active",
                        created_at=START,
                    )
                )
        await uow.commit()


async def _fresh_database(admin_url: str, urls: dict[str, str]) -> None:
    await load.drop_databases(admin_url, urls)
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            for url in urls.values():
                await connection.execute(sa.text(f'CREATE DATABASE "{make_url(url).database}"'))
    finally:
        await admin.dispose()


async def run(admin_url: str, batch: int, messages: Sequence[Delivery]) -> Figures:
    url = make_url(admin_url).set(database=f"notification_bench_{batch}")
    urls = {"notification": url.render_as_string(hide_password=False)}
    await _fresh_database(admin_url, urls)
    engine = db_engine.create_engine(urls["notification"], pool_size=1)
    sessions = db_engine.session_factory(engine)
    handle = consumers.consume(
        handlers.table(),
        consumer=handlers.CONSUMER,
        uow_factory=lambda: NotificationUnitOfWork(sessions, source="/bench/notification"),
    )
    try:
        await migrations.upgrade(engine, "notification_service.migrations")
        await _subscribe(sessions)
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
            made = (
                await connection.execute(sa.text("SELECT COUNT(*) FROM webhook_deliveries"))
            ).scalar_one()
    finally:
        await engine.dispose()
        await load.drop_databases(admin_url, urls)
    expected = len(messages) // EVENTS_PER_APPLICATION * DELIVERIES_PER_APPLICATION
    assert made == expected, f"made {made} deliveries of {expected}"
    return Figures(batch, len(messages), made, cpu, backend, wall, len(chunks))


def show(figures: Figures) -> str:
    per_event = 1000 / figures.events
    backend = (
        f"{figures.backend_cpu_s * per_event:6.2f}"
        if figures.backend_cpu_s is not None
        else "   n/a"
    )
    return (
        f"{figures.batch:>5} {figures.transactions:>6} {figures.cpu_s * per_event:8.2f} "
        f"{backend:>10} {figures.wall_s * per_event:8.2f} "
        f"{figures.deliveries / figures.wall_s:12.0f}"
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
    print(
        f"{args.applications} applications, {len(messages)} events, "
        f"{args.applications * DELIVERIES_PER_APPLICATION} deliveries to make"
    )
    print("batch  txns  CPU ms/ev  PG ms/ev  wall ms/ev  deliveries/s")
    for batch in args.batches:
        print(show(await run(args.admin_url, batch, messages)), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
