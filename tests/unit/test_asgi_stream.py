"""The kit's streaming in-process transport and the long-lived admission gate (no I/O)."""

import asyncio
import contextlib
from typing import Any

import httpx
import pytest

from panjereh.problems import ProblemError
from panjereh.web.asgi_stream import StreamingASGITransport
from panjereh.web.long_lived import Admission, Caps, unless_disconnected

pytestmark = pytest.mark.asyncio
Message = dict[str, Any]


class Stream:
    """An ASGI app that streams until told to stop or until its client goes away."""

    def __init__(self, *, deaf: bool = False) -> None:
        self.deaf = deaf  # ignores http.disconnect (a badly written app)
        self.sent = 0
        self.disconnected = asyncio.Event()
        self.ended = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, scope: Message, receive: Any, send: Any) -> None:
        try:
            assert (await receive())["type"] == "http.request"
            await send({"type": "http.response.start", "status": 200, "headers": []})
            watcher = asyncio.create_task(self._watch(receive))
            while not self.release.is_set() and (self.deaf or not self.disconnected.is_set()):
                await send({"type": "http.response.body", "body": b"x", "more_body": True})
                self.sent += 1
                await asyncio.sleep(0.01)
            watcher.cancel()
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            self.ended.set()

    async def _watch(self, receive: Any) -> None:
        if (await receive())["type"] == "http.disconnect":
            self.disconnected.set()


def _client(app: Any, **options: Any) -> httpx.AsyncClient:
    transport = StreamingASGITransport(app, **options)
    return httpx.AsyncClient(transport=transport, base_url="http://app", timeout=5)


async def test_bytes_arrive_while_the_app_is_still_streaming() -> None:
    app = Stream()
    async with _client(app) as client, client.stream("GET", "/") as response:
        assert response.status_code == 200
        async for chunk in response.aiter_raw():
            assert chunk == b"x"
            break
        assert not app.ended.is_set()
        app.release.set()
    await asyncio.wait_for(app.ended.wait(), 5)


async def test_closing_the_response_tells_the_app_and_its_task_ends() -> None:
    app = Stream()
    async with _client(app) as client:
        async with client.stream("GET", "/") as response:
            await response.aiter_raw().__anext__()
        # Closed before the end: by the time aclose returns, the app has heard and ended.
        assert app.disconnected.is_set()
        assert app.ended.is_set()


async def test_an_app_deaf_to_the_disconnect_is_cancelled_after_the_grace() -> None:
    app = Stream(deaf=True)
    async with _client(app, grace=0.2) as client:
        async with client.stream("GET", "/") as response:
            await response.aiter_raw().__anext__()
        assert app.ended.is_set()


async def test_a_reader_that_stops_reading_holds_the_app_back() -> None:
    app = Stream()
    async with _client(app, queue=4) as client, client.stream("GET", "/"):
        await asyncio.sleep(0.5)  # the app would send ~50 chunks unhindered
        assert app.sent <= 6  # the queue, plus the one being put


async def test_a_caller_cancelled_while_waiting_leaves_no_app_running() -> None:
    started, ended = asyncio.Event(), asyncio.Event()

    async def slow(scope: Message, receive: Any, send: Any) -> None:
        started.set()
        try:
            await asyncio.sleep(3600)
        finally:
            ended.set()

    async with _client(slow, grace=0.2) as client:
        request = asyncio.create_task(client.get("/"))
        await started.wait()
        request.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await request
    assert ended.is_set()


async def test_errors_before_and_after_the_start() -> None:
    async def before(scope: Message, receive: Any, send: Any) -> None:
        raise RuntimeError("boom")

    async def after(scope: Message, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"a", "more_body": True})
        raise RuntimeError("boom")

    async with _client(before) as client:
        with pytest.raises(RuntimeError):
            await client.get("/")
    async with _client(after) as client:
        with pytest.raises(httpx.ReadError):
            await client.get("/")


async def test_no_start_within_the_read_timeout_is_a_read_timeout() -> None:
    async def silent(scope: Message, receive: Any, send: Any) -> None:
        await asyncio.sleep(3600)

    transport = StreamingASGITransport(silent, grace=0.1)
    async with httpx.AsyncClient(transport=transport, base_url="http://app", timeout=0.2) as c:
        with pytest.raises(httpx.ReadTimeout):
            await c.get("/")


async def test_whole_answers_and_request_bodies_pass_as_before() -> None:
    async def echo(scope: Message, receive: Any, send: Any) -> None:
        body = (await receive())["body"]
        headers = [(b"content-length", str(len(body)).encode()), (b"x-path", scope["raw_path"])]
        await send({"type": "http.response.start", "status": 201, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async with _client(echo) as client:
        response = await client.post("/a%2Fb?q=1", content=b"hello")
    assert (response.status_code, response.content) == (201, b"hello")
    assert response.headers["x-path"] == "/a%2Fb"


async def test_admission_caps_per_client_and_in_total() -> None:
    gate = Admission(Caps(per_client=2, total=3, retry_after_seconds=7), holder="unit-test")
    first, second = gate.admit("a"), gate.admit("a")
    with pytest.raises(ProblemError) as refused:
        gate.admit("a")
    assert refused.value.status == 429
    assert refused.value.headers == {"Retry-After": "7"}
    third = gate.admit("b")
    with pytest.raises(ProblemError):
        gate.admit("c")  # the total
    for slot in (first, first, second, third):  # release is idempotent
        slot.release()
    assert (gate.open, gate.held_by("a")) == (0, 0)
    gate.admit("c").release()


async def test_unless_disconnected_cancels_the_work_when_the_client_goes() -> None:
    messages: asyncio.Queue[Message] = asyncio.Queue()
    messages.put_nowait({"type": "http.request", "body": b""})
    cancelled = asyncio.Event()

    async def work() -> str:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return "never"

    waiting = asyncio.create_task(unless_disconnected(messages.get, work()))
    await asyncio.sleep(0.05)
    messages.put_nowait({"type": "http.disconnect"})
    assert await waiting is None
    assert cancelled.is_set()

    async def quick() -> str:
        return "done"

    assert await unless_disconnected(messages.get, quick()) == "done"


async def test_one_ipv6_subscriber_is_one_client_whatever_its_address() -> None:
    gate = Admission(Caps(per_client=2, total=100), holder="unit-test-v6")
    gate.admit("2001:db8:1:2::1")
    gate.admit("2001:db8:1:2:ffff::9")
    with pytest.raises(ProblemError):
        gate.admit("2001:db8:1:2:abcd::5")  # the same /64
    gate.admit("2001:db8:1:3::1")  # another subscriber
    gate.admit("::ffff:10.0.0.1")
    assert gate.held_by("10.0.0.1") == 1  # an IPv4-mapped address is the IPv4 client
