"""The webhook dispatcher on a real database, driven by the delivery tests: a harness that
subscribes, enqueues and reads back, and a receiver on 127.0.0.1."""

import asyncio
import contextlib
import datetime as dt
import ipaddress
import random
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from notification_service import domain
from notification_service.sealing import SecretBox, new_signing_secret
from notification_service.webhooks.dispatcher import Dispatcher, Policy
from notification_service.webhooks.schedule import Schedule
from notification_service.webhooks.sender import Sender
from notification_service.webhooks.uow import DispatchUnitOfWork
from panjereh import events, tables
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from panjereh.settings import Profile

pytestmark = pytest.mark.asyncio

AGENCY = "passport-police"
BOX = SecretBox("test-notification-key-0123456789")


@dataclass(frozen=True)
class Endpoint:
    id: str
    secret: str
    url: str


@dataclass
class Harness:
    units: Callable[[], DispatchUnitOfWork]
    dispatcher: Dispatcher

    async def subscribe(
        self, url: str, *, agency: str = AGENCY, secret: str | None = None, box: SecretBox = BOX
    ) -> Endpoint:
        subscription_id, secret = str(uuid.uuid4()), secret or new_signing_secret()
        async with self.units() as uow:
            await uow.subscriptions.add(
                domain.Subscription(
                    id=subscription_id,
                    agency_id=agency,
                    url=url,
                    events=("*",),
                    description=None,
                    secret_ciphertext=box.seal(secret, subscription_id=subscription_id),
                    status="active",
                    created_at=dt.datetime.now(dt.UTC),
                )
            )
            await uow.commit()
        return Endpoint(subscription_id, secret, url)

    async def enqueue(self, endpoint: Endpoint, *applications: str | None) -> list[str]:
        """One delivery per application given (in that order); their event ids."""
        ids = []
        async with self.units() as uow:
            subscription = await uow.subscriptions.get(
                agency_id=AGENCY, subscription_id=endpoint.id
            )
            assert subscription is not None
            for application_id in applications:
                event_id = str(uuid.uuid4())
                ids.append(event_id)
                uow.deliveries.add(subscription, outgoing(event_id, application_id), now=now_utc())
            await uow.commit()
        self.dispatcher.wake()
        return ids

    async def deliveries(self, endpoint: Endpoint) -> list[domain.Delivery]:
        async with self.units() as uow:
            page = await uow.deliveries.page(
                subscription_id=endpoint.id, status=None, before_seq=None, limit=10_000
            )
        return sorted(page, key=lambda delivery: delivery.seq or 0)

    async def statuses(self, endpoint: Endpoint) -> list[str]:
        return [delivery.status for delivery in await self.deliveries(endpoint)]

    async def attempts(self, delivery_id: str) -> Sequence[domain.Attempt]:
        async with self.units() as uow:
            return await uow.deliveries.attempts_of(delivery_id)

    async def facts(self) -> list[events.NotificationDelivered]:
        """The delivery facts the dispatcher wrote to its outbox, in order."""
        async with self.units() as uow:
            rows = await uow.session.execute(
                sa.select(tables.outbox.c.payload)
                .where(tables.outbox.c.type == events.NotificationDelivered.type)
                .order_by(tables.outbox.c.id)
            )
            found = [events.unwrap(events.CloudEvent.model_validate_json(p)) for (p,) in rows]
        return [fact for fact in found if isinstance(fact, events.NotificationDelivered)]

    async def subscription(self, endpoint: Endpoint) -> domain.Subscription:
        async with self.units() as uow:
            found = await uow.subscriptions.get(agency_id=AGENCY, subscription_id=endpoint.id)
        assert found is not None
        return found


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def outgoing(event_id: str, application_id: str | None) -> domain.Outgoing:
    payload = domain.structured(
        event_id=event_id,
        event_type="application.state_changed",
        source="/panjereh/application-service",
        time=now_utc(),
        subject=application_id,
        data={"application_id": application_id},
        platform_type="ir.gov.panjereh.application.state_changed.v1",
    )
    return domain.Outgoing(event_id, "application.state_changed", application_id, payload)


@contextlib.asynccontextmanager
async def dispatching(
    database_url: str,
    *,
    profile: Profile = Profile.DEV,
    steps: tuple[float, ...] = (0.2,),
    window: dt.timedelta = dt.timedelta(minutes=5),
    post_timeout: float = 5.0,
    lease: dt.timedelta = dt.timedelta(seconds=60),
    disable_after: dt.timedelta = dt.timedelta(days=5),
    start: bool = True,
    trusted: Sequence[ipaddress.IPv4Network | ipaddress.IPv6Network] = (),
    ca_file: str | None = None,
) -> AsyncIterator[Harness]:
    engine = db_engine.create_engine(database_url)
    await migrations.upgrade(engine, "notification_service.migrations")
    sessions = db_engine.session_factory(engine)
    serial = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    def units() -> DispatchUnitOfWork:
        return DispatchUnitOfWork(sessions, source="/test/notification", serial=serial)

    policy = Policy(
        schedule=Schedule(steps, window),
        per_endpoint=4,
        in_flight=50,
        batch_size=50,
        lease=lease,
        disable_after=disable_after,
    )
    sender = Sender(
        profile=profile,
        timeout_seconds=post_timeout,
        connections=50,
        trusted=trusted,
        ca_file=ca_file,
    )
    # Seeded: where a test expects no retry (a step of an hour), none comes within it.
    dispatcher = Dispatcher(
        uow=units,
        sender=sender,
        secrets=BOX,
        policy=policy,
        poll_seconds=0.05,
        rng=random.Random(15),
    )
    if start:
        dispatcher.start()
    try:
        yield Harness(units, dispatcher)
    finally:
        if start:
            await dispatcher.stop()
        await engine.dispose()


async def all_settled(harness: Harness, endpoint: Endpoint, wanted: str = "succeeded") -> bool:
    return all(status == wanted for status in await harness.statuses(endpoint))
