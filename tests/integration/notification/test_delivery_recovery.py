"""The webhook dispatcher in the production profile (loopback refused at delivery time, no
redirect followed) and through failures: two dispatchers on one database, a secret that
cannot sign, a receiver down for a while or a whole minute, and a stop mid-attempt."""

import asyncio
import datetime as dt
import ipaddress
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from notification_service.sealing import SecretBox
from panjereh.settings import Profile
from tests.integration.notification.dispatch_harness import (
    all_settled,
    dispatching,
)
from tests.integration.notification.receiver import Receiver, self_signed
from tests.support import eventually

pytestmark = pytest.mark.asyncio


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
