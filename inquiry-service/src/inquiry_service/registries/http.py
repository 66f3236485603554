"""The HTTP connector: registries reached through the national service exchange.

One pooled client per registry, each with its own base URL, credential and timeout.
"""

import asyncio
from collections.abc import Mapping

import httpx

from inquiry_service.evidence.catalog import EvidenceType
from inquiry_service.registries.base import (
    RegistryAnswer,
    RegistryRejected,
    RegistryTransientError,
)

KEY_HEADER = "X-Exchange-Key"


class HttpConnector:
    def __init__(
        self,
        *,
        base_urls: Mapping[str, str],
        api_keys: Mapping[str, str],
        timeout_seconds: float,
        pool_size: int = 50,
    ) -> None:
        self._clients = {
            registry: httpx.AsyncClient(
                base_url=url,
                headers={KEY_HEADER: api_keys[registry]},
                timeout=httpx.Timeout(timeout_seconds, connect=min(timeout_seconds, 2.0)),
                limits=httpx.Limits(max_connections=pool_size, max_keepalive_connections=pool_size),
            )
            for registry, url in base_urls.items()
        }

    async def fetch(
        self, evidence: EvidenceType, national_code: str, *, mobile: str | None = None
    ) -> RegistryAnswer:
        client = self._clients[evidence.registry]
        path = f"/exchange/v1/{evidence.registry}/{evidence.code}"
        try:
            response = await client.post(
                path, json={"national_code": national_code, "mobile": mobile}
            )
        except httpx.TimeoutException as error:
            raise RegistryTransientError(f"timed out: {type(error).__name__}") from error
        except httpx.TransportError as error:
            raise RegistryTransientError(f"unreachable: {type(error).__name__}") from error
        return _answer(evidence, response)

    async def aclose(self) -> None:
        await asyncio.gather(*(client.aclose() for client in self._clients.values()))


def _answer(evidence: EvidenceType, response: httpx.Response) -> RegistryAnswer:
    if response.status_code >= 500:
        raise RegistryTransientError(f"answered {response.status_code}")
    if response.status_code == 404 and _says_not_found(response):
        return RegistryAnswer("not_found", None, evidence.registry)
    if response.status_code != 200:
        raise RegistryRejected(f"answered {response.status_code}: {response.text[:200]}")
    body = response.json()
    return RegistryAnswer("found", body["data"], evidence.registry)


def _says_not_found(response: httpx.Response) -> bool:
    # A 404 from a wrong path is a misconfiguration, not "no such person".
    try:
        return bool(response.json().get("status") == "not_found")
    except ValueError:
        return False
