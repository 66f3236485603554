"""What runs inside a rule worker process: a rule within its CPU-time budget, a set of
rules, several sets (one task per worker: see RulePool._run_sets), and the worker's setup.

Imported by the forkserver before it forks the workers (rule_budget._WORKER_MODULES), so a
task names these functions and nothing is imported per task.
"""

import contextlib
import os
import resource
import signal
import time
from collections.abc import Sequence
from typing import Any

from application_service.catalog import rules


def ready() -> bool:
    return True


class OverBudget(BaseException):
    """Raised in a worker when its rule has used its CPU time (BaseException: nothing in the
    evaluator that catches Exception may swallow it)."""


def _over_budget(signum: int, frame: Any) -> None:
    raise OverBudget


def within(budget: float, function: Any, *args: Any) -> tuple[str, Any, float]:
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
    except OverBudget:
        return "over", None, time.process_time() - started
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def evaluate_sets(
    budget: float, total: float, sets: tuple[tuple[Sequence[str], dict[str, Any]], ...]
) -> list[list[tuple[str, Any]]]:
    """In a worker: `evaluate_set` of each set, one after the other, each with its budgets."""
    return [evaluate_set(budget, total, tuple(expressions), data) for expressions, data in sets]


def evaluate_set(
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
        verdict, result, seconds = within(budget, rules.verdict, expression, activation)
        spent += seconds
        if verdict == "over":
            outcomes.append(("over", f"{budget:g}"))
            break
        outcomes.append(("ok", result))
    return outcomes


def setup(memory_mb: int, nice: int) -> None:
    """In each worker: a rule that builds huge lists gets a MemoryError, not the machine; and,
    with `nice` above 0, rules yield the CPU to the service's own processes."""
    limit = memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if nice:
        with contextlib.suppress(OSError):
            os.nice(nice)
