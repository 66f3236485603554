"""A circuit breaker that trips on a registry's failure rate, not on a run of failures.

Pure (no I/O; the clock is injected). The breakers on PyPI (purgatory, aiobreaker,
pybreaker) all open after N consecutive failures, so one person whose record times out,
retried three times, opened the registry for everyone. Here the breaker looks at the calls of
a sliding time window: it opens only when at least `minimum_calls` were made in the window
and at least `failure_rate` of them failed. The caller records one outcome per request,
whatever its retries, so one request weighs one call.

Open, it refuses calls for `open_seconds`; then it is half-open and lets `probes` trial
calls through: a success closes it (with a fresh window), a failure opens it again.
"""

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    CLOSED = "closed"
    HALF_OPEN = "half-opened"
    OPEN = "opened"


@dataclass(frozen=True)
class BreakerPolicy:
    window_seconds: float = 60.0
    minimum_calls: int = 10
    failure_rate: float = 0.5
    open_seconds: float = 30.0
    probes: int = 1

    def __post_init__(self) -> None:
        if not 0 < self.failure_rate <= 1:
            raise ValueError("failure_rate must be in (0, 1]")
        if self.minimum_calls < 1 or self.probes < 1:
            raise ValueError("minimum_calls and probes must be at least 1")


@dataclass(frozen=True)
class Permit:
    """Leave to make one request; hand it back to `record` with the request's outcome."""

    era: int  # which closed or half-open spell of the breaker it was given in
    probe: bool


class Breaker:
    """One registry's breaker: ask `allow()` before a request, then `record()` its outcome."""

    def __init__(self, policy: BreakerPolicy, *, clock: Callable[[], float] = time.monotonic):
        self._policy = policy
        self._clock = clock
        self._calls: deque[tuple[float, bool]] = deque()  # (when, failed)
        self._failures = 0
        self._opened_at: float | None = None
        self._probes_out = 0
        self._era = 0

    @property
    def state(self) -> State:
        if self._opened_at is None:
            return State.CLOSED
        if self._clock() - self._opened_at < self._policy.open_seconds:
            return State.OPEN
        return State.HALF_OPEN

    def allow(self) -> Permit | None:
        """Leave for one request now, or None while open (a half-open one lets probes by)."""
        state = self.state
        if state is State.CLOSED:
            return Permit(self._era, probe=False)
        if state is State.HALF_OPEN and self._probes_out < self._policy.probes:
            self._probes_out += 1
            return Permit(self._era, probe=True)
        return None

    def record(self, permit: Permit, *, failed: bool | None) -> None:
        """The outcome of one permitted request: failed, succeeded, or None (says nothing).

        None is for answers that tell nothing about the registry's health (a 4xx from our
        own misconfiguration); it still ends a probe. An answer to a permit of an earlier
        spell (given before the breaker last opened or closed) changes nothing.
        """
        if permit.era != self._era:
            return
        if permit.probe:
            self._probes_out -= 1
            if failed:
                self._open()
            elif failed is not None:
                self._close()
            return
        if failed is None:
            return
        now = self._clock()
        self._calls.append((now, failed))
        self._failures += failed
        self._forget_before(now - self._policy.window_seconds)
        if self._tripped():
            self._open()

    def _tripped(self) -> bool:
        calls = len(self._calls)
        return (
            calls >= self._policy.minimum_calls
            and self._failures >= self._policy.failure_rate * calls
        )

    def _forget_before(self, horizon: float) -> None:
        while self._calls and self._calls[0][0] < horizon:
            _, failed = self._calls.popleft()
            self._failures -= failed

    def _open(self) -> None:
        self._opened_at = self._clock()
        self._probes_out = 0
        self._era += 1
        self._calls.clear()
        self._failures = 0

    def _close(self) -> None:
        self._opened_at = None
        self._probes_out = 0
        self._era += 1
