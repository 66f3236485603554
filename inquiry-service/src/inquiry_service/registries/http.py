"""The HTTP connector: registries reached through the national service exchange.

One aiohttp session for the process (built in the service's lifespan, closed at shutdown),
pooling connections to every registry: httpx's pool is slow under concurrency
(encode/httpx#3215), and the worker fetches a whole batch at once. Each registry keeps its
own base URL and credential; every request has the timeout.
"""

import asyncio
import json
from collections.abc import Mapping
from typing import Any

import aiohttp

from inquiry_service.evidence.catalog import EvidenceType
from inquiry_service.registries.base import (
    RegistryAnswer,
    RegistryRejected,
    RegistryTransientError,
)

KEY_HEADER = "X-Exchange-Key"


class HttpConnector:
    """Build it inside the running event loop (the lifespan): the session belongs to it."""

    def __init__(
        self,
        *,
        base_urls: Mapping[str, str],
        api_keys: Mapping[str, str],
        timeout_seconds: float,
        pool_size: int = 50,
    ) -> None:
        self._base_urls = {registry: url.rstrip("/") for registry, url in base_urls.items()}
        self._headers = {registry: {KEY_HEADER: key} for registry, key in api_keys.items()}
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0, limit_per_host=pool_size),
            timeout=aiohttp.ClientTimeout(total=timeout_seconds, connect=min(timeout_seconds, 2.0)),
            raise_for_status=False,
        )

    async def fetch(
        self, evidence: EvidenceType, national_code: str, *, mobile: str | None = None
    ) -> RegistryAnswer:
        registry = evidence.registry
        url = f"{self._base_urls[registry]}/exchange/v1/{registry}/{evidence.code}"
        body = {"national_code": national_code, "mobile": mobile}
        try:
            async with self._session.post(
                url, json=body, headers=self._headers[registry]
            ) as response:
                status, text = response.status, await response.text()
        except TimeoutError as error:  # aiohttp's timeouts are TimeoutErrors
            raise RegistryTransientError(f"timed out: {type(error).__name__}") from error
        except aiohttp.ClientError as error:
            raise RegistryTransientError(f"unreachable: {type(error).__name__}") from error
        return _answer(evidence, status, text)

    async def aclose(self) -> None:
        await self._session.close()
        # Lets the transports' close callbacks run before the loop goes (aiohttp's advice).
        await asyncio.sleep(0)


def _answer(evidence: EvidenceType, status: int, text: str) -> RegistryAnswer:
    if status >= 500:
        raise RegistryTransientError(f"answered {status}")
    if status == 404 and _says_not_found(text):
        return RegistryAnswer("not_found", None, evidence.registry)
    if status != 200:
        raise RegistryRejected(f"answered {status}: {text[:200]}")
    body: dict[str, Any] = json.loads(text)
    return RegistryAnswer("found", body["data"], evidence.registry)


def _says_not_found(text: str) -> bool:
    # A 404 from a wrong path is a misconfiguration, not "no such person".
    try:
        return bool(json.loads(text).get("status") == "not_found")
    except (ValueError, AttributeError):
        return False
