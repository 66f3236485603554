"""Rules run in a pool of worker processes, each task within a time budget, off the event loop.

A rule is an agency's code: celpy interprets it in pure Python, so in a thread it would still
hold the GIL, and neither a thread nor a coroutine can be stopped mid-evaluation. A worker
process can: a CPU-time timer interrupts its rule at the budget, and pebble's pool kills a
worker that still does not answer and starts a new one. The event loop only awaits a future,
so no rule stalls a request or another application.

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
import signal
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from concurrent.futures import BrokenExecutor
from dataclasses import dataclass
from typing import Any

import pebble

from application_service.catalog import rules
from panjereh.problems import ProblemError

log = logging.getLogger(__name__)
_WORKER_MODULES = ["application_service.catalog.rule_budget"]  # imported once, in the forkserver


class RulePool:
    """Checks and evaluates rules in worker processes: each rule within `budget_seconds`, all
    of one service's rules (one application, one write) within `total_seconds`."""

    def __init__(
        self, *, workers: int, budget_seconds: float, total_seconds: float, memory_mb: int
    ) -> None:
        self.budget_seconds = budget_seconds
        self.total_seconds = total_seconds
        self._workers, self._memory_mb = workers, memory_mb
        self._backstop = budget_seconds * 10 + 5  # wall clock, generous: see _within
        self._pool = self._new_pool()
        self._starting = asyncio.Lock()
        self._started = False

    def _new_pool(self) -> pebble.ProcessPool:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_WORKER_MODULES)
        return pebble.ProcessPool(
            max_workers=self._workers,
            initializer=_worker_setup,
            initargs=(self._memory_mb,),
            context=context,
        )

    async def check(
        self, rule_set: Sequence[rules.Rule], *, required_evidence: Sequence[str]
    ) -> None:
        """As rules.check (RuleError for the first bad rule), each rule within the budget."""
        required = tuple(required_evidence)
        try:
            outcomes = await self._run_all(
                rules.check_one, [(rule.expression, required) for rule in rule_set]
            )
        except RulePoolBroken as error:
            raise ProblemError(
                503,
                "rules-unavailable",
                "Rules cannot be checked for a moment; retry shortly.",
                "بررسی قاعده‌ها لحظه‌ای ممکن نیست؛ کمی بعد دوباره تلاش کنید.",
                headers={"Retry-After": "2"},
            ) from error
        for index, outcome in enumerate(outcomes):
            if isinstance(outcome, _OutOfBudget):
                raise rules.RuleError(
                    index,
                    f"took longer than its budget of {self.budget_seconds:g} s on a sample "
                    "application",
                )
            if isinstance(outcome, _Crashed):
                raise rules.RuleError(index, f"could not be evaluated ({outcome.name})")
            if outcome is not None and not isinstance(outcome, _NotRun):
                raise rules.RuleError(index, str(outcome))

    async def evaluate(
        self, rule_set: Sequence[rules.Rule], data: Mapping[str, Any]
    ) -> list[rules.Failure]:
        """As rules.evaluate: the rules that do not hold; one out of budget is a failure too.

        RulePoolBroken if the workers cannot run at all: the decision waits (not referred).
        """
        plain = dict(data)
        outcomes = await self._run_set([rule.expression for rule in rule_set], plain)
        failures = []
        for rule, outcome in zip(rule_set, outcomes, strict=True):
            if isinstance(outcome, _OutOfBudget):
                failures.append(
                    rules.Failure(rule, errored=True, timed_out=True, detail=outcome.seconds)
                )
            elif isinstance(outcome, _Crashed | _NotRun):
                detail = outcome.name if isinstance(outcome, _Crashed) else "not run"
                failures.append(rules.Failure(rule, errored=True, detail=detail))
            elif outcome[0] != "true":
                failures.append(
                    rules.Failure(rule, errored=outcome[0] == "error", detail=outcome[1])
                )
        return failures

    async def close(self) -> None:
        """Stop the workers (a running task is abandoned: its request is gone with us)."""
        self._pool.stop()  # type: ignore[no-untyped-call]
        await asyncio.to_thread(self._pool.join, 10)

    async def _run_set(self, expressions: Sequence[str], data: dict[str, Any]) -> list[Any]:
        """Each rule's outcome on `data`, the whole set in ONE task of one worker: py-spy under
        the end-to-end load put more of the workers' time in pebble's hop (pickling, pipes,
        its threads) than in the rules when each rule was a task of its own, and each hop to a
        niced worker on a busy machine is a wait. A worker that dies or does not come back runs
        the set again rule by rule (a task each), so only the rule at fault is out of budget."""
        if not expressions:
            return []
        try:
            await self._start()
            future = asyncio.wrap_future(
                self._pool.schedule(
                    _evaluate_set,
                    args=(self.budget_seconds, self.total_seconds, tuple(expressions), data),
                    timeout=self._backstop * len(expressions),
                )
            )
        except Exception as error:  # pebble raises RuntimeError once its pool is in error
            raise self._broken(error) from error
        try:
            await asyncio.wait([future])
        finally:
            future.cancel()
        failed = future.exception() if not future.cancelled() else None
        if future.cancelled() or failed is not None:
            if isinstance(failed, BrokenExecutor):
                raise self._broken(failed)
            log.warning("a rule set's worker was stopped or died (%r); one rule at a time", failed)
            return await self._run_all(rules.evaluate_one, [(e, data) for e in expressions])
        outcomes: list[Any] = []
        for kind, result in future.result():
            if kind == "over":
                log.warning("a rule ran out of its %s s budget and was interrupted", result)
            outcomes.append(_OutOfBudget(result) if kind == "over" else result)
        if len(outcomes) < len(expressions):
            outcomes += [_NotRun()] * (len(expressions) - len(outcomes))
        return outcomes

    async def _run_all(self, function: Any, calls: Sequence[tuple[Any, ...]]) -> list[Any]:
        """Each call's result, or why it has none. Each runs within the budget of CPU time;
        once one runs out, or all together spend the total, the rest are not run."""
        if not calls:
            return []
        try:
            await self._start()
            futures = [
                asyncio.wrap_future(
                    self._pool.schedule(
                        _within, args=(self.budget_seconds, function, *args), timeout=self._backstop
                    )
                )
                for args in calls
            ]
        except Exception as error:  # pebble raises RuntimeError once its pool is in error
            raise self._broken(error) from error
        outcomes: list[Any] = [_NotRun()] * len(futures)
        position = {future: index for index, future in enumerate(futures)}
        spent, pending = 0.0, set(futures)
        try:
            while pending:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for future in done:
                    outcomes[position[future]], seconds = self._outcome(future)
                    spent += seconds
                if spent > self.total_seconds:
                    log.warning("rules spent their %s s total budget", self.total_seconds)
                    for future in pending:
                        outcomes[position[future]] = _OutOfBudget(f"{self.total_seconds:g}")
                    break
                if any(isinstance(outcomes[position[future]], _OutOfBudget) for future in done):
                    break  # the decision is a referral already: spend no more on it
        except RulePoolBroken as error:
            raise self._broken(error) from error
        finally:
            for future in futures:
                future.cancel()  # not yet run: dropped; running: its worker is stopped
        return outcomes

    def _broken(self, error: BaseException | None) -> "RulePoolBroken":
        """Replace a pool that cannot run (its workers keep dying, its forkserver is gone)."""
        log.error("the rule pool is broken (%r); starting a new one", error)
        old, self._pool, self._started = self._pool, self._new_pool(), False
        old.stop()  # type: ignore[no-untyped-call]
        return RulePoolBroken(repr(error))

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

    def _outcome(self, future: "asyncio.Future[Any]") -> tuple[Any, float]:
        """What one call gave, and the CPU seconds it spent."""
        budget = f"{self.budget_seconds:g}"
        if future.cancelled():
            return _NotRun(), 0.0
        error = future.exception()
        if error is None:
            verdict, result, seconds = future.result()
            if verdict == "over":
                log.warning("a rule ran out of its %s s budget and was interrupted", budget)
                return _OutOfBudget(budget), seconds
            return result, seconds
        if isinstance(error, BrokenExecutor):
            raise RulePoolBroken(repr(error))
        if isinstance(error, concurrent.futures.TimeoutError | pebble.ProcessExpired | _OverBudget):
            # Did not come back in time (stuck outside Python, starved) or died (its memory):
            # pebble stopped the worker and starts another.
            log.warning("a rule's worker was stopped or died: %r", error)
            return _OutOfBudget(budget), self.budget_seconds
        log.warning("a rule failed in its worker: %s", type(error).__name__)
        return _Crashed(type(error).__name__), 0.0


class RulePoolBroken(Exception):
    """The workers could not run the rules at all (not the rules' fault)."""


@dataclass(frozen=True)
class _OutOfBudget:
    seconds: str  # the budget it ran out of, for the reason given


@dataclass(frozen=True)
class _NotRun:
    """Dropped once another rule of the set ran out of its budget."""


@dataclass(frozen=True)
class _Crashed:
    name: str  # the exception's class only: its text may quote the applicant's data


def _ready() -> bool:
    return True


class _OverBudget(BaseException):
    """Raised in a worker when its rule has used its CPU time (BaseException: nothing in the
    evaluator that catches Exception may swallow it)."""


def _over_budget(signum: int, frame: Any) -> None:
    raise _OverBudget


def _within(budget: float, function: Any, *args: Any) -> tuple[str, Any, float]:
    """In a worker: run `function` on at most `budget` seconds of CPU time (user and system).

    CPU time, not wall time: on a busy machine a cheap rule may wait for a core, and must not
    be cut for it. A profiling timer interrupts the evaluator between two bytecodes; pebble's
    wall-clock timeout is only the backstop for a worker that does not come back.
    """
    started = time.process_time()
    previous = signal.signal(signal.SIGPROF, _over_budget)
    # Again every 50 ms past the budget: C code that clears errors (a dict lookup calling a
    # __hash__) can swallow the exception of one signal, never of all.
    signal.setitimer(signal.ITIMER_PROF, budget, 0.05)
    try:
        return "ok", function(*args), time.process_time() - started
    except _OverBudget:
        return "over", None, time.process_time() - started
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _evaluate_set(
    budget: float, total: float, expressions: tuple[str, ...], data: dict[str, Any]
) -> list[tuple[str, Any]]:
    """In a worker: each rule's ("ok", verdict) or ("over", the budget it ran out of), each
    within `budget` seconds of CPU time; after one runs out nothing more is run (the decision
    is a referral already), and once the set has spent `total` the rest are out of budget."""
    activation = rules.activation(data)  # once for the set, not once per rule
    outcomes: list[tuple[str, Any]] = []
    spent = 0.0
    for expression in expressions:
        if spent > total:
            outcomes.append(("over", f"{total:g}"))
            continue
        verdict, result, seconds = _within(budget, rules.verdict, expression, activation)
        spent += seconds
        if verdict == "over":
            outcomes.append(("over", f"{budget:g}"))
            break
        outcomes.append(("ok", result))
    return outcomes


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
    """The pool of the running service (the catalogue use cases and the decider use it).

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
