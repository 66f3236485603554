"""Finding 3 of issue #14: long-lived requests that starve the window.

In the embedded default an SSE stream never sent a byte (the in-process transport buffered
it whole) and its task outlived the client; over HTTP, a few open streams from one address
filled the gateway's pool and every other applicant's lookup hung.

Black box: real HTTP through the gateway; each client binds its own loopback address
(127.0.0.x), so the platform sees distinct real addresses. The caps are set low here (by
the environment, as an operator would) so the tests need only a handful of streams.
Deadlines are generous: nothing here needs a quiet machine.
"""

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from prometheus_client import REGISTRY
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

from gateway.main import create_app as gateway_app
from gateway.settings import GatewaySettings
from tests.security.conftest import COMPLETE_PERSON, PASSPORT, Window
from tests.support import eventually, serve

pytestmark = pytest.mark.asyncio

CAP = 3  # streams and long-polls one client may hold (gateway and status service alike)
HOLDER, OTHER, THIRD = "127.0.0.2", "127.0.0.3", "127.0.0.4"
WHO = {"X-National-Code": COMPLETE_PERSON}
FINAL = ("approved", "rejected", "needs_review", "failed", "cancelled")
DEADLINE = 30.0  # seconds: far above what any step takes, even on a busy machine


@pytest.fixture(autouse=True)
def _low_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs before the `window` fixture builds the platform, which reads these."""
    monkeypatch.setenv("PANJEREH_GATEWAY_LONG_LIVED_PER_CLIENT", str(CAP))
    monkeypatch.setenv("PANJEREH_STATUS_LONG_LIVED_PER_CLIENT", str(CAP))


@contextlib.asynccontextmanager
async def _from(url: str, address: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose connections come from `address` (any 127.x is local on Linux)."""
    transport = httpx.AsyncHTTPTransport(local_address=address)
    async with httpx.AsyncClient(base_url=url, transport=transport, timeout=DEADLINE) as client:
        yield client


async def _tracking_code(window: Window) -> str:
    """A fresh application's tracking code, once its status can be looked up."""
    response = await window.http.post(
        "/v1/applications",
        json={"service_id": "passport-issuance", "applicant": {"national_code": COMPLETE_PERSON}},
        headers=await window.auth(PASSPORT) | {"Idempotency-Key": uuid.uuid4().hex},
    )
    assert response.status_code == 202, response.text
    code = str(response.json()["tracking_code"])

    async def settled() -> bool:
        found = await window.http.get(f"/v1/status/{code}", headers=WHO)
        return found.status_code == 200 and found.json()["state"] in FINAL

    # Settled, so its ETag holds still while a long-poll waits on it.
    await eventually(settled, within=DEADLINE, what="the application is decided")
    return code


async def _first_event(lines: AsyncIterator[str]) -> dict[str, object]:
    """The first event's data: it must arrive while the stream is still open. (`lines` is
    kept by the caller: a line iterator dropped mid-stream closes its connection.)"""
    async with asyncio.timeout(DEADLINE):
        async for line in lines:
            if line.startswith("data:"):
                return dict(json.loads(line.removeprefix("data:")))
    raise AssertionError("the stream ended before its first event")


async def _hold(stack: contextlib.AsyncExitStack, client: httpx.AsyncClient, path: str) -> None:
    """Open a stream at `path` and keep it open (until `stack` closes), past its first event."""
    async with asyncio.timeout(DEADLINE):
        stream = await stack.enter_async_context(client.stream("GET", path, headers=WHO))
    assert stream.status_code == 200, await stream.aread()
    assert stream.headers["content-type"].startswith("text/event-stream")
    lines = stream.aiter_lines()
    stack.push_async_callback(lines.aclose)  # keeps it (and so the stream) until the end
    await _first_event(lines)


def _tasks() -> int:
    return len(asyncio.all_tasks())


def _running() -> set[str]:
    """What the process's tasks are running (to name any left behind)."""
    return {repr(task.get_coro()) for task in asyncio.all_tasks()}


async def _warmed(window: Window, code: str, *, stream: bool = True) -> tuple[int, set[str]]:
    """The process's tasks once a stream and a long-poll have each run and ended (the first
    stream on a loop starts sse-starlette's one shutdown watcher, which then stays)."""
    if stream:
        async with window.http.stream("GET", f"/v1/status/{code}/events", headers=WHO) as s:
            await _first_event(s.aiter_lines())
    etag = (await window.http.get(f"/v1/status/{code}", headers=WHO)).headers["etag"]
    await window.http.get(f"/v1/status/{code}?wait=1", headers=WHO | {"If-None-Match": etag})
    await asyncio.sleep(1)
    return _tasks(), _running()


async def _back_to(before: int, running: set[str], *, within: float) -> None:
    try:
        await eventually(lambda: _tasks() <= before, within=within)
    except TimeoutError:
        left = sorted(_running() - running)
        raise AssertionError(f"tasks left behind ({_tasks()} > {before}): {left}") from None


def _open_slots(holder: str) -> float | None:
    return REGISTRY.get_sample_value("panjereh_long_lived_open", {"holder": holder})


async def test_sse_through_the_embedded_gateway_delivers_its_first_event_before_it_ends(
    window: Window,
) -> None:
    code = await _tracking_code(window)
    async with window.http.stream("GET", f"/v1/status/{code}/events", headers=WHO) as stream:
        assert stream.status_code == 200
        event = await _first_event(stream.aiter_lines())  # the old transport: a timeout
    assert event["tracking_code"] == code


async def test_streams_and_long_polls_past_the_per_client_cap_answer_429_with_retry_after(
    window: Window,
) -> None:
    code = await _tracking_code(window)
    etag = (await window.http.get(f"/v1/status/{code}", headers=WHO)).headers["etag"]
    async with _from(window.url, HOLDER) as client, contextlib.AsyncExitStack() as stack:
        for _ in range(CAP):
            await _hold(stack, client, f"/v1/status/{code}/events")
        over = [
            client.get(f"/v1/status/{code}/events", headers=WHO | {"Accept-Language": "fa"}),
            # A percent-encoded path is the same stream to the service: the same cap.
            client.get(f"/v1/status/{code}/%65vents", headers=WHO),
            # A long-poll holds a slot too.
            client.get(f"/v1/status/{code}?wait=30", headers=WHO | {"If-None-Match": etag}),
        ]
        async with asyncio.timeout(DEADLINE):
            answers = await asyncio.gather(*over)
    for answer in answers:
        assert answer.status_code == 429, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert int(answer.headers["retry-after"]) >= 1
        assert answer.json()["type"].endswith("/too-many-streams")
    persian = answers[0].json()
    assert any("\u0600" <= ch <= "\u06ff" for ch in persian["title"] + persian["detail"])


async def test_a_client_that_goes_away_frees_its_slot_and_leaves_no_task_behind(
    window: Window,
) -> None:
    code = await _tracking_code(window)
    before, running = await _warmed(window, code)
    async with _from(window.url, HOLDER) as client:
        async with contextlib.AsyncExitStack() as stack:
            for _ in range(CAP):
                await _hold(stack, client, f"/v1/status/{code}/events")
            assert _open_slots("gateway") == CAP
            assert _tasks() > before + CAP  # each open stream runs in tasks of its own
        # The client has hung up on every stream: their tasks end, their slots come back.
        await _back_to(before, running, within=DEADLINE)
        await eventually(lambda: _open_slots("gateway") == 0, within=DEADLINE, what="slots")
        await eventually(lambda: _open_slots("status-service") == 0, within=DEADLINE)
        async with contextlib.AsyncExitStack() as stack:
            await _hold(stack, client, f"/v1/status/{code}/events")  # admitted again


async def test_a_long_poll_whose_client_goes_away_ends_before_its_wait(window: Window) -> None:
    code = await _tracking_code(window)
    etag = (await window.http.get(f"/v1/status/{code}", headers=WHO)).headers["etag"]
    before, running = await _warmed(window, code, stream=False)
    async with _from(window.url, HOLDER) as client:
        poll = asyncio.create_task(
            client.get(f"/v1/status/{code}?wait=30", headers=WHO | {"If-None-Match": etag})
        )
        await eventually(lambda: _tasks() > before + 2, within=DEADLINE, what="it waits")
        await asyncio.sleep(0.5)
        assert not poll.done()
        poll.cancel()  # the client hangs up 30 s before the wait would end
        with contextlib.suppress(asyncio.CancelledError):
            await poll
        # Well inside the 30 s wait (the old code held it for all of it).
        await _back_to(before, running, within=20)
        assert _open_slots("status-service") == 0
        assert _open_slots("gateway") == 0


async def test_short_lookups_answer_while_another_client_holds_its_cap_of_streams(
    window: Window,
) -> None:
    code = await _tracking_code(window)
    async with (
        _from(window.url, HOLDER) as holder,
        _from(window.url, THIRD) as third,
        contextlib.AsyncExitStack() as stack,
    ):
        for _ in range(CAP):
            await _hold(stack, holder, f"/v1/status/{code}/events")
        refused = await holder.get(f"/v1/status/{code}/events", headers=WHO)
        assert refused.status_code == 429
        for _ in range(10):
            async with asyncio.timeout(DEADLINE):
                lookup = await third.get(f"/v1/status/{code}", headers=WHO)
            assert lookup.status_code == 200
        # Another client has caps of its own: its stream is admitted.
        await _hold(stack, third, f"/v1/status/{code}/events")


async def test_a_garbled_last_event_id_is_ignored_not_an_error(window: Window) -> None:
    code = await _tracking_code(window)
    for given in ("x", "-1", "9" * 40, "۱۲", "3\r\n"):
        headers = {**WHO, "Last-Event-ID": given.strip().encode()}  # bytes: UTF-8 as sent
        async with window.http.stream("GET", f"/v1/status/{code}/events", headers=headers) as s:
            assert s.status_code == 200
            assert (await _first_event(s.aiter_lines()))["tracking_code"] == code


# --- Over the network: the gateway's pools ------------------------------------------------


class _Upstream:
    """A stand-in status service: a stream that never ends, and a quick lookup."""

    def __init__(self) -> None:
        self.open_streams = 0

    def app(self) -> Starlette:
        async def events(request: Request) -> StreamingResponse:
            async def forever() -> AsyncIterator[bytes]:
                self.open_streams += 1
                try:
                    yield b'data: {"tracking_code": "x"}\n\n'
                    while True:
                        await asyncio.sleep(3600)
                        yield b": ping\n\n"
                finally:
                    self.open_streams -= 1

            return StreamingResponse(forever(), media_type="text/event-stream")

        async def status(request: Request) -> JSONResponse:
            return JSONResponse({"state": "submitted"})

        return Starlette(
            routes=[
                Route("/v1/status/{code}/events", events),
                Route("/v1/status/{code}", status),
            ]
        )


@pytest_asyncio.fixture
async def network_gateway() -> AsyncIterator[tuple[str, _Upstream]]:
    """The gateway over the network, with a short-lookup pool of only 2 connections."""
    upstream = _Upstream()
    async with serve(upstream.app(), lifespan="off") as status_url:
        settings = GatewaySettings(
            status_url=status_url, upstream_pool_size=2, long_lived_per_client=CAP
        )
        async with serve(gateway_app(settings)) as url:
            yield url, upstream


async def test_streams_never_take_the_connections_short_lookups_need(
    network_gateway: tuple[str, _Upstream],
) -> None:
    url, upstream = network_gateway
    async with (
        _from(url, HOLDER) as holder,
        _from(url, OTHER) as other,
        _from(url, THIRD) as third,
        contextlib.AsyncExitStack() as stack,
    ):

        async def lookups() -> None:
            for _ in range(5):
                async with asyncio.timeout(DEADLINE):  # the old gateway: hung behind streams
                    lookup = await third.get("/v1/status/1234567890128", headers=WHO)
                assert lookup.status_code == 200

        for _ in range(2):  # as many streams as the short pool has connections
            await _hold(stack, holder, "/v1/status/1234567890128/events")
        await lookups()
        await _hold(stack, holder, "/v1/status/1234567890128/events")
        for _ in range(CAP):  # another client: more streams in all than the short pool holds
            await _hold(stack, other, "/v1/status/1234567890128/events")
        assert upstream.open_streams == 2 * CAP
        assert (await holder.get("/v1/status/1234567890128/events")).status_code == 429
        await lookups()
    # The clients have gone: the gateway closed its upstream streams too.
    await eventually(lambda: upstream.open_streams == 0, within=DEADLINE, what="upstream ends")
