"""End to end, open loop: applications at fixed rates through the gateway, every service its
own process on real PostgreSQL and Kafka (the native mode of `make up`, on fresh databases and
topics); the latency from the moment a submission was due to the moment the applicant can see
its decision in the status service. Not a test: it prints figures.

Usage: .venv/bin/python bench/e2e_bench.py [--rates 10 25 50 100] [--seconds 20]
Needs `make infra-up`. Load only ever goes to 127.0.0.1.

Open loop: submissions are scheduled at fixed instants and never wait for earlier ones, and
latency counts from the scheduled instant, so a slow system cannot hide its queue (no
coordinated omission). The service is passport issuance: three evidence types per
application (national ID card, birth certificate, military service card), each fetched from
the registry simulator over HTTP.
"""

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from panjereh import identity  # noqa: E402
from panjereh_embedded import native  # noqa: E402
from tests import native_support  # noqa: E402

TERMINAL = {"approved", "rejected", "failed", "cancelled", "needs_review"}


def national_code(rng: random.Random) -> str:
    first_nine = f"{rng.randrange(1, 10**9):09d}"
    return first_nine + str(identity.national_code_check_digit(first_nine))


async def _one(
    client: httpx.AsyncClient, headers: dict[str, str], code: str, due: float
) -> float | None:
    """Submit at `due`; seconds from `due` until the status service shows the decision."""
    await asyncio.sleep(max(0.0, due - time.monotonic()))
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
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        start = time.monotonic() + 0.5
        count = int(rate * seconds)
        tasks = [
            asyncio.create_task(_one(client, headers, national_code(rng), start + i / rate))
            for i in range(count)
        ]
        results = await asyncio.gather(*tasks)
    latencies = sorted(r for r in results if r is not None)
    return {
        "rate": rate,
        "submitted": count,
        "decided": len(latencies),
        "errors": count - len(latencies),
        **_percentiles(latencies),
    }


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50_ms": float("nan"), "p95_ms": float("nan"), "p99_ms": float("nan")}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {
        "p50_ms": round(cuts[49] * 1000, 1),
        "p95_ms": round(cuts[94] * 1000, 1),
        "p99_ms": round(cuts[98] * 1000, 1),
    }


async def _token(url: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=url) as client:
        response = await client.post(
            "/v1/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": "passport-police-backend",
                "client_secret": "demo-passport-police-secret",
            },
        )
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", type=float, nargs="+", default=[10, 25, 50, 100])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=5)
    options = parser.parse_args()
    quiet = {f"PANJEREH_{s.upper()}_LOG_LEVEL": "WARNING" for s in (*native.SERVICES, "gateway")}
    cluster, databases = native_support.fresh_cluster(
        Path(tempfile.mkdtemp(prefix="e2e-bench-")),
        PANJEREH_GATEWAY_RATE_LIMIT_PER_CLIENT="10000000/minute",
        PANJEREH_GATEWAY_RATE_LIMIT_PER_IP="10000000/minute",
        PANJEREH_STATUS_MISSES_PER_CLIENT="10000000/minute",
        PANJEREH_STATUS_MISSES_PER_CODE="10000000/hour",
        **quiet,
    )
    try:
        cluster.up(timeout=180)
    except BaseException:
        cluster.down()
        asyncio.run(native_support.databases(databases, drop=True))
        raise
    rng = random.Random(1405)  # noqa: S311 — synthetic national codes, reproducible
    results = []
    try:
        url = cluster.layout.url("gateway")
        headers = asyncio.run(_token(url))
        asyncio.run(_run_rate(url, headers, 10, options.warmup, rng))
        for rate in options.rates:
            result = asyncio.run(_run_rate(url, headers, rate, options.seconds, rng))
            results.append(result)
            print(json.dumps(result), flush=True)
    finally:
        cluster.down()
        asyncio.run(native_support.databases(databases, drop=True))
    _report(results, options)


def _report(results: list[dict[str, Any]], options: argparse.Namespace) -> None:
    print(f"\nEnd to end, open loop, {options.seconds:.0f} s per rate, passport issuance")
    print("(3 evidence types), submit → decision visible in the status service\n")
    print("| offered /s | submitted | decided | errors | p50 ms | p95 ms | p99 ms |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['rate']:.0f} | {r['submitted']} | {r['decided']} | {r['errors']} "
            f"| {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} |"
        )
    sustained = [r["rate"] for r in results if r["errors"] == 0 and r["p99_ms"] < 1000]
    print(f"\nhighest rate with p99 under 1 s and no errors: {max(sustained, default=0):.0f}/s")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "e2e.json").write_text(json.dumps({"options": vars(options), "results": results}))


if __name__ == "__main__":
    main()
