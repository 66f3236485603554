"""Retries of 429 and 503 at the HTTP transport, honouring Retry-After (RFC 9110 §10.2.3).

Below the generated client, so every operation gets them. Bounded: `attempts` tries in all,
no single wait longer than `longest_wait`. A 429 was refused before anything was done, so any
request is sent again; a 503 only for a method that is safe to repeat or a request carrying
an Idempotency-Key (the server answers its repeat with the first result)."""

import email.utils
import random
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_result, stop_after_attempt

RETRIED = frozenset({429, 503})
REPEATABLE = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


def retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asks us to wait (delta-seconds or an HTTP-date), else None."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


@dataclass
class RetryPolicy:
    attempts: int = 6
    longest_wait: float = 60.0
    first_backoff: float = 0.5  # when no Retry-After is given: exponential, with jitter


@dataclass
class RetryStats:
    """What the transport saw: answers per status it retried, and the waits it made."""

    sent: int = 0  # every attempt, first tries and retries
    retried: Counter[int] = field(default_factory=Counter)
    backoffs: int = 0
    waited_seconds: float = 0.0


class RetryingTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        inner: httpx.AsyncBaseTransport | None = None,
        policy: RetryPolicy | None = None,
        stats: RetryStats | None = None,
    ) -> None:
        self._owns_inner = inner is None  # a transport handed in is its owner's to close
        self._inner = inner or httpx.AsyncHTTPTransport()
        self.policy = policy or RetryPolicy()
        self.stats = stats or RetryStats()

    @property
    def inner(self) -> httpx.AsyncBaseTransport:
        """The transport it sends through (to wrap again without retrying twice)."""
        return self._inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.policy.attempts <= 1:  # no retries (a benchmark's): no backoff to count either
            return await self._send(request)
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.policy.attempts),
            wait=self._wait,
            retry=retry_if_result(lambda response: _should_retry(request, response)),
            retry_error_callback=lambda state: state.outcome.result() if state.outcome else None,
            reraise=True,
        )
        response: httpx.Response = await retrying(self._send, request)
        return response

    async def _send(self, request: httpx.Request) -> httpx.Response:
        self.stats.sent += 1
        response = await self._inner.handle_async_request(request)
        if response.status_code in RETRIED:
            await response.aread()  # the body is kept for the last answer's ApiError
            self.stats.retried[response.status_code] += 1
        return response

    def _wait(self, state: RetryCallState) -> float:
        response = state.outcome.result() if state.outcome else None
        asked = retry_after(response) if isinstance(response, httpx.Response) else None
        if asked is None:
            asked = self.policy.first_backoff * 2 ** (state.attempt_number - 1)
            asked *= random.uniform(0.5, 1.5)  # noqa: S311 — jitter, not a secret
        seconds = min(asked, self.policy.longest_wait)
        self.stats.backoffs += 1
        self.stats.waited_seconds += seconds
        return seconds

    async def aclose(self) -> None:
        if self._owns_inner:
            await self._inner.aclose()


def _should_retry(request: httpx.Request, response: httpx.Response) -> bool:
    if response.status_code == 429:
        return True
    if response.status_code == 503:
        return request.method in REPEATABLE or "Idempotency-Key" in request.headers
    return False
