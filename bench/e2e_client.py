"""The load generator's HTTP client, behind one small call, so the benchmark can compare two:
aiohttp (the default: its pool stays cheap with hundreds of long-polls open) and httpx (whose
pool is known to slow down under concurrency, encode/httpx#3215)."""

import contextlib
from collections.abc import AsyncIterator, Mapping
from typing import Any, NamedTuple, Protocol

import aiohttp
import httpx

CONNECTIONS = 2000  # more than the long-polls a saturated rate keeps open


class Answer(NamedTuple):
    status: int
    etag: str | None
    body: Any  # the decoded JSON of a 200 or 202, else None


FAILED = Answer(0, None, None)  # no answer: the connection failed or timed out


class Client(Protocol):
    async def __call__(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str],
        json: Any = None,
        params: Mapping[str, str | int] | None = None,
    ) -> Answer: ...


@contextlib.asynccontextmanager
async def opened(kind: str, base_url: str) -> AsyncIterator[Client]:
    """A client of `kind` ("aiohttp" or "httpx") on the gateway, closed when the block ends."""
    if kind == "httpx":
        async with _httpx(base_url) as client:
            yield client
    elif kind == "aiohttp":
        async with _aiohttp(base_url) as client:
            yield client
    else:
        raise ValueError(f"no such client: {kind}")


@contextlib.asynccontextmanager
async def _aiohttp(base_url: str) -> AsyncIterator[Client]:
    connector = aiohttp.TCPConnector(limit=CONNECTIONS, limit_per_host=CONNECTIONS)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(base_url, connector=connector, timeout=timeout) as session:

        async def call(
            method: str,
            path: str,
            *,
            headers: Mapping[str, str],
            json: Any = None,
            params: Mapping[str, str | int] | None = None,
        ) -> Answer:
            try:
                async with session.request(
                    method, path, headers=dict(headers), json=json, params=params
                ) as response:
                    body = await response.json() if response.status in (200, 202) else None
                    return Answer(response.status, response.headers.get("etag"), body)
            except (aiohttp.ClientError, TimeoutError):
                return FAILED

        yield call


@contextlib.asynccontextmanager
async def _httpx(base_url: str) -> AsyncIterator[Client]:
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=500)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as session:

        async def call(
            method: str,
            path: str,
            *,
            headers: Mapping[str, str],
            json: Any = None,
            params: Mapping[str, str | int] | None = None,
        ) -> Answer:
            try:
                response = await session.request(
                    method, path, headers=dict(headers), json=json, params=params
                )
            except httpx.HTTPError:
                return FAILED
            body = response.json() if response.status_code in (200, 202) else None
            return Answer(response.status_code, response.headers.get("etag"), body)

        yield call
