"""Resilience around any connector: timeout, retries, a circuit breaker per registry, a cache.

Retries (tenacity, jittered exponential backoff) happen on timeouts and 5xx only. Each
request, with all its retries, counts as ONE call towards its registry's breaker (breaker.py),
which opens on the registry's failure rate over a window with a minimum of calls: one person
whose record times out cannot open it for everyone. While it is open, calls fail at once
instead of piling onto a registry that is down. Answers are cached briefly per
(evidence type, person), so one application's repeated needs do not hammer a registry.
"""

import asyncio
import time
from dataclasses import dataclass

from cachetools import TTLCache
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
from inquiry_service.registries.breaker import Breaker, BreakerPolicy, Permit, State


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
    breaker_window_seconds: float = 60.0
    breaker_minimum_calls: int = 10
    breaker_failure_rate: float = 0.5
    breaker_recovery_seconds: float = 30.0
    cache_ttl_seconds: float = 300.0
    cache_max_entries: int = 100_000


_BREAKER_STATE = {State.CLOSED: 0, State.HALF_OPEN: 1, State.OPEN: 2}


class ResilientConnector:
    def __init__(self, inner: Connector, policy: Resilience) -> None:
        self._inner = inner
        self._policy = policy
        self._breaker_policy = BreakerPolicy(
            window_seconds=policy.breaker_window_seconds,
            minimum_calls=policy.breaker_minimum_calls,
            failure_rate=policy.breaker_failure_rate,
            open_seconds=policy.breaker_recovery_seconds,
        )
        self._breakers: dict[str, Breaker] = {}
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
        return str(self._breaker(registry).state)

    async def aclose(self) -> None:
        await self._inner.aclose()

    def _breaker(self, registry: str) -> Breaker:
        breaker = self._breakers.get(registry)
        if breaker is None:
            breaker = self._breakers[registry] = Breaker(self._breaker_policy)
        return breaker

    async def _fetch_online(
        self, evidence: EvidenceType, national_code: str, mobile: str | None
    ) -> RegistryAnswer:
        registry = evidence.registry
        breaker = self._breaker(registry)
        permit = breaker.allow()
        if permit is None:
            metrics.REGISTRY_REQUESTS.labels(registry, "circuit_open").inc()
            raise RegistryUnavailable(registry, "circuit open", attempts=0)
        failed: bool | None = True
        try:
            answer = await self._with_retries(evidence, national_code, mobile, permit)
            failed = False
            return answer
        except (RegistryRejected, asyncio.CancelledError):
            failed = None  # our request was wrong, or its caller left: says nothing of health
            raise
        finally:
            breaker.record(permit, failed=failed)
            metrics.BREAKER_STATE.labels(registry).set(_BREAKER_STATE[breaker.state])

    async def _with_retries(
        self, evidence: EvidenceType, national_code: str, mobile: str | None, permit: Permit
    ) -> RegistryAnswer:
        attempts = 0
        retrying = AsyncRetrying(
            stop=stop_after_attempt(1 if permit.probe else self._policy.attempts),
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
        except RegistryTransientError as error:
            raise RegistryUnavailable(evidence.registry, str(error), attempts=attempts) from error
        raise AssertionError("unreachable: tenacity either returns or reraises")

    async def _attempt(
        self, evidence: EvidenceType, national_code: str, mobile: str | None
    ) -> RegistryAnswer:
        registry = evidence.registry
        started = time.perf_counter()
        outcome = "error"
        try:
            async with asyncio.timeout(self._policy.timeout_seconds):
                answer = await self._inner.fetch(evidence, national_code, mobile=mobile)
            outcome = answer.status
            return answer
        except TimeoutError as error:
            raise RegistryTransientError("timed out") from error
        finally:
            metrics.REGISTRY_REQUESTS.labels(registry, outcome).inc()
            metrics.REGISTRY_LATENCY.labels(registry).observe(time.perf_counter() - started)


def _since(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)
