"""The gateway's token keys as a service keeps them: fetched, and fetched again when they move.

A rotation publishes the next key long before it signs anything (the JWKS holds the current
and the next key), so a service refreshing every `refresh_seconds` already knows a key when
the first token under it arrives. A token whose `kid` is still unknown makes the service ask
once more at once, but never more often than once per `min_interval_seconds` whatever the
tokens say: made-up kids cannot turn the services into a flood against the gateway. Between
refreshes, and whenever a fetch fails, the keys last fetched keep verifying.
"""

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import jwt
from tenacity import AsyncRetrying, stop_after_delay, wait_exponential_jitter

from panjereh import auth

log = logging.getLogger(__name__)
Fetch = Callable[[], Awaitable[dict[str, Any]]]
FETCH_TIMEOUT_SECONDS = 5.0


def from_url(url: str, *, transport: httpx.AsyncBaseTransport | None = None) -> Fetch:
    async def fetch() -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=FETCH_TIMEOUT_SECONDS, transport=transport) as http:
            response = await http.get(url)
            response.raise_for_status()
            document: dict[str, Any] = response.json()
            return document

    return fetch


def from_file(path: str | Path) -> Fetch:
    """A JWKS in a mounted file (a Kubernetes Secret or ConfigMap volume follows its object)."""

    async def fetch() -> dict[str, Any]:
        document: dict[str, Any] = json.loads(await asyncio.to_thread(Path(path).read_text))
        return document

    return fetch


def _kid(token: str) -> str | None:
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.PyJWTError:
        return None  # the verifier refuses it; no reason to ask for keys
    return kid if isinstance(kid, str) else None


class RefreshingKeys:
    """Keeps `verifier`'s keys up to date from `fetch` (see the module's docstring)."""

    def __init__(
        self,
        verifier: auth.TokenVerifier,
        fetch: Fetch,
        *,
        refresh_seconds: float,
        min_interval_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._verifier = verifier
        self._fetch = fetch
        self._refresh_seconds = refresh_seconds
        self._min_interval = min_interval_seconds
        self._clock = clock
        self._fetched_at = clock()
        self._earliest = clock() + min_interval_seconds
        self._lock = asyncio.Lock()
        self._background: asyncio.Task[bool] | None = None
        self.fetches = 0  # attempts made (the security suite counts them)

    async def before_verify(self, token: str) -> None:
        """Ask again now for a token under an unknown key (bounded); refresh keys gone stale
        in the background (this request goes on with the keys at hand)."""
        kid = _kid(token)
        if kid is not None and not self._verifier.knows(kid):
            await self.refresh()
        elif self._clock() - self._fetched_at >= self._refresh_seconds and not self._running():
            self._background = asyncio.create_task(self.refresh())

    def _running(self) -> bool:
        return self._background is not None and not self._background.done()

    async def refresh(self) -> bool:
        """Fetch the keys unless a fetch happened less than `min_interval_seconds` ago; True
        if the verifier got new keys."""
        async with self._lock:
            if self._clock() < self._earliest:
                return False
            self._earliest = self._clock() + self._min_interval
            self.fetches += 1
            try:
                async with asyncio.timeout(FETCH_TIMEOUT_SECONDS):
                    jwks = await self._fetch()
                self._verifier.replace(jwks)
            except Exception as error:  # a gateway away must not fail requests: keep the keys
                log.warning("token keys not refreshed (%s); verifying with the last ones", error)
                return False
            self._fetched_at = self._clock()
            return True

    async def close(self) -> None:
        if self._background is not None:
            self._background.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._background


async def load(
    *,
    jwks_url: str | None,
    jwks_file: str | None,
    jwks_json: str | None,
    refresh_seconds: float,
    min_interval_seconds: float,
) -> tuple[auth.TokenVerifier, RefreshingKeys | None]:
    """A verifier from the configured keys, and what refreshes it (none for keys given
    inline, which only change with the setting). With nothing configured, a verifier that
    refuses every token."""
    if jwks_json:
        return auth.TokenVerifier(json.loads(jwks_json)), None
    if jwks_file:
        fetch = from_file(jwks_file)
    elif jwks_url:
        fetch = from_url(jwks_url)
    else:
        return auth.TokenVerifier({"keys": []}), None
    verifier = auth.TokenVerifier(await _first(fetch))
    keys = RefreshingKeys(
        verifier,
        fetch,
        refresh_seconds=refresh_seconds,
        min_interval_seconds=min_interval_seconds,
    )
    return verifier, keys


async def _first(fetch: Fetch) -> dict[str, Any]:
    # The gateway may still be starting: wait for its JWKS rather than fail the service.
    async for attempt in AsyncRetrying(
        stop=stop_after_delay(60), wait=wait_exponential_jitter(max=5), reraise=True
    ):
        with attempt:
            return await fetch()
    raise AssertionError("unreachable: tenacity reraises")
