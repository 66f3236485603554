"""Costly rules against the embedded default, with GET /health/live probed throughout.

Serves `python -m panjereh_embedded` as its own process (a fresh data directory), then plays
each case again and again for some seconds while a probe asks /health/live every 20 ms over
its own connection, and prints the probe's latency percentiles per case (target: p99 under
100 ms) and what the platform answered. Not a test: figures vary with the machine and its load.

Usage: .venv/bin/python -m bench.rules_probe [--seconds 15] [--applications 3]

Cases: idle (no attack); the red team's five-level rule published (refused from its parse
tree); a rule within the static limits that runs for seconds published (cut at its budget on
the write-time sample); applications to a service whose rule runs long only on their form
(each cut at its budget at decision time and referred to review).
"""

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx

from gateway.clients import DEMO_CLIENTS
from tests.security import _rules
from tests.support import free_port

PASSPORT = "passport-police-backend"
SECRET = next(secret for client, secret, _, _ in DEMO_CLIENTS if client == PASSPORT)
PERSON = "0018392741"


@contextlib.asynccontextmanager
async def _platform() -> AsyncIterator[str]:
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        server = await asyncio.create_subprocess_exec(
            *[sys.executable, "-m", "panjereh_embedded", "--port", str(port), "--data-dir", data],
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
            # The gateway's rate limits would answer 429 to the repeated attacks: this
            # measures what the rules cost, so the limits are lifted.
            env=os.environ
            | {
                "PANJEREH_LOG_LEVEL": "WARNING",
                "PANJEREH_GATEWAY_RATE_LIMIT_PER_CLIENT": "1000000/minute",
                "PANJEREH_GATEWAY_RATE_LIMIT_PER_IP": "1000000/minute",
            },
        )
        url = f"http://127.0.0.1:{port}"
        try:
            async with httpx.AsyncClient(base_url=url, timeout=5) as http:
                for _ in range(600):
                    with contextlib.suppress(httpx.HTTPError):
                        if (await http.get("/health/live")).status_code == 200:
                            break
                    await asyncio.sleep(0.1)
            yield url
        finally:
            server.terminate()
            await asyncio.wait_for(server.wait(), 30)


async def _headers(http: httpx.AsyncClient) -> dict[str, str]:
    response = await http.post(
        "/v1/oauth/token",
        data={"grant_type": "client_credentials", "client_id": PASSPORT, "client_secret": SECRET},
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def _publish(http: httpx.AsyncClient, headers: dict[str, str], rule: str) -> str:
    response = await http.post("/v1/catalog/services", json=_rules.service(rule), headers=headers)
    if response.status_code == 201:
        return f"201 {response.json()['id']}"
    body = response.json()
    errors = body.get("errors") or [{"message": body.get("detail")}]
    return f"{response.status_code} {errors[0]['message']}"


async def _apply(http: httpx.AsyncClient, headers: dict[str, str], count: int) -> str:
    published = await http.post(
        "/v1/catalog/services", json=_rules.service(_rules.SLOW_ON_THE_FORM), headers=headers
    )
    published.raise_for_status()
    ids = []
    for _ in range(count):
        submitted = await http.post(
            "/v1/applications",
            json={
                "service_id": published.json()["id"],
                "applicant": {"national_code": PERSON},
                "form": {"items": _rules.MANY_ITEMS},
            },
            headers=headers | {"Idempotency-Key": f"bench-{uuid.uuid4()}"},
        )
        submitted.raise_for_status()
        ids.append(submitted.json()["id"])
    states = [
        (await _rules.decided(http, application_id, headers, within=300))["state"]
        for application_id in ids
    ]
    return ", ".join(sorted(set(states))) + f" ({len(states)} applications)"


async def _case(url: str, play: Callable[[], Awaitable[str]], seconds: float) -> dict[str, Any]:
    """Play the case again and again for `seconds`, the probe running throughout."""
    answers: list[str] = []
    async with _rules.probing(url) as probe:
        started = time.perf_counter()
        while time.perf_counter() - started < seconds:
            answers.append(await play())
        took = time.perf_counter() - started
    return {
        "answer": f"{len(answers)}× {answers[-1]}",
        "seconds": took,
        "probes": len(probe.latencies),
        "p50_ms": probe.percentile(0.50) * 1000,
        "p99_ms": probe.percentile(0.99) * 1000,
        "max_ms": probe.worst * 1000,
    }


async def main(options: argparse.Namespace) -> None:
    async with _platform() as url, httpx.AsyncClient(base_url=url, timeout=300) as http:
        headers = await _headers(http)
        await _publish(http, headers, "applicant.age >= 18")  # the pool's workers start
        cases: dict[str, Callable[[], Awaitable[str]]] = {
            "idle": lambda: asyncio.sleep(1, result="-"),
            "five-level rule published": lambda: _publish(http, headers, _rules.FIVE_LEVELS),
            "long rule within limits published": lambda: _publish(
                http, headers, _rules.SLOW_WITHIN_LIMITS
            ),
            "applications cut at decision time": lambda: _apply(
                http, headers, options.applications
            ),
        }
        print(f"{'case':36} {'probes':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'s':>6}")
        for name, play in cases.items():
            figures = await _case(url, play, options.seconds)
            print(
                f"{name:36} {figures['probes']:6d} {figures['p50_ms']:8.1f} "
                f"{figures['p99_ms']:8.1f} {figures['max_ms']:8.1f} {figures['seconds']:6.1f}"
                f"  → {figures['answer']}"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=3, help="per round")
    parser.add_argument("--seconds", type=float, default=15, help="per case")
    asyncio.run(main(parser.parse_args()))
