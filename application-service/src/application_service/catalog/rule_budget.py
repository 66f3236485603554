"""Rules run in a pool of worker processes, each task within a time budget, off the event loop.

A rule is an agency's code: celpy interprets it in pure Python, so in a thread it would still
hold the GIL, and neither a thread nor a coroutine can be stopped mid-evaluation. A worker
process can: a CPU-time timer interrupts its rule at the budget, and pebble's pool kills a
worker that still does not answer and starts a new one. The event loop only awaits a future,
so no rule stalls a request or another application.

Workers are started on first use (an idle service forks nothing) by the forkserver, a clean
single-threaded process: forking the service itself would copy its threads' locks. Each worker
caps its own memory (an address-space limit) and runs at a lower CPU priority (RULE_WORKER_NICE),
so a rule can neither exhaust the machine nor take the CPU from the requests.
"""

import asyncio
import concurrent.futures
import contextlib
import logging
import multiprocessing
from collections.abc import AsyncIterator, Mapping, Sequence
from concurrent.futures import BrokenExecutor
from dataclasses import dataclass
from typing import Any

import pebble

from application_service.catalog import rule_worker, rules
from panjereh.problems import ProblemError

log = logging.getLogger(__name__)
_WORKER_MODULES = ["application_service.catalog.rule_worker"]  # imported once, in the forkserver


class RulePool:
    """Checks and evaluates rules in worker processes: each rule within `budget_seconds`, all
    of one service's rules (one application, one write) within `total_seconds`."""

    def __init__(
        self,
        *,
        workers: int,
        budget_seconds: float,
        total_seconds: float,
        memory_mb: int,
        nice: int = 0,
    ) -> None:
        self.budget_seconds = budget_seconds
        self.total_seconds = total_seconds
        self._workers, self._memory_mb, self._nice = workers, memory_mb, nice
        self._backstop = budget_seconds * 10 + 5  # wall clock, generous: see rule_worker.within
        self._pool = self._new_pool()
        self._starting = asyncio.Lock()
        self._started = False

    def _new_pool(self) -> pebble.ProcessPool:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_WORKER_MODULES)
        return pebble.ProcessPool(
            max_workers=self._workers,
            initializer=rule_worker.setup,
            initargs=(self._memory_mb, self._nice),
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
        return (await self.evaluate_many([(rule_set, data)]))[0]

    async def evaluate_many(
        self, sets: Sequence[tuple[Sequence[rules.Rule], Mapping[str, Any]]]
    ) -> list[list[rules.Failure]]:
        """`evaluate` of each (rules, data), the sets dealt out over the workers, one task per
        worker: the probe at 25 applications/s had the decider's round waiting on one hop to a
        worker per application, two at a time. Each set keeps its own budgets."""
        work = [([rule.expression for rule in rule_set], dict(data)) for rule_set, data in sets]
        hands = [
            hand
            for first in range(self._workers)
            if (hand := list(range(first, len(work), self._workers)))
        ]
        dealt = await asyncio.gather(*(self._run_sets([work[i] for i in hand]) for hand in hands))
        outcomes: list[list[Any]] = [[] for _ in work]
        for hand, hand_outcomes in zip(hands, dealt, strict=True):
            for index, set_outcomes in zip(hand, hand_outcomes, strict=True):
                outcomes[index] = set_outcomes
        return [
            _failures(rule_set, set_outcomes)
            for (rule_set, _), set_outcomes in zip(sets, outcomes, strict=True)
        ]

    async def close(self) -> None:
        """Stop the workers (a running task is abandoned: its request is gone with us)."""
        self._pool.stop()  # type: ignore[no-untyped-call]
        await asyncio.to_thread(self._pool.join, 10)

    async def _run_sets(
        self, sets: Sequence[tuple[Sequence[str], dict[str, Any]]]
    ) -> list[list[Any]]:
        """Each set's outcomes on its data, all the sets in ONE task of one worker: py-spy under
        the end-to-end load put more of the workers' time in pebble's hop (pickling, pipes,
        its threads) than in the rules when each rule was a task of its own, and each hop to a
        niced worker on a busy machine is a wait. A task that dies or does not come back runs
        again a set at a time, and a set rule by rule (a task each), so only the rule at fault
        is out of budget."""
        if not any(expressions for expressions, _ in sets):
            return [[] for _ in sets]
        try:
            await self._start()
            future = asyncio.wrap_future(
                self._pool.schedule(
                    rule_worker.evaluate_sets,
                    args=(self.budget_seconds, self.total_seconds, tuple(sets)),
                    timeout=self._backstop * sum(len(expressions) for expressions, _ in sets),
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
            return await self._run_again(sets, failed)
        return [
            _outcomes(expressions, set_result)
            for (expressions, _), set_result in zip(sets, future.result(), strict=True)
        ]

    async def _run_again(
        self, sets: Sequence[tuple[Sequence[str], dict[str, Any]]], failed: BaseException | None
    ) -> list[list[Any]]:
        """After a task of `sets` died or was stopped: a set at a time, then rule by rule."""
        if len(sets) > 1:
            log.warning("a worker's rule sets were stopped or died (%r); a set at a time", failed)
            return [(await self._run_sets([one]))[0] for one in sets]
        log.warning("a rule set's worker was stopped or died (%r); one rule at a time", failed)
        ((expressions, data),) = sets
        return [await self._run_all(rules.evaluate_one, [(e, data) for e in expressions])]

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
                        rule_worker.within,
                        args=(self.budget_seconds, function, *args),
                        timeout=self._backstop,
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
                await asyncio.to_thread(
                    lambda: self._pool.schedule(rule_worker.ready).result(timeout=120)
                )
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
        if isinstance(
            error, concurrent.futures.TimeoutError | pebble.ProcessExpired | rule_worker.OverBudget
        ):
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


def _failures(rule_set: Sequence[rules.Rule], outcomes: Sequence[Any]) -> list[rules.Failure]:
    """The failures of a set from each rule's outcome (as rules.evaluate gives them)."""
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
            failures.append(rules.Failure(rule, errored=outcome[0] == "error", detail=outcome[1]))
    return failures


def _outcomes(expressions: Sequence[str], result: Sequence[tuple[str, Any]]) -> list[Any]:
    """A set's outcomes from what its worker sent back (a rule after a spent one: not run)."""
    outcomes: list[Any] = []
    for kind, value in result:
        if kind == "over":
            log.warning("a rule ran out of its %s s budget and was interrupted", value)
        outcomes.append(_OutOfBudget(value) if kind == "over" else value)
    return outcomes + [_NotRun()] * (len(expressions) - len(outcomes))


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
    *, workers: int, budget_seconds: float, total_seconds: float, memory_mb: int, nice: int = 0
) -> AsyncIterator[RulePool]:
    """A pool for the service's lifetime, registered as current() while it runs."""
    pool = RulePool(
        workers=workers,
        budget_seconds=budget_seconds,
        total_seconds=total_seconds,
        memory_mb=memory_mb,
        nice=nice,
    )
    _RUNNING.append(pool)
    try:
        yield pool
    finally:
        _RUNNING.remove(pool)
        await pool.close()
