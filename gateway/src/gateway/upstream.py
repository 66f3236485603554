"""One pooled connection to each service, behind one small interface the proxy uses.

Over the network it is aiohttp's pool, used directly: httpcore's pool loses most of its
throughput under concurrency (encode/httpx#3215), and an httpx layer over aiohttp still
cost a fifth of the gateway's time in the profile (bench/status_bench.py). In the embedded
mode the same interface reaches the mounted service in-process through httpx's ASGI
transport.
"""

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

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
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes | None
    ) -> Answer:
        """Send a request for `target` (path and query, as received); the answer's body unread."""
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


class NetworkUpstream:
    def __init__(self, base_url: str, limits: Limits) -> None:
        self._base = base_url.rstrip("/")
        connector = aiohttp.TCPConnector(
            limit=limits.pool_size, keepalive_timeout=30, ttl_dns_cache=60
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=aiohttp.ClientTimeout(
                total=None, sock_connect=limits.connect_timeout, sock_read=limits.read_timeout
            ),
            auto_decompress=False,  # bodies pass through as the service encoded them
            skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding"),
            trust_env=False,
        )

    async def send(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes | None
    ) -> Answer:
        try:
            response = await self._session.request(
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
            response.release()

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
    """The embedded mode: the service's ASGI app, reached through httpx's ASGI transport."""

    def __init__(self, transport: httpx.AsyncBaseTransport, limits: Limits) -> None:
        self._client = httpx.AsyncClient(
            base_url="http://embedded",
            transport=transport,
            timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        )

    async def send(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes | None
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
            chunks=response.aiter_raw(),
            read=response.aread,
            close=response.aclose,
        )

    async def get(self, path: str) -> tuple[int, bytes]:
        response = await self._client.get(path)
        return response.status_code, response.content

    async def close(self) -> None:
        await self._client.aclose()
