"""Evidence inquiry, the synchronous path: `POST /v1/inquiries` through the gateway, every
service its own process on real PostgreSQL and Kafka (the native mode), the registry
simulator answering after a fixed 50 ms; the inquiry cache off, then on. Not a test: it
prints figures and writes docs/benchmarks/inquiry.{md,png,json}.

Usage: .venv/bin/python -m bench.inquiry_bench [--rates 10 25 50 100 200 400] [--seconds 10]
       [--quick]
Needs `make infra-up`; vegeta (Go) is installed if missing. Load only ever goes to 127.0.0.1.
"""

import argparse
import asyncio
import functools
import json
import random
import tempfile
from pathlib import Path
from typing import Any

import httpx

from bench import cluster, report, vegeta
from bench.load import SERVER_CORE, sweep
from panjereh_embedded import native

EVIDENCE_TYPE, SERVICE_ID = "national-id-card", "passport-issuance"
MODES = {"cache off": "0", "cache on": "300"}  # PANJEREH_INQUIRY_CACHE_TTL_SECONDS


def _body(code: str) -> bytes:
    purpose = {"service_id": SERVICE_ID}
    return json.dumps(
        {"evidence_type": EVIDENCE_TYPE, "national_code": code, "purpose": purpose}
    ).encode()


async def _legal_basis_known(url: str, code: str, *, within: float = 120) -> None:
    """Wait until the inquiry service has heard (from the catalogue's events) that the
    passport service needs the national ID card: until then the inquiry is refused."""
    headers = await _headers(url)
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        for _ in range(int(within / 0.5)):
            answer = await client.post("/v1/inquiries", content=_body(code), headers=headers)
            if answer.status_code == 200:
                return
            await asyncio.sleep(0.5)
    raise RuntimeError(f"inquiries still refused after {within} s: {answer.text}")


async def _headers(url: str) -> dict[str, str]:
    """A fresh token (they last 15 minutes) and the body's type."""
    return {**(await cluster.token(url)), "Content-Type": "application/json"}


def _registry_calls(simulator: str) -> int:
    return sum(httpx.get(f"{simulator}/_stats").json()["requests"].values())


def _measure(
    running: native.Cluster, codes: list[str], folder: Path, rate: float, *, seconds: float
) -> dict[str, Any]:
    """One rate, the codes in turn; the registry's call count tells what the cache saved."""
    url, simulator = running.layout.url("gateway"), running.layout.url("simulator")
    headers = asyncio.run(_headers(url))
    targets = vegeta.write_targets(
        folder / f"{rate:g}.json",
        [vegeta.Target(f"{url}/v1/inquiries", "POST", headers, _body(code)) for code in codes],
    )
    before = _registry_calls(simulator)
    point = vegeta.attack(targets, rate, seconds)
    calls = _registry_calls(simulator) - before
    point["registry_calls"] = calls
    # Over 1 when the inquiry service retried a registry call that took too long.
    point["calls_per_inquiry"] = round(calls / point["requests"], 3) if point["requests"] else 0
    return point


def _mode(ttl: str, codes: list[str], options: argparse.Namespace) -> list[dict[str, Any]]:
    """A cluster of its own (the cache setting is read at start-up), warmed up at the
    lowest rate (which also fills the cache, when on), then swept."""
    with cluster.running(
        core=SERVER_CORE,
        PANJEREH_SIMULATOR_LATENCY_MS="50",
        PANJEREH_INQUIRY_CACHE_TTL_SECONDS=ttl,
    ) as running:
        asyncio.run(_legal_basis_known(running.layout.url("gateway"), codes[0]))
        folder = Path(tempfile.mkdtemp(prefix="inquiry-bench-"))
        measure = functools.partial(_measure, running, codes, folder, seconds=options.seconds)
        lowest = min(options.rates)
        measure(lowest, seconds=max(options.warmup, 2 * len(codes) / lowest))
        return sweep(options.rates, measure, p99_limit_ms=options.p99_limit_ms)


COLUMNS = (*vegeta.COLUMNS, ("registry calls / inquiry", "calls_per_inquiry"))

METHOD = """\
The synchronous evidence inquiry an agency's backend makes (`POST /v1/inquiries`: the
passport police asking for a national ID card, for its passport service) through the
gateway, with its token; every service its own process (the native mode of `make up`) on
fresh PostgreSQL databases and Kafka topics, the inquiry service calling the registry
simulator over HTTP, which answers after a fixed 50 ms. Open loop: vegeta sends at a fixed
rate, whatever the answers' pace. The services and the simulator are pinned to core 0,
vegeta to core 1; PostgreSQL and Kafka are not pinned. The same {codes} national codes are
asked in turn in both modes. **Cache off**: `PANJEREH_INQUIRY_CACHE_TTL_SECONDS=0`, every
inquiry goes to the registry. **Cache on**: a 300 s TTL; the warm-up has asked for every
code, so the inquiries are answered from the cache (the table gives the registry calls
per inquiry).
Every inquiry, cached or not, is still written to the inquiry table and the hash-chained
audit log."""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", type=float, nargs="+", default=[10, 25, 50, 100, 200, 400])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--codes", type=int, default=20)
    parser.add_argument("--p99-limit-ms", type=float, default=1000)
    parser.add_argument("--quick", action="store_true", help="2 s per rate: to try it")
    options = parser.parse_args()
    if options.quick:
        options.seconds, options.warmup = 2, 1
    vegeta.ensure()
    described = cluster.machine() | {"vegeta": vegeta.VERSION}
    rng = random.Random(1405)  # noqa: S311 — synthetic national codes, reproducible
    codes = [cluster.national_code(rng) for _ in range(options.codes)]
    series = {mode: _mode(ttl, codes, options) for mode, ttl in MODES.items()}
    report.publish(
        report.Report(
            name="inquiry",
            title="Evidence inquiry (registry at 50 ms): latency against offered load",
            method=METHOD.format(codes=options.codes),
            sections=[
                (
                    f"Open loop (vegeta, {options.seconds:g} s per rate; a mode stops after "
                    f"the first rate it does not sustain: failures, p99 over "
                    f"{options.p99_limit_ms:g} ms, or under 80% achieved)",
                    report.sweep_table(series, COLUMNS, label="mode"),
                )
            ],
            series=series,
            machine=described,
            options=vars(options),
            x_label="offered load (inquiries/s)",
            reference=(50, "the registry's own 50 ms"),
        ),
        quick=options.quick,
    )


if __name__ == "__main__":
    main()
