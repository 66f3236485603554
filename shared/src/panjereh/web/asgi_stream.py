"""An httpx transport that reaches an ASGI app in-process and *streams* its answer.

httpx's own `ASGITransport` runs the app to its end before it returns a response, so a
Server-Sent Events stream (which never ends) never sends a byte, and the app's task lives
on after the caller has gone (issue #14: 800 abandoned streams grew the embedded process
~57 MB). The existing alternatives (aiohttp-asgi-connector) poll with `sleep(0)` per open
stream and never tell the app that its client left, so this is a small one of our own:

- the app runs in its own task; the response is returned at `http.response.start`, and
  its body is a bounded queue fed by the app's `send` (backpressure: a slow reader slows
  the app instead of growing memory);
- closing the response (the caller went away, or read it all) makes the app's `receive`
  answer `http.disconnect`, as a real server does; an app that does not end within a grace
  period after that is cancelled, so no task outlives its caller;
- the read timeout of the request (httpx's `timeout` extension) bounds the wait for the
  answer's start and for each chunk, as a socket read timeout would over the network.
"""

import asyncio
from collections.abc import AsyncIterator, MutableMapping
from typing import Any

import httpx
from starlette.types import ASGIApp

Message = MutableMapping[str, Any]
_END = object()  # the queue's end marker: the app sent its last chunk, or ended


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error


class _Exchange(httpx.AsyncByteStream):
    """One request's run of the app: its task, its answer's start, its body's queue."""

    def __init__(
        self, app: ASGIApp, scope: dict[str, Any], body: bytes, *, queue: int, grace: float
    ) -> None:
        self._app, self._scope, self._body = app, scope, body
        self._grace = grace
        self._chunks: asyncio.Queue[object] = asyncio.Queue(maxsize=queue)
        self._started = asyncio.Event()
        self._gone = asyncio.Event()  # receive answers http.disconnect from now on
        self._body_sent = False
        self._ended = False  # the app sent its last chunk (or ended, or failed)
        self._closed = False  # the reader has gone: nothing more is queued
        self.status: int | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.read_timeout: float | None = None
        self._task: asyncio.Task[None] | None = None
        self._failure: BaseException | None = None

    async def start(self) -> None:
        """Run the app until it starts its answer (or fails before it)."""
        self._task = asyncio.create_task(self._run())
        try:
            async with asyncio.timeout(self.read_timeout):
                await self._started.wait()
        except TimeoutError as error:
            await self.aclose()
            raise httpx.ReadTimeout("the app did not start its answer in time") from error
        except BaseException:  # the caller was cancelled: the app must not live on
            await self.aclose()
            raise
        if self.status is None:  # the app ended (or failed) without answering
            failure = self._failure
            await self.aclose()
            if failure is not None:
                raise failure
            raise httpx.RemoteProtocolError("the app ended without answering")

    async def _run(self) -> None:
        try:
            await self._app(self._scope, self._receive, self._send)
        except Exception as error:  # raised to the reader: before the start, or mid-body
            self._failure = error
            await self._end(_Failure(error))
        else:
            await self._end(_END)  # an app that returned without its last chunk
        finally:
            self._started.set()

    async def _receive(self) -> Message:
        if not self._body_sent:
            self._body_sent = True
            return {"type": "http.request", "body": self._body, "more_body": False}
        await self._gone.wait()
        return {"type": "http.disconnect"}

    async def _send(self, message: Message) -> None:
        if self._closed or self._ended:
            return  # as a server does once its client has gone: the app learns it by receive
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
            self.headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
            self._started.set()
        elif message["type"] == "http.response.body":
            body = bytes(message.get("body", b""))
            if body and self._scope["method"] != "HEAD":
                await self._put(body)
            if not message.get("more_body", False):
                await self._end(_END)
                self._gone.set()  # a finished answer: receive says so, as servers do

    async def _end(self, marker: object) -> None:
        if not self._ended:
            self._ended = True
            await self._put(marker)

    async def _put(self, item: object) -> None:
        if not self._closed:
            await self._chunks.put(item)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            try:
                async with asyncio.timeout(self.read_timeout):
                    item = await self._chunks.get()
            except TimeoutError as error:
                raise httpx.ReadTimeout("the app sent nothing in time") from error
            if item is _END:
                return
            if isinstance(item, _Failure):
                raise httpx.ReadError(f"the app failed mid-answer: {item.error!r}") from item.error
            assert isinstance(item, bytes)
            yield item

    async def aclose(self) -> None:
        """Tell the app its client has gone; cancel it if it does not end within the grace."""
        self._closed = True
        self._gone.set()
        while not self._chunks.empty():  # unblock an app waiting on a full queue
            self._chunks.get_nowait()
        task = self._task
        if task is None or task.done():
            return
        try:
            await asyncio.wait({task}, timeout=self._grace)
        finally:
            if not task.done():  # deaf to the disconnect, or our caller was cancelled
                task.cancel()
        if not task.done():
            await asyncio.wait({task}, timeout=self._grace)


class StreamingASGITransport(httpx.AsyncBaseTransport):
    """`httpx.ASGITransport`'s scope and semantics, with a streamed body and disconnects."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        client: tuple[str, int] = ("127.0.0.1", 123),
        root_path: str = "",
        queue: int = 16,
        grace: float = 5.0,
    ) -> None:
        self.app = app
        self.client = client
        self.root_path = root_path
        self.queue = queue
        self.grace = grace

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = b"".join([part async for part in request.stream])  # type: ignore[union-attr]
        exchange = _Exchange(
            self.app, self._scope(request), body, queue=self.queue, grace=self.grace
        )
        timeout = request.extensions.get("timeout", {})
        exchange.read_timeout = timeout.get("read") if isinstance(timeout, dict) else None
        await exchange.start()
        assert exchange.status is not None
        return httpx.Response(exchange.status, headers=exchange.headers, stream=exchange)

    def _scope(self, request: httpx.Request) -> dict[str, Any]:
        return {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},  # disconnects come by receive
            "http_version": "1.1",
            "method": request.method,
            "headers": [(k.lower(), v) for k, v in request.headers.raw],
            "scheme": request.url.scheme,
            "path": request.url.path,
            "raw_path": request.url.raw_path.split(b"?")[0],
            "query_string": request.url.query,
            "server": (request.url.host, request.url.port),
            "client": self.client,
            "root_path": self.root_path,
        }
