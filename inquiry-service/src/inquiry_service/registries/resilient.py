"""Resilience around any connector: timeout, retries, a circuit breaker per registry, a cache.

Retries (tenacity, jittered exponential backoff) happen on timeouts and 5xx only. Every
failed attempt counts towards the registry's breaker (purgatory); while it is open, calls fail
at once instead of piling onto a registry that is down. Answers are cached briefly per
(evidence type, person), so one application's repeated needs do not hammer a registry.
"""

import asyncio
import time
from dataclasses import dataclass

from cachetools import TTLCache
from purgatory import AsyncCircuitBreakerFactory
from purgatory.domain.model import OpenedState
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from inquiry_service import metrics
from inquiry_service.evidence.catalog import EvidenceType
from inquiry_service.registries.base import (
    Connector,
    RegistryAnswer,
    RegistryRejected,
    RegistryTransientError,
    RegistryUnavailable,
)


@dataclass(frozen=True)
class Fetched:
    answer: RegistryAnswer
    cached: bool
    latency_ms: int


@dataclass(frozen=True)
class Resilience:
    timeout_seconds: float = 2.0
    attempts: int = 3
    backoff_seconds: float = 0.2
    breaker_threshold: int = 5
    breaker_recovery_seconds: float = 30.0
    cache_ttl_seconds: float = 300.0
    cache_max_entries: int = 100_000


_BREAKER_STATE = {"closed": 0, "half-opened": 1, "opened": 2}


class ResilientConnector:
    def __init__(self, inner: Connector, policy: Resilience) -> None:
        self._inner = inner
        self._policy = policy
        self._breakers = AsyncCircuitBreakerFactory(
            default_threshold=policy.breaker_threshold,
            default_ttl=policy.breaker_recovery_seconds,
            exclude=[RegistryRejected],
        )
        self._cache: TTLCache[tuple[str, str, str | None], RegistryAnswer] | None = (
            TTLCache(policy.cache_max_entries, policy.cache_ttl_seconds)
            if policy.cache_ttl_seconds > 0
            else None
        )

    async def fetch(
        self, evidence: EvidenceType, national_code: str, *, mobile: str | None = None
    ) -> Fetched:
        """The registry's answer, from cache or online; RegistryUnavailable once it gives up."""
        started = time.perf_counter()
        key = (evidence.code, national_code, mobile)
        if self._cache is not None and key in self._cache:
            metrics.CACHE_HITS.labels(evidence.code).inc()
            return Fetched(self._cache[key], cached=True, latency_ms=_since(started))
        answer = await self._fetch_online(evidence, national_code, mobile)
        if self._cache is not None:
            self._cache[key] = answer
        return Fetched(answer, cached=False, latency_ms=_since(started))

    async def breaker_state(self, registry: str) -> str:
        breaker = await self._breakers.get_breaker(registry)
        return str(breaker.context.state)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def _fetch_online(
        self, evidence: EvidenceType, national_code: str, mobile: str | None
    ) -> RegistryAnswer:
        registry, attempts = evidence.registry, 0
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._policy.attempts),
            wait=wait_exponential_jitter(
                multiplier=self._policy.backoff_seconds,
                max=self._policy.backoff_seconds * 10,
                jitter=self._policy.backoff_seconds,
            ),
            retry=retry_if_exception_type(RegistryTransientError),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    attempts += 1
                    return await self._attempt(evidence, national_code, mobile)
        except OpenedState:
            raise RegistryUnavailable(registry, "circuit open", attempts=attempts) from None
        except RegistryTransientError as error:
            raise RegistryUnavailable(registry, str(error), attempts=attempts) from error
        raise AssertionError("unreachable: tenacity either returns or reraises")

    async def _attempt(
        self, evidence: EvidenceType, national_code: str, mobile: str | None
    ) -> RegistryAnswer:
        registry = evidence.registry
        breaker = await self._breakers.get_breaker(registry)
        started = time.perf_counter()
        outcome = "error"
        try:
            async with breaker:
                try:
                    async with asyncio.timeout(self._policy.timeout_seconds):
                        answer = await self._inner.fetch(evidence, national_code, mobile=mobile)
                except TimeoutError as error:
                    raise RegistryTransientError("timed out") from error
            outcome = answer.status
            return answer
        except OpenedState:
            outcome = "circuit_open"
            raise
        finally:
            metrics.REGISTRY_REQUESTS.labels(registry, outcome).inc()
            metrics.REGISTRY_LATENCY.labels(registry).observe(time.perf_counter() - started)
            metrics.BREAKER_STATE.labels(registry).set(
                _BREAKER_STATE.get(str(breaker.context.state), 0)
            )


def _since(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)
