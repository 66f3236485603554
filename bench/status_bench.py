"""Status polling: the status endpoint (200 and 304 paths), direct, through the Python
gateway and through the compiled edge (HAProxy), against a bare uvicorn hello-world and
nginx serving the same JSON as a static file, in one run on this machine. Servers on core 0,
the load generators on core 1. Not a test: figures vary with the machine; the ratios travel.

Usage: .venv/bin/python -m bench.status_bench [--seconds 10] [--runs 3]
       [--rates 250 500 1000 2000 4000] [--rate-seconds 5] [--quick]
Needs wrk, nginx and haproxy (Debian's packages) and vegeta (Go); each installed if missing.

Two measures: (1) closed loop, wrk with a fixed number of connections: the most requests/s
each server gives (medians of several runs); (2) open loop, vegeta at fixed rates: the
latency percentiles at each offered rate, until the server no longer keeps up.
"""

import argparse
import functools
import re
import statistics
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bench import _haproxy, _nginx, _status_targets, report, vegeta
from bench.load import GENERATOR_CORE, Processes, ensure_apt, pinned, sweep
from bench.vegeta import Target

UNLOADED = ("status 200", "gateway → status 200", f"{_status_targets.EDGE} 200")


def _wrk(target: Target, *, seconds: float, connections: int) -> dict[str, float]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency"]
    for name, value in target.headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        pinned(GENERATOR_CORE, [*command, target.url]), capture_output=True, text=True, check=True
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(rps.group(1)) if rps else float("nan"),
        "p50_ms": _ms(re.search(r"50%\s+([\d.]+)(us|ms|s)", output)),
        "p99_ms": _ms(re.search(r"99%\s+([\d.]+)(us|ms|s)", output)),
        "errors": float(failed.group(1)) if failed else 0.0,
    }


def _ms(match: re.Match[str] | None) -> float:
    if match is None:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def _most(target: Target, connections: int, options: argparse.Namespace) -> dict[str, float]:
    """wrk's figures for one case, the median of each over the runs."""
    runs = [
        _wrk(target, seconds=options.seconds, connections=connections) for _ in range(options.runs)
    ]
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def _closed_loop(
    cases: Mapping[str, Target], options: argparse.Namespace
) -> dict[str, dict[str, float]]:
    """The most each server gives: wrk keeps `connections` requests in flight, then — one
    connection, one request at a time, so nothing queues — what the gateway's hop adds."""
    for target in cases.values():  # warm-up
        _wrk(target, seconds=options.warmup, connections=options.connections)
    results = {name: _most(target, options.connections, options) for name, target in cases.items()}
    for name in UNLOADED:
        results[f"{name}, 1 connection"] = _most(cases[name], 1, options)
    return results


def _open_loop(
    cases: Mapping[str, Target], options: argparse.Namespace
) -> dict[str, list[dict[str, Any]]]:
    """Each case at each offered rate in turn, after a warm-up at the lowest."""
    folder = Path(tempfile.mkdtemp(prefix="status-bench-"))
    series = {}
    for n, (name, target) in enumerate(cases.items()):
        targets = vegeta.write_targets(folder / f"{n}.json", [target])
        vegeta.attack(targets, min(options.rates), options.warmup)
        series[name] = sweep(
            options.rates,
            functools.partial(vegeta.attack, targets, seconds=options.rate_seconds),
            p99_limit_ms=options.p99_limit_ms,
        )
    return series


def _ratios(results: Mapping[str, Mapping[str, float]]) -> str:
    hello = results["hello-world (uvicorn)"]["rps"]
    rows = []
    for path in ("200", "304"):
        direct, routed = results[f"status {path}"], results[f"gateway → status {path}"]
        edge = results[f"{_status_targets.EDGE} {path}"]
        nginx = results[f"nginx static {path}"]
        rows.append(
            (
                path,
                f"{edge['rps'] / direct['rps']:.2f}",
                f"{routed['rps'] / direct['rps']:.2f}",
                f"{direct['rps'] / hello:.2f}",
                f"{direct['rps'] / nginx['rps']:.2f}",
                f"{edge['p50_ms'] - direct['p50_ms']:.2f}",
                f"{routed['p50_ms'] - direct['p50_ms']:.2f}",
            )
        )
    alone, hop, edge_hop = (results[f"{name}, 1 connection"] for name in UNLOADED)
    return (
        report.table(
            (
                "path",
                "edge (HAProxy) / direct",
                "gateway / direct",
                "direct / hello-world",
                "direct / nginx",
                "p50 added by the edge (ms)",
                "p50 added by the gateway (ms)",
            ),
            rows,
        )
        + f"\n\nUnloaded (1 connection, 200 path): p50 direct {alone['p50_ms']:.2f} ms, "
        f"through the gateway {hop['p50_ms']:.2f} ms: the hop adds "
        f"{hop['p50_ms'] - alone['p50_ms']:.2f} ms; through the edge (HAProxy) "
        f"{edge_hop['p50_ms']:.2f} ms: its hop adds {edge_hop['p50_ms'] - alone['p50_ms']:.2f} ms."
    )


def _styles(cases: Mapping[str, Target]) -> dict[str, dict[str, str]]:
    """One colour per server; the 304 path dashed beside its 200 path."""
    servers = list(dict.fromkeys(name.removesuffix(" 200").removesuffix(" 304") for name in cases))
    return {
        name: {
            "color": f"C{servers.index(name.removesuffix(' 200').removesuffix(' 304'))}",
            "linestyle": "--" if name.endswith(" 304") else "-",
        }
        for name in cases
    }


def _sections(
    closed: Mapping[str, Mapping[str, float]],
    series: Mapping[str, list[dict[str, Any]]],
    options: argparse.Namespace,
) -> list[tuple[str, str]]:
    hello = closed["hello-world (uvicorn)"]["rps"]
    most = report.table(
        ("case", "requests/s", "p50 ms", "p99 ms", "non-2xx/3xx", "vs hello-world"),
        (
            (name, f["rps"], f["p50_ms"], f["p99_ms"], int(f["errors"]), f"{f['rps'] / hello:.2f}")
            for name, f in closed.items()
        ),
    )
    swept = report.sweep_table(series, vegeta.COLUMNS)
    return [
        (
            f"Most requests/s (wrk, closed loop, {options.connections} connections, "
            f"{options.seconds:g} s × {options.runs} runs, medians)",
            most,
        ),
        ("Ratios", _ratios(closed)),
        (
            f"Open loop (vegeta, {options.rate_seconds:g} s per rate; a case stops after "
            f"the first rate it does not sustain: failures, p99 over "
            f"{options.p99_limit_ms:g} ms, or under 80% achieved)",
            swept,
        ),
    ]


METHOD = """\
Requests for one application's status as its applicant polls it (`GET /v1/status/{code}`
with `X-National-Code`), 200 path and 304 path (`If-None-Match` with the current ETag),
against three yardsticks: a bare uvicorn hello-world answering JSON of the same size class,
Debian's nginx serving the exact same JSON body as a static file (one worker, access log
off, its own ETag), and the status service itself direct, through the Python gateway and
through the compiled edge (Debian's HAProxy running the configuration gateway.edge_config
generates: token, scope and rate checks, request ids, security headers and its JSON access
log all on; one thread on the server core). The status
service runs on SQLite with its read model fed one application's events. Every server is
pinned to core 0 and loaded alone in turn; wrk and vegeta run on core 1; load only on
127.0.0.1. Closed loop (wrk) gives the ceiling; open loop (vegeta, fixed arrival rate, so
a slow answer cannot hold back the next request) gives latency against offered load."""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--rates", type=float, nargs="+", default=[250, 500, 1000, 2000, 4000])
    parser.add_argument("--rate-seconds", type=float, default=5)
    parser.add_argument("--p99-limit-ms", type=float, default=500)
    parser.add_argument("--quick", action="store_true", help="1 s runs, once: to try it")
    options = parser.parse_args()
    if options.quick:
        options.seconds, options.runs, options.warmup, options.rate_seconds = 1, 1, 1, 1
    ensure_apt("wrk", "wrk")
    vegeta.ensure()
    described = report.machine(
        nginx=_nginx.version(),
        haproxy=_haproxy.version(),
        wrk=report.tool_version(["wrk", "-v"]),
        vegeta=vegeta.VERSION,
    )
    with Processes() as processes:
        cases = _status_targets.start(processes)
        closed = _closed_loop(cases, options)
        series = _open_loop(cases, options)
    report.publish(
        report.Report(
            name="status",
            title="Status polling: latency against offered load",
            method=METHOD,
            sections=_sections(closed, series, options),
            series=series,
            machine=described,
            options=vars(options),
            styles=_styles(cases),
            data={"closed_loop": closed},
        ),
        quick=options.quick,
    )


if __name__ == "__main__":
    main()
