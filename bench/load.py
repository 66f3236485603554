"""How every benchmark makes load: open-loop schedules, sweeps over offered rates, the
percentiles of what came back, and the local processes it starts (stopped whatever happens).

Open loop: each request is due at a fixed instant and never waits for earlier ones, and its
latency counts from that instant, so a slow system cannot hide its queue (no coordinated
omission). Load only ever goes to 127.0.0.1.
"""

import asyncio
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import time
from collections.abc import Awaitable, Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from bench.report import ROOT
from tests.support import free_port as free_port  # the benchmarks pick ports here too

SERVER_CORE, GENERATOR_CORE = 0, 1  # on a machine with two cores or more
LEAD = 0.5  # seconds from making an open loop's tasks to the first one's instant
T = TypeVar("T")


def wait_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def percentiles(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99 in milliseconds; NaN when nothing came back."""
    if not seconds:
        return {"p50_ms": float("nan"), "p95_ms": float("nan"), "p99_ms": float("nan")}
    if len(seconds) == 1:
        return dict.fromkeys(("p50_ms", "p95_ms", "p99_ms"), round(seconds[0] * 1000, 2))
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return {
        "p50_ms": round(cuts[49] * 1000, 2),
        "p95_ms": round(cuts[94] * 1000, 2),
        "p99_ms": round(cuts[98] * 1000, 2),
    }


async def open_loop(
    rate: float, seconds: float, one: Callable[[int, float], Awaitable[T]]
) -> list[T]:
    """Call `one(n, due)` for n = 0, 1, ... with `due` the n-th instant of a fixed-rate
    schedule (time.monotonic()); each call waits for its instant itself, so none waits for
    another. All the results, in schedule order."""
    start = time.monotonic() + LEAD  # the tasks are all made before the first is due
    return await asyncio.gather(*(one(n, start + n / rate) for n in range(int(rate * seconds))))


async def at(due: float) -> None:
    await asyncio.sleep(max(0.0, due - time.monotonic()))


def sweep(
    rates: Sequence[float],
    measure: Callable[[float], dict[str, Any]],
    *,
    p99_limit_ms: float,
    min_success: float = 0.99,
) -> list[dict[str, Any]]:
    """Measure each offered rate in turn, and stop after the first one the system did not
    sustain (failures, p99 past the limit, or under 80% of the rate achieved): higher rates
    would only take longer to drain and show the same saturation."""
    points = []
    for rate in rates:
        point = measure(rate)
        points.append(point)
        print(json.dumps(point), flush=True)
        if saturated(point, p99_limit_ms=p99_limit_ms, min_success=min_success):
            break
    return points


def saturated(point: Mapping[str, Any], *, p99_limit_ms: float, min_success: float) -> bool:
    achieved = point.get("achieved_per_s", point["offered_per_s"])
    return bool(
        point.get("success", 1.0) < min_success
        or not point["p99_ms"] <= p99_limit_ms  # NaN (nothing answered) counts as past it
        or achieved < 0.8 * point["offered_per_s"]
    )


def pinned(core: int, command: Sequence[str]) -> list[str]:
    """The command on one core, when the machine has more than one and taskset exists."""
    if (os.cpu_count() or 1) < 2 or shutil.which("taskset") is None:
        return list(command)
    return ["taskset", "-c", str(core), *command]


@contextlib.contextmanager
def children_on(cores: int | Collection[int]) -> Iterator[None]:
    """Processes started inside inherit this CPU affinity; this process gets its own back."""
    mine = os.sched_getaffinity(0)
    if len(mine) > 1:
        os.sched_setaffinity(0, {cores} if isinstance(cores, int) else set(cores))
    try:
        yield
    finally:
        os.sched_setaffinity(0, mine)


def generator_core(minimum_cores: int = 3) -> int | None:
    """A core of its own for a load generator, when this process may use at least
    `minimum_cores` (with fewer, taking one would starve the system under test): the last."""
    mine = sorted(os.sched_getaffinity(0))
    return mine[-1] if len(mine) >= minimum_cores else None


def ensure_apt(binary: str, package: str) -> str:
    """The path of a Debian-packaged tool, installing the package if it is missing."""
    if shutil.which(binary) is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True)
    path = shutil.which(binary) or shutil.which(binary, path="/usr/sbin:/sbin")
    if path is None:
        raise RuntimeError(f"{binary} is missing after installing {package}")
    return path


class Processes:
    """The servers a benchmark starts: all stopped when the block ends, however it ends."""

    def __init__(self) -> None:
        self._started: list[subprocess.Popen[str]] = []

    def __enter__(self) -> "Processes":
        return self

    def __exit__(self, *_: object) -> None:
        for process in reversed(self._started):
            process.terminate()
        for process in reversed(self._started):
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)

    def start(
        self,
        command: Sequence[str],
        *,
        core: int = SERVER_CORE,
        env: Mapping[str, str] | None = None,
        stdout: int | None = subprocess.DEVNULL,
        cwd: Path = ROOT,
    ) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            pinned(core, command),
            cwd=cwd,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
            stdout=stdout,
            text=True,
        )
        self._started.append(process)
        return process
