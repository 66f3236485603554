"""End to end, open loop: applications at fixed rates through the gateway, every service its
own process on real PostgreSQL and Kafka (the native mode of `make up`, on fresh databases and
topics); the latency from the moment a submission was due to the moment the applicant can see
its decision in the status service. Not a test: it prints figures and writes
docs/benchmarks/e2e.{md,png,json}.

Usage: .venv/bin/python -m bench.e2e_bench [--rates 2 3 4 5 10 25 50 100] [--seconds 20] [--quick]
Needs `make infra-up`. Load only ever goes to 127.0.0.1. The sweep stops after the first
rate with errors or a p99 far over the 1 s target, which higher rates would only repeat.

Open loop: submissions are scheduled at fixed instants and never wait for earlier ones, and
latency counts from the scheduled instant, so a slow system cannot hide its queue (no
coordinated omission). The service is passport issuance: three evidence types per
application (national ID card, birth certificate, military service card), each fetched from
the registry simulator over HTTP.
"""

import argparse
import asyncio
import functools
import random
import time
import uuid
from typing import Any

import httpx

from bench import cluster, load, report
from panjereh_embedded import native

TERMINAL = {"approved", "rejected", "failed", "cancelled", "needs_review"}
TARGET_MS = 1000


async def _one(
    client: httpx.AsyncClient, headers: dict[str, str], code: str, due: float
) -> float | None:
    """Submit at `due`; seconds from `due` until the status service shows the decision."""
    await load.at(due)
    submitted = await client.post(
        "/v1/applications",
        json={"service_id": "passport-issuance", "applicant": {"national_code": code}},
        headers=headers | {"Idempotency-Key": uuid.uuid4().hex},
    )
    if submitted.status_code != 202:
        return None
    path = f"/v1/status/{submitted.json()['tracking_code']}"
    etag = None
    while True:
        response = await client.get(
            path,
            params={"wait": 10} if etag else None,
            headers={"X-National-Code": code, **({"If-None-Match": etag} if etag else {})},
        )
        if response.status_code == 200:
            etag = response.headers.get("etag")
            if response.json()["state"] in TERMINAL:
                return time.monotonic() - due
        elif response.status_code == 404:  # not projected yet; poll gently, as an app would
            await asyncio.sleep(0.2)
        elif response.status_code != 304:
            return None


async def _run_rate(
    url: str, headers: dict[str, str], rate: float, seconds: float, rng: random.Random
) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=2000, max_keepalive_connections=500)
    codes = [cluster.national_code(rng) for _ in range(int(rate * seconds))]
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        results = await load.open_loop(
            rate, seconds, lambda n, due: _one(client, headers, codes[n], due)
        )
    latencies = sorted(r for r in results if r is not None)
    return {
        "offered_per_s": rate,
        "submitted": len(codes),
        "decided": len(latencies),
        "errors": len(codes) - len(latencies),
        "success": round(len(latencies) / len(codes), 4) if codes else 0.0,
        **load.percentiles(latencies),
    }


def _measure(
    running: native.Cluster, rate: float, *, seconds: float, rng: random.Random
) -> dict[str, Any]:
    """One rate with a fresh token (they last 15 minutes), and where its CPU went: each
    process's CPU milliseconds per decided application, and Kafka events per application."""
    url = running.layout.url("gateway")
    headers = asyncio.run(cluster.token(url))
    cpu_before, events_before = cluster.cpu_seconds(running), cluster.events_published(running)
    point = asyncio.run(_run_rate(url, headers, rate, seconds, rng))
    cpu_after, events_after = cluster.cpu_seconds(running), cluster.events_published(running)
    decided = max(point["decided"], 1)
    for name, used in cpu_after.items():
        point[f"cpu_ms_{name}"] = round(1000 * (used - cpu_before.get(name, 0.0)) / decided, 1)
    point["cpu_ms_all"] = round(sum(point[f"cpu_ms_{n}"] for n in cpu_after), 1)
    point["events_per_app"] = round((events_after - events_before) / decided, 1)
    return point


def _sections(points: list[dict[str, Any]], options: argparse.Namespace) -> list[tuple[str, str]]:
    sustained = [p["offered_per_s"] for p in points if p["errors"] == 0 and p["p99_ms"] < TARGET_MS]
    best = f"{max(sustained):g} applications/s" if sustained else "none of the rates measured"
    columns = [
        ("offered /s", "offered_per_s"),
        ("submitted", "submitted"),
        ("decided", "decided"),
        ("errors", "errors"),
        *report.LATENCY_COLUMNS,
    ]
    cpu_columns = [
        (f"{name} ms", f"cpu_ms_{name}") for name in ("gateway", *native.SERVICES, "simulator")
    ]
    return [
        (
            f"Open loop, {options.seconds:g} s per rate (the sweep stops after the first rate "
            f"with errors or a p99 over {options.p99_limit_ms / 1000:g} s)",
            report.sweep_table({"passport issuance": points}, columns, label="service")
            + f"\n\n**Highest rate sustained with p99 under 1 s and no errors: {best}.**",
        ),
        (
            "Where the CPU goes: milliseconds of CPU per decided application, by process, and "
            "Kafka events per application (read from /proc and the outboxes around each rate; "
            "includes the backlog a saturated rate leaves)",
            report.sweep_table(
                {"passport issuance": points},
                [
                    ("offered /s", "offered_per_s"),
                    *cpu_columns,
                    ("all ms", "cpu_ms_all"),
                    ("events/app", "events_per_app"),
                ],
                label="service",
            ),
        ),
    ]


METHOD = """\
Applications submitted through the gateway at fixed rates, every service its own process
(the native mode of `make up`) on fresh PostgreSQL databases and Kafka topics; the latency
runs from the instant a submission was due to the instant the applicant can see its
decision in the status service (long-polling it with `?wait=10` and its ETag, as an app
would; polling every 200 ms while the status is not projected yet). Open loop: submissions
are scheduled at fixed instants and never wait for earlier ones, so a slow system cannot
hide its queue. The service is passport issuance: three evidence types per application
(national ID card, birth certificate, military service card), each fetched from the
registry simulator over HTTP. The generator (this process) and the system share the
machine's cores: the system needs both, and the generator's work at these rates is small."""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", type=float, nargs="+", default=[2, 3, 4, 5, 10, 25, 50, 100])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--p99-limit-ms", type=float, default=5 * TARGET_MS)
    parser.add_argument("--quick", action="store_true", help="3 s per rate: to try it")
    options = parser.parse_args()
    if options.quick:
        options.seconds, options.warmup = 3, 2
    described = cluster.machine()
    rng = random.Random(1405)  # noqa: S311 — synthetic national codes, reproducible
    with cluster.running() as running:
        measure = functools.partial(_measure, running, seconds=options.seconds, rng=rng)
        # Warm at the lowest rate: a higher one would leave a queue for the first point.
        measure(min(options.rates), seconds=options.warmup)
        points = load.sweep(
            options.rates, measure, p99_limit_ms=options.p99_limit_ms, min_success=1.0
        )
    report.publish(
        report.Report(
            name="e2e",
            title="End to end: submission to decision visible in the status service",
            method=METHOD,
            sections=_sections(points, options),
            series={"passport issuance": points},
            machine=described,
            options=vars(options),
            x_label="offered load (applications/s)",
            reference=(TARGET_MS, "1 s target"),
        ),
        quick=options.quick,
    )


if __name__ == "__main__":
    main()
