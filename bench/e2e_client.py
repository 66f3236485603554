"""The load generator's client: the Python SDK (`panjereh_sdk.Panjereh`), as an agency's backend
and the applicants' apps would use it, over one of two HTTP pools: aiohttp's (the default, by
the httpx-aiohttp transport: it stays cheap with hundreds of long-polls open) or httpx's own
(known to slow down under concurrency, encode/httpx#3215).

The SDK never retries here: a benchmark that waited out a 429 or a 503 would hide it, so each
one stays an error cause of the run ("POST 503")."""

import contextlib
from collections.abc import AsyncIterator

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

from bench import cluster
from panjereh_sdk import Panjereh, RetryPolicy

CONNECTIONS = 2000  # more than the long-polls a saturated rate keeps open
TIMEOUT = 60.0  # seconds for one answer: far past a 10 s long-poll, so a slow one still counts
NO_RETRIES = RetryPolicy(attempts=1)
KINDS = ("aiohttp", "httpx")
# No answer at all (a refused connection, a timeout): httpx's errors, which httpx-aiohttp maps
# aiohttp's to, and aiohttp's and asyncio's own in case one is left unmapped.
NO_ANSWER = (httpx.HTTPError, aiohttp.ClientError, TimeoutError)


@contextlib.asynccontextmanager
async def opened(kind: str, base_url: str) -> AsyncIterator[Panjereh]:
    """The SDK as the passport police's backend on the gateway, over `kind`'s pool ("aiohttp" or
    "httpx"), its token already fetched (so no application's latency includes it), closed when
    the block ends."""
    async with (
        _transport(kind) as transport,
        Panjereh(
            base_url,
            client_id=cluster.CLIENT_ID,
            client_secret=cluster.CLIENT_SECRET,
            retry=NO_RETRIES,
            timeout=TIMEOUT,
            transport=transport,
        ) as panjereh,
    ):
        if panjereh.credentials is not None:  # always: given just above
            await panjereh.credentials.bearer()
        yield panjereh


@contextlib.asynccontextmanager
async def _transport(kind: str) -> AsyncIterator[httpx.AsyncBaseTransport]:
    # The SDK does not close a transport it was handed: it is closed here.
    transport: httpx.AsyncBaseTransport
    if kind == "aiohttp":
        connector = aiohttp.TCPConnector(limit=CONNECTIONS, limit_per_host=CONNECTIONS)
        transport = AiohttpTransport(client=aiohttp.ClientSession(connector=connector))
    elif kind == "httpx":
        limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=500)
        transport = httpx.AsyncHTTPTransport(limits=limits)
    else:
        raise ValueError(f"no such client: {kind}")
    try:
        yield transport
    finally:
        await transport.aclose()
