"""The webhook dispatcher on a real database (SQLite and PostgreSQL) against real HTTP
receivers on 127.0.0.1: signed deliveries, order per application, retries, dead and
redeliver, one hanging receiver beside a fast one, redirects, and a lease that outlives its
dispatcher."""

import asyncio
import contextlib
import datetime as dt
import ipaddress
import random
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import sqlalchemy as sa
from aiohttp import web

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
from tests.integration.notification.receiver import Receiver, failing, hanging, self_signed
from tests.support import eventually

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
                uow.deliveries.add(subscription, _event(event_id, application_id), now=_now())
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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _event(event_id: str, application_id: str | None) -> domain.Outgoing:
    payload = domain.structured(
        event_id=event_id,
        event_type="application.state_changed",
        source="/panjereh/application-service",
        time=_now(),
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


@pytest_asyncio.fixture
async def receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    await receiver.start()
    yield receiver
    await receiver.stop()


async def all_settled(harness: Harness, endpoint: Endpoint, wanted: str = "succeeded") -> bool:
    return all(status == wanted for status in await harness.statuses(endpoint))


async def test_deliveries_are_signed_so_standardwebhooks_verifies_them(
    database_url: str, receiver: Receiver
) -> None:
    async with dispatching(database_url) as harness:
        endpoint = await harness.subscribe(receiver.url("/hooks"))
        ids = await harness.enqueue(endpoint, "app-1", "app-2", None)
        await eventually(lambda: all_settled(harness, endpoint), within=120, what="all delivered")
        assert sorted(r.webhook_id for r in receiver.requests) == sorted(ids)
        for request in receiver.requests:
            body = request.verified(endpoint.secret)
            assert body["id"] == request.webhook_id and body["specversion"] == "1.0"
            assert request.headers["content-type"].startswith("application/cloudevents+json")
        deliveries = await harness.deliveries(endpoint)
        for delivery in deliveries:
            assert (delivery.attempts, delivery.last_response_status) == (1, 204)
            assert delivery.delivered_at is not None
        ended = await harness.facts()
        assert sorted(f.notification_id for f in ended) == sorted(d.id for d in deliveries)
        assert {(f.kind, f.outcome, f.label, f.attempts) for f in ended} == {
            ("webhook", "delivered", "application.state_changed", 1)
        }
        assert all(f.latency_ms is not None and f.agency_id == AGENCY for f in ended)


async def test_a_receiver_answering_500_then_200_gets_the_delivery_with_both_attempts_logged(
    database_url: str, receiver: Receiver
) -> None:
    receiver.answers["/flaky"] = failing(times=2)
    async with dispatching(database_url) as harness:
        endpoint = await harness.subscribe(receiver.url("/flaky"))
        [event_id] = await harness.enqueue(endpoint, "app-1")
        await eventually(
            lambda: all_settled(harness, endpoint), within=120, what="delivered at last"
        )
        [delivery] = await harness.deliveries(endpoint)
        attempts = await harness.attempts(delivery.id)
        assert [a.response_status for a in attempts] == [500, 500, 204]
        assert "500" in (attempts[0].error or "") and attempts[-1].error is None
        assert delivery.attempts == 3 and delivery.last_error is None
        # The same webhook-id every time, each signed afresh.
        assert {r.webhook_id for r in receiver.requests} == {event_id}
        for request in receiver.requests:
            request.verified(endpoint.secret)
        assert (await harness.subscription(endpoint)).failing_since is None  # reset by 2xx


async def test_an_applications_later_events_wait_while_an_earlier_one_is_retried(
    database_url: str, receiver: Receiver
) -> None:
    first: list[str] = []

    async def fail_the_first_twice(request: Any) -> web.StreamResponse:
        tries = [r for r in receiver.requests if r.webhook_id == request.webhook_id]
        if request.webhook_id == first[0] and len(tries) <= 2:
            return web.Response(status=503)
        return web.Response(status=200)

    receiver.answers["/ordered"] = fail_the_first_twice
    async with dispatching(database_url) as harness:
        endpoint = await harness.subscribe(receiver.url("/ordered"))
        a1, a2, a3 = await harness.enqueue(endpoint, "app-A", "app-A", "app-A")
        first.append(a1)
        [b1] = await harness.enqueue(endpoint, "app-B")
        await eventually(lambda: all_settled(harness, endpoint), within=120, what="all delivered")
    seen = [r.webhook_id for r in receiver.requests]
    assert [i for i in seen if i != b1] == [a1, a1, a1, a2, a3]
    # Another application's event is not held back by app-A's retries.
    assert seen.index(b1) < seen.index(a2)


async def test_a_receiver_down_for_good_ends_dead_and_redeliver_sends_it_again(
    database_url: str, receiver: Receiver
) -> None:
    receiver.answers["/down"] = failing(times=10**6, status=502)
    async with dispatching(
        database_url, steps=(0.05, 0.1), window=dt.timedelta(seconds=1)
    ) as harness:
        endpoint = await harness.subscribe(receiver.url("/down"))
        await harness.enqueue(endpoint, "app-1")
        await eventually(lambda: all_settled(harness, endpoint, "dead"), within=120, what="dead")
        [dead] = await harness.deliveries(endpoint)
        attempts = await harness.attempts(dead.id)
        assert len(attempts) >= 3 and all(a.response_status == 502 for a in attempts)
        assert attempts[-1].at - attempts[0].at >= dt.timedelta(seconds=1)
        assert dead.next_attempt_at is None and "502" in (dead.last_error or "")
        [given_up] = await harness.facts()
        assert (given_up.outcome, given_up.latency_ms) == ("failed", None)

        receiver.answers["/down"] = failing(times=0)
        async with harness.units() as uow:
            await uow.deliveries.redeliver(dead.id, at=_now())
            await uow.commit()
        harness.dispatcher.wake()
        await eventually(lambda: all_settled(harness, endpoint), within=120, what="redelivered")
        [redelivered] = await harness.deliveries(endpoint)
        assert redelivered.attempts == len(attempts) + 1
        assert receiver.requests[-1].webhook_id == dead.event_id


async def test_a_hanging_receiver_does_not_delay_another_subscriptions_deliveries(
    database_url: str, receiver: Receiver
) -> None:
    release = asyncio.Event()
    receiver.answers["/slow"] = hanging(release)
    async with dispatching(database_url, post_timeout=600.0) as harness:
        slow = await harness.subscribe(receiver.url("/slow"))
        fast = await harness.subscribe(receiver.url("/fast"))
        await harness.enqueue(slow, *(f"slow-{n}" for n in range(12)))
        await eventually(
            lambda: len(receiver.at("/slow")) >= 4, within=120, what="the slow ones started"
        )
        await harness.enqueue(fast, *(f"fast-{n}" for n in range(12)), None)
        await eventually(
            lambda: all_settled(harness, fast), within=120, what="the fast ones delivered"
        )
        # Meanwhile the slow receiver has answered nothing, and holds only its own slots.
        assert await harness.statuses(slow) == ["pending"] * 12
        assert len(receiver.at("/slow")) == 4
        release.set()
        await eventually(
            lambda: all_settled(harness, slow), within=120, what="the slow ones delivered"
        )


async def test_a_redirect_is_not_followed_and_the_attempt_says_where_it_pointed(
    database_url: str, receiver: Receiver
) -> None:
    async def redirect(request: Any) -> web.StreamResponse:
        raise web.HTTPFound("http://169.254.169.254/latest/meta-data/")

    receiver.answers["/moved"] = redirect
    async with dispatching(database_url, steps=(3600.0,)) as harness:
        endpoint = await harness.subscribe(receiver.url("/moved"))
        await harness.enqueue(endpoint, "app-1")
        await eventually(
            lambda: all_settled(harness, endpoint, "failed"), within=120, what="failed"
        )
        [delivery] = await harness.deliveries(endpoint)
    error = delivery.last_error or ""
    assert delivery.last_response_status == 302
    assert "169.254.169.254" in error and "not followed" in error and "metadata" in error
    assert len(receiver.requests) == 1  # nothing reached the target


async def test_a_lease_left_by_a_crashed_dispatcher_lapses_and_the_same_webhook_id_is_sent(
    database_url: str, receiver: Receiver
) -> None:
    async with dispatching(database_url, start=False) as setup:
        endpoint = await setup.subscribe(receiver.url("/hooks"))
        [event_id] = await setup.enqueue(endpoint, "app-1")
        # A dispatcher leases the delivery and dies before it sends or records anything.
        leased_at = _now()
        until = leased_at + dt.timedelta(seconds=1)
        async with setup.units() as uow:
            [taken] = await uow.dispatch.lease(
                now=leased_at, until=until, limit=10, per_subscription=4
            )
            await uow.commit()
        # While the lease runs (a moment inside it, whatever the machine's pace), no one
        # else takes it.
        inside = leased_at + dt.timedelta(milliseconds=500)
        async with setup.units() as uow:
            again = await uow.dispatch.lease(now=inside, until=until, limit=10, per_subscription=4)
        assert again == []
    async with dispatching(database_url) as harness:
        await eventually(
            lambda: all_settled(harness, endpoint), within=120, what="delivered after the lease"
        )
        [delivery] = await harness.deliveries(endpoint)
    assert taken.event_id == event_id
    assert [r.webhook_id for r in receiver.requests] == [event_id]
    assert delivery.attempts == 1


async def test_a_subscription_failing_for_the_disable_time_is_disabled_and_its_agency_told(
    database_url: str, receiver: Receiver
) -> None:
    receiver.answers["/broken"] = failing(times=10**6)
    async with dispatching(
        database_url, steps=(0.1,), disable_after=dt.timedelta(seconds=1)
    ) as harness:
        broken = await harness.subscribe(receiver.url("/broken"))
        other = await harness.subscribe(receiver.url("/other"))
        await harness.enqueue(broken, "app-1", "app-2")
        await eventually(
            lambda: all_settled(harness, broken, "dead"), within=120, what="its deliveries ended"
        )
        subscription = await harness.subscription(broken)
        assert subscription.status == "disabled" and subscription.disabled_at is not None
        assert "disabled" in (subscription.disabled_reason or "")
        await eventually(
            lambda: all_settled(harness, other), within=120, what="the notice delivered"
        )
        [notice] = receiver.at("/other")
        body = notice.verified(other.secret)
        assert body["type"] == "panjereh.webhook.disabled"
        assert body["data"]["subscription_id"] == broken.id


async def test_production_refuses_a_loopback_receiver_at_delivery_time_naming_why(
    database_url: str, receiver: Receiver
) -> None:
    async with dispatching(database_url, profile=Profile.PRODUCTION, steps=(3600.0,)) as harness:
        literal = await harness.subscribe(f"https://127.0.0.1:{receiver.port}/hooks")
        named = await harness.subscribe(f"https://localhost:{receiver.port}/hooks")
        plain = await harness.subscribe(receiver.url("/hooks"))  # http
        for endpoint in (literal, named, plain):
            await harness.enqueue(endpoint, "app-1")

        async def all_failed() -> bool:
            settled = [await all_settled(harness, e, "failed") for e in (literal, named, plain)]
            return all(settled)

        await eventually(all_failed, within=120, what="all three failed")
        [at_literal], [at_name], [at_http] = [
            await harness.deliveries(e) for e in (literal, named, plain)
        ]
    assert "127.0.0.1" in (at_literal.last_error or "") and "loopback" in (
        at_literal.last_error or ""
    )
    assert "localhost" in (at_name.last_error or "") and "loopback" in (at_name.last_error or "")
    assert "https" in (at_http.last_error or "")
    assert receiver.requests == []  # nothing reached the receiver


async def test_production_does_not_follow_a_redirect_to_loopback_and_says_why(
    database_url: str, tmp_path: Path
) -> None:
    """A receiver the operator trusts, over TLS, answers with a redirect to 127.0.0.2: the
    attempt fails, naming the target and why it would be refused too; nothing follows it."""
    tls, certificate = self_signed(tmp_path)
    receiver = Receiver(tls=tls)

    async def redirect(request: Any) -> web.StreamResponse:
        raise web.HTTPTemporaryRedirect("https://127.0.0.2/admin")

    receiver.answers["/moved"] = redirect
    await receiver.start()
    try:
        async with dispatching(
            database_url,
            profile=Profile.PRODUCTION,
            steps=(3600.0,),
            trusted=[ipaddress.ip_network("127.0.0.1/32")],
            ca_file=str(certificate),
        ) as harness:
            fine = await harness.subscribe(receiver.url("/hooks"))
            moved = await harness.subscribe(receiver.url("/moved"))
            await harness.enqueue(fine, "app-1")
            await harness.enqueue(moved, "app-1")
            await eventually(
                lambda: all_settled(harness, fine), within=120, what="the trusted one delivered"
            )
            await eventually(
                lambda: all_settled(harness, moved, "failed"), within=120, what="failed"
            )
            [delivery] = await harness.deliveries(moved)
    finally:
        await receiver.stop()
    error = delivery.last_error or ""
    assert delivery.last_response_status == 307
    assert "127.0.0.2" in error and "not followed" in error and "loopback" in error
    assert [r.path for r in receiver.requests].count("/moved") == 1


async def test_two_dispatchers_share_the_work_sending_each_once_in_order(
    postgres_url: str, receiver: Receiver
) -> None:
    """Two replicas on one PostgreSQL database: SKIP LOCKED splits the due deliveries, and
    an application's next event is leased by either only once the earlier one is recorded."""
    async with dispatching(postgres_url) as one, dispatching(postgres_url) as other:
        endpoint = await one.subscribe(receiver.url("/hooks"))
        applications = [f"app-{n}" for n in range(10)]
        ids = await one.enqueue(endpoint, *(a for _ in range(4) for a in applications))
        other.dispatcher.wake()
        await eventually(lambda: all_settled(one, endpoint), within=120, what="all delivered")
    seen = [request.webhook_id for request in receiver.requests]
    assert sorted(seen) == sorted(ids)  # each once
    for n, application in enumerate(applications):
        mine = ids[n :: len(applications)]  # its four events, in the order enqueued
        assert [i for i in seen if i in mine] == mine, application


async def test_a_secret_that_cannot_sign_fails_the_attempt_in_view_and_sends_nothing(
    database_url: str, receiver: Receiver
) -> None:
    async with dispatching(database_url, steps=(3600.0,)) as harness:
        empty = await harness.subscribe(receiver.url("/hooks"), secret="whsec_!!!")
        foreign = await harness.subscribe(
            receiver.url("/hooks"), box=SecretBox("another-key-of-another-deployment")
        )
        await harness.enqueue(empty, "app-1")
        await harness.enqueue(foreign, "app-1")

        async def both_failed() -> bool:
            return all([await all_settled(harness, e, "failed") for e in (empty, foreign)])

        await eventually(both_failed, within=120, what="both failed")
        [unsigned], [unopened] = [await harness.deliveries(e) for e in (empty, foreign)]
    assert "could not be signed" in (unsigned.last_error or "")
    assert "does not open" in (unopened.last_error or "")
    assert receiver.requests == []


async def test_a_receiver_down_for_a_while_gets_everything_after_it_recovers_in_order(
    database_url: str, receiver: Receiver
) -> None:
    """Must show 2 of issue 15, compressed: the receiver answers 500 until told otherwise;
    once it recovers every event arrives, none lost, each application's in order, and the
    failed attempts are in the log."""
    down = True

    async def outage(request: Any) -> web.StreamResponse:
        return web.Response(status=500 if down else 200)

    receiver.answers["/hooks"] = outage
    async with dispatching(database_url, steps=(0.1, 0.3)) as harness:
        endpoint = await harness.subscribe(receiver.url("/hooks"))
        applications = [f"app-{n}" for n in range(5)]
        ids = await harness.enqueue(endpoint, *(a for _ in range(3) for a in applications))
        await eventually(
            lambda: (
                len({r.webhook_id for r in receiver.requests}) >= len(applications)
                and len(receiver.requests) >= 3 * len(applications)
            ),
            within=120,
            what="every application's first event tried, and retried",
        )
        down = False
        await eventually(lambda: all_settled(harness, endpoint), within=120, what="all delivered")
        deliveries = await harness.deliveries(endpoint)
        retried = [d for d in deliveries if d.attempts > 1]
        attempts = await harness.attempts(retried[0].id)
    # The handler decides on arrival, so the 200s are the requests after the switch.
    delivered_order = [r.webhook_id for r in receiver.requests[-len(ids) :]]
    assert sorted(delivered_order) == sorted(ids)  # none lost, none twice
    first_event_of = {a: ids[n] for n, a in enumerate(applications)}
    assert {d.event_id for d in retried} >= set(first_event_of.values())
    assert [a.response_status for a in attempts][:2] == [500, 500]
    assert attempts[-1].response_status == 200
    for n, application in enumerate(applications):
        mine = ids[n :: len(applications)]
        assert [i for i in delivered_order if i in mine] == mine, application


async def test_stopping_lets_the_attempts_in_flight_finish_and_records_them(
    database_url: str, receiver: Receiver
) -> None:
    arrived, release = asyncio.Event(), asyncio.Event()

    async def slow(request: Any) -> web.StreamResponse:
        arrived.set()
        await release.wait()
        return web.Response(status=200)

    receiver.answers["/slow"] = slow
    async with dispatching(database_url) as harness:
        endpoint = await harness.subscribe(receiver.url("/slow"))
        await harness.enqueue(endpoint, "app-1")
        await asyncio.wait_for(arrived.wait(), 30)
        stopping = asyncio.create_task(harness.dispatcher.stop())
        await asyncio.sleep(0)  # the stop has begun: no new round, the attempt still runs
        assert not stopping.done()
        release.set()
        await stopping
        assert await harness.statuses(endpoint) == ["succeeded"]


async def test_a_receiver_answering_500_for_a_whole_minute_then_recovering_gets_everything(
    postgres_url: str, receiver: Receiver
) -> None:
    """Must show 2 of issue 15 at its own length: 500 for 60 s of wall time, then 200. Every
    event arrives afterwards, none lost or twice, each application's in order, and the log
    shows the retries across the minute (short retry steps, so the test ends soon after)."""
    outage = dt.timedelta(seconds=60)
    began: list[dt.datetime] = []

    async def for_a_minute(request: Any) -> web.StreamResponse:
        now = dt.datetime.now(dt.UTC)
        began.append(began[0] if began else now)
        return web.Response(status=500 if now - began[0] < outage else 204)

    receiver.answers["/hooks"] = for_a_minute
    async with dispatching(
        postgres_url, steps=(1.0, 2.0, 5.0), window=dt.timedelta(minutes=10)
    ) as harness:
        endpoint = await harness.subscribe(receiver.url("/hooks"))
        applications = [f"minute-{n}" for n in range(4)]
        ids = await harness.enqueue(endpoint, *(a for _ in range(3) for a in applications))
        await eventually(lambda: all_settled(harness, endpoint), within=240, what="all delivered")
        deliveries = await harness.deliveries(endpoint)
        retried = max(deliveries, key=lambda d: d.attempts)
        attempts = await harness.attempts(retried.id)
    acknowledged = [r.webhook_id for r in receiver.requests[-len(ids) :]]
    assert sorted(acknowledged) == sorted(ids)  # none lost, none twice
    for n, application in enumerate(applications):
        mine = ids[n :: len(applications)]
        assert [i for i in acknowledged if i in mine] == mine, application
    failed = [a for a in attempts if a.response_status == 500]
    assert failed and attempts[-1].response_status == 204
    assert failed[-1].at - failed[0].at >= outage - dt.timedelta(seconds=10)  # retried all along
