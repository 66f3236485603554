"""Rules run in a pool of worker processes, each task within a time budget, off the event loop.

A rule is an agency's code: celpy interprets it in pure Python, so in a thread it would still
hold the GIL, and neither a thread nor a coroutine can be stopped mid-evaluation. A worker
process can: pebble's pool kills the worker whose task outlives its timeout and starts a new
one. The event loop only awaits a future, so no rule stalls a request or another application.

Workers are started on first use (an idle service forks nothing) by the forkserver, a clean
single-threaded process: forking the service itself would copy its threads' locks. Each worker
caps its own memory (an address-space limit) and runs at a lower CPU priority, so a rule can
neither exhaust the machine nor take the CPU from the requests.
"""

import asyncio
import concurrent.futures
import contextlib
import logging
import multiprocessing
import os
import resource
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pebble

from application_service.catalog import rules

log = logging.getLogger(__name__)
_WORKER_MODULES = ["application_service.catalog.rules"]  # imported once, in the forkserver


class RulePool:
    """Checks and evaluates rules in worker processes: each rule within `budget_seconds`, all
    of one service's rules (one application, one write) within `total_seconds`."""

    def __init__(
        self, *, workers: int, budget_seconds: float, total_seconds: float, memory_mb: int
    ) -> None:
        self.budget_seconds = budget_seconds
        self.total_seconds = total_seconds
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_WORKER_MODULES)
        self._pool = pebble.ProcessPool(
            max_workers=workers, initializer=_worker_setup, initargs=(memory_mb,), context=context
        )
        self._starting = asyncio.Lock()
        self._started = False

    async def check(
        self, rule_set: Sequence[rules.Rule], *, required_evidence: Sequence[str]
    ) -> None:
        """As rules.check (RuleError for the first bad rule), each rule within the budget."""
        required = tuple(required_evidence)
        outcomes = await self._run_all(
            rules.check_one, [(rule.expression, required) for rule in rule_set]
        )
        for index, outcome in enumerate(outcomes):
            if isinstance(outcome, _OutOfBudget):
                raise rules.RuleError(
                    index,
                    f"took longer than its budget of {self.budget_seconds:g} s on a sample "
                    "application",
                )
            if isinstance(outcome, _Crashed):
                raise rules.RuleError(index, f"could not be evaluated ({outcome.name})")
            if outcome is not None:
                raise rules.RuleError(index, str(outcome))

    async def evaluate(
        self, rule_set: Sequence[rules.Rule], data: Mapping[str, Any]
    ) -> list[rules.Failure]:
        """As rules.evaluate: the rules that do not hold; one out of budget is a failure too."""
        plain = dict(data)
        outcomes = await self._run_all(
            rules.evaluate_one, [(rule.expression, plain) for rule in rule_set]
        )
        failures = []
        for rule, outcome in zip(rule_set, outcomes, strict=True):
            if isinstance(outcome, _OutOfBudget):
                failures.append(
                    rules.Failure(rule, errored=True, timed_out=True, detail=outcome.seconds)
                )
            elif isinstance(outcome, _Crashed):
                failures.append(rules.Failure(rule, errored=True, detail=outcome.name))
            elif outcome[0] != "true":
                failures.append(
                    rules.Failure(rule, errored=outcome[0] == "error", detail=outcome[1])
                )
        return failures

    async def close(self) -> None:
        """Stop the workers (a running task is abandoned: its request is gone with us)."""
        self._pool.stop()  # type: ignore[no-untyped-call]
        await asyncio.to_thread(self._pool.join, 10)

    async def _run_all(self, function: Any, calls: Sequence[tuple[Any, ...]]) -> list[Any]:
        """Each call's result, or why it has none; never longer than the total budget."""
        if not calls:
            return []
        await self._start()
        futures = [
            asyncio.wrap_future(
                self._pool.schedule(function, args=args, timeout=self.budget_seconds)
            )
            for args in calls
        ]
        try:
            await asyncio.wait(futures, timeout=self.total_seconds)
        finally:
            for future in futures:
                future.cancel()  # a cancelled pebble task's worker is stopped
        return [self._outcome(future) for future in futures]

    async def _start(self) -> None:
        """Start the workers on first use, in a thread: pebble starts them in the first
        schedule() call, which waits for the forkserver's imports and the forks (seconds on a
        busy machine), and would hold the event loop that long."""
        if self._started:
            return
        async with self._starting:
            if not self._started:
                await asyncio.to_thread(lambda: self._pool.schedule(_ready).result(timeout=120))
                self._started = True

    def _outcome(self, future: "asyncio.Future[Any]") -> Any:
        budget = f"{self.budget_seconds:g}"
        if future.cancelled():
            log.warning("rules ran out of their %s s total budget", self.total_seconds)
            return _OutOfBudget(f"{self.total_seconds:g}")
        error = future.exception()
        if error is None:
            return future.result()
        if isinstance(error, concurrent.futures.TimeoutError):
            log.warning("a rule ran out of its %s s budget; its worker was stopped", budget)
            return _OutOfBudget(budget)
        if isinstance(error, pebble.ProcessExpired):  # e.g. killed for its memory
            log.warning("a rule's worker died: %s", error)
            return _OutOfBudget(budget)
        log.warning("a rule failed in its worker: %r", error)
        return _Crashed(type(error).__name__)


@dataclass(frozen=True)
class _OutOfBudget:
    seconds: str  # the budget it ran out of, for the reason given


@dataclass(frozen=True)
class _Crashed:
    name: str  # the exception's class only: its text may quote the applicant's data


def _ready() -> bool:
    return True


def _worker_setup(memory_mb: int) -> None:
    """In each worker: a rule that builds huge lists gets a MemoryError, not the machine; and
    rules yield the CPU to the service's own processes (a lower scheduling priority)."""
    limit = memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with contextlib.suppress(OSError):
        os.nice(10)


_RUNNING: list[RulePool] = []


def current() -> RulePool:
    """The pool of the running service (the catalogue commands and the decider use it).

    A module-level registry because the event handlers' table carries no runtime; the last
    service started in this process wins, and each removes only its own pool on shutdown.
    """
    if not _RUNNING:
        raise RuntimeError("the rule pool is not running (it is started in the lifespan)")
    return _RUNNING[-1]


@contextlib.asynccontextmanager
async def running(
    *, workers: int, budget_seconds: float, total_seconds: float, memory_mb: int
) -> AsyncIterator[RulePool]:
    """A pool for the service's lifetime, registered as current() while it runs."""
    pool = RulePool(
        workers=workers,
        budget_seconds=budget_seconds,
        total_seconds=total_seconds,
        memory_mb=memory_mb,
    )
    _RUNNING.append(pool)
    try:
        yield pool
    finally:
        _RUNNING.remove(pool)
        await pool.close()
