"""The webhook dispatcher on a real database (SQLite and PostgreSQL) against real HTTP
receivers on 127.0.0.1: signed deliveries, order per application, retries, dead and
redeliver, one hanging receiver beside a fast one, redirects, a lease that outlives its
dispatcher, and disabling (the production profile and recovery: test_delivery_recovery)."""

import asyncio
import datetime as dt
from typing import Any

import pytest
from aiohttp import web

from tests.integration.notification.dispatch_harness import (
    AGENCY,
    all_settled,
    dispatching,
    now_utc,
)
from tests.integration.notification.receiver import Receiver, failing, hanging
from tests.support import eventually

pytestmark = pytest.mark.asyncio


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
            await uow.deliveries.redeliver(dead.id, at=now_utc())
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
        leased_at = now_utc()
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
