"""One pooled connection to each service, behind one small interface the proxy uses.

Over the network it is aiohttp's pool, used directly: httpcore's pool loses most of its
throughput under concurrency (encode/httpx#3215), and an httpx layer over aiohttp still
cost a fifth of the gateway's time in the profile (bench/status_bench.py). In the embedded
mode the same interface reaches the mounted service in-process through the kit's streaming
ASGI transport (`panjereh.web.asgi_stream`: httpx's own buffers a stream for ever).

Long-lived requests (SSE streams, `?wait=` long-polls) travel in a pool of their own, so
however many a crowd holds open, short lookups keep theirs (issue #14: 200 streams from one
address filled the one pool, and every other applicant's lookup hung).
"""

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import parse_qsl

import aiohttp
import httpx
from yarl import URL


class UpstreamUnavailable(Exception):
    """The service could not be reached (connection refused, pool exhausted): 503."""


class UpstreamTimeout(Exception):
    """The service did not answer within the read timeout: 504."""


class UpstreamBroken(Exception):
    """The service answered something that is not HTTP, or hung up mid-answer: 502."""


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    length: int | None  # Content-Length, if the service sent one
    chunks: AsyncIterator[bytes]
    read: Callable[[], Awaitable[bytes]]
    close: Callable[[], Awaitable[None]]


class Upstream(Protocol):
    async def send(
        self,
        method: str,
        target: str,
        headers: list[tuple[str, str]],
        body: bytes | None,
        *,
        long_lived: bool = False,
    ) -> Answer:
        """Send a request for `target` (path and query, as received); the answer's body
        unread. `long_lived` ones go by their own pool."""
        ...

    async def get(self, path: str) -> tuple[int, bytes]:
        """A small GET for the gateway's own use (readiness, OpenAPI documents); callers
        bound it with `asyncio.timeout`."""
        ...

    async def close(self) -> None: ...


@dataclass(frozen=True)
class Limits:
    pool_size: int
    connect_timeout: float
    read_timeout: float
    long_lived_pool_size: int = 1000


class NetworkUpstream:
    def __init__(self, base_url: str, limits: Limits) -> None:
        self._base = base_url.rstrip("/")
        self._session = _session(limits, limits.pool_size)
        self._long_session = _session(limits, limits.long_lived_pool_size)

    async def send(
        self,
        method: str,
        target: str,
        headers: list[tuple[str, str]],
        body: bytes | None,
        *,
        long_lived: bool = False,
    ) -> Answer:
        session = self._long_session if long_lived else self._session
        try:
            response = await session.request(
                method,
                URL(self._base + target, encoded=True),
                headers=[(k, _as_utf8(v)) for k, v in headers],
                data=body,
                allow_redirects=False,
            )
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as error:
            raise UpstreamUnavailable(str(error)) from error
        except (aiohttp.SocketTimeoutError, TimeoutError) as error:
            raise UpstreamTimeout(str(error)) from error
        except aiohttp.ClientError as error:
            raise UpstreamBroken(str(error)) from error

        async def close() -> None:
            if response.content.at_eof():
                response.release()  # read whole: the connection goes back to the pool
            else:
                response.close()  # the service learns its client has gone

        return Answer(
            status=response.status,
            headers=[(k, v) for k, v in response.headers.items()],
            length=response.content_length,
            chunks=_guarded(response.content.iter_any()),
            read=_guarded_read(response),
            close=close,
        )

    async def get(self, path: str) -> tuple[int, bytes]:
        async with self._session.get(self._base + path) as response:
            return response.status, await response.read()

    async def close(self) -> None:
        await self._session.close()
        await self._long_session.close()


def _session(limits: Limits, pool_size: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=pool_size, keepalive_timeout=30, ttl_dns_cache=60),
        timeout=aiohttp.ClientTimeout(
            total=None, sock_connect=limits.connect_timeout, sock_read=limits.read_timeout
        ),
        auto_decompress=False,  # bodies pass through as the service encoded them
        skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding"),
        trust_env=False,
    )


def _as_sent(value: str) -> bytes:
    """The header's bytes as the client sent them: the framework read them as latin-1, and
    they may be UTF-8 (Persian digits in X-National-Code), which httpx would refuse as str."""
    return value.encode("latin-1", "replace")


def _as_utf8(value: str) -> str:
    """The header as text aiohttp writes back (it encodes values as UTF-8) to the same bytes."""
    try:
        return _as_sent(value).decode("utf-8")
    except UnicodeDecodeError:
        return value


async def _guarded(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    try:
        async for chunk in chunks:
            yield chunk
    except (aiohttp.ClientError, TimeoutError) as error:
        raise UpstreamBroken(str(error)) from error


def _guarded_read(response: aiohttp.ClientResponse) -> Callable[[], Awaitable[bytes]]:
    async def read() -> bytes:
        try:
            return await response.read()
        except (aiohttp.SocketTimeoutError, TimeoutError) as error:
            raise UpstreamTimeout(str(error)) from error
        except aiohttp.ClientError as error:
            raise UpstreamBroken(str(error)) from error

    return read


class InProcessUpstream:
    """The embedded mode: the service's ASGI app, reached in-process through `transport`
    (the kit's streaming one). There is no pool to share, so long-lived requests need none
    of their own: the gateway's admission bounds them."""

    def __init__(self, transport: httpx.AsyncBaseTransport, limits: Limits) -> None:
        self._client = httpx.AsyncClient(
            base_url="http://embedded",
            transport=transport,
            timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        )

    async def send(
        self,
        method: str,
        target: str,
        headers: list[tuple[str, str]],
        body: bytes | None,
        *,
        long_lived: bool = False,
    ) -> Answer:
        raw = [(k.encode("latin-1"), _as_sent(v)) for k, v in headers]
        request = self._client.build_request(method, target, headers=raw, content=body)
        try:
            response = await self._client.send(request, stream=True)
        except httpx.TimeoutException as error:
            raise UpstreamTimeout(str(error)) from error
        except httpx.HTTPError as error:
            raise UpstreamBroken(str(error)) from error
        length = response.headers.get("content-length")
        return Answer(
            status=response.status_code,
            headers=list(response.headers.multi_items()),
            length=int(length) if length and length.isdigit() else None,
            chunks=_guarded_httpx(response.aiter_raw()),
            read=_guarded_httpx_read(response),
            close=response.aclose,
        )

    async def get(self, path: str) -> tuple[int, bytes]:
        response = await self._client.get(path)
        return response.status_code, response.content

    async def close(self) -> None:
        await self._client.aclose()


async def _guarded_httpx(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    try:
        async for chunk in chunks:
            yield chunk
    except httpx.HTTPError as error:
        raise UpstreamBroken(str(error)) from error


def _guarded_httpx_read(response: httpx.Response) -> Callable[[], Awaitable[bytes]]:
    async def read() -> bytes:
        try:
            return await response.aread()
        except httpx.TimeoutException as error:
            raise UpstreamTimeout(str(error)) from error
        except httpx.HTTPError as error:  # the service failed mid-answer
            raise UpstreamBroken(str(error)) from error

    return read


_LONG_LIVED_PATH = re.compile(r"^/v1/status/[^/]+/events/?$")
_STATUS_PATH = re.compile(r"^/v1/status/[^/]+/?$")


def long_lived(method: str, path: str, query: str) -> bool:
    """A request that may stay open long: the status SSE stream, or a `?wait=` long-poll.
    `path` is the decoded one, as the service routes it (an encoded `%65vents` is a stream too)."""
    if method != "GET":
        return False
    if _LONG_LIVED_PATH.match(path):
        return True
    if not _STATUS_PATH.match(path):
        return False
    waits = [value for name, value in parse_qsl(query, keep_blank_values=True) if name == "wait"]
    return any(value.strip() not in ("", "0") for value in waits)
