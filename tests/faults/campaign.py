"""The fault campaign (`make faults`): a steady workload through the gateway of the native
mode, a fault injected and healed, quiescence awaited, then the verdict read from each
service's own database: nothing accepted lost, nothing applied twice, the compliance counts
equal to a recount. One line per scenario; the exit status is non-zero on any loss or
duplicate.

`python -m tests.faults.campaign [services-killed-in-turn] [registry-down]`

Scenarios so far: each service SIGKILLed in turn mid-load and restarted; the registry
simulator down for 30 s (the breaker opens, applications wait in collecting_evidence, then
complete). Kafka SIGKILL, PostgreSQL restart and the hostile burst are not written yet.
"""

import asyncio
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from panjereh import identity
from panjereh_embedded import native
from tests.native_support import databases, fresh_cluster, ledger, token

RATE, SECONDS = 4.0, 30.0  # applications per second, and for how long
DECIDED = {"approved", "rejected"}


@dataclass
class Verdict:
    scenario: str
    submitted: int
    completed: int
    lost: int
    duplicated: int
    recovery_seconds: float

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicated == 0

    def line(self) -> str:
        return (
            f"{'PASS' if self.ok else 'FAIL'} {self.scenario}: submitted={self.submitted} "
            f"completed={self.completed} lost={self.lost} duplicated={self.duplicated} "
            f"recovery_s={self.recovery_seconds:.1f}"
        )


async def _steady(url: str, accepted: list[str], stop_at: float) -> None:
    """Open loop: a submission every 1/RATE s until `stop_at`; ids of the accepted ones."""
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        headers = await token(client, "passport-police-backend", "demo-passport-police-secret")

        async def submit(n: int) -> None:
            # As an agency's backend does: on a 5xx or a dropped connection, the same request
            # again with the same Idempotency-Key (so a retry never makes a second application).
            key = f"fault-{uuid.uuid4()}"
            body = {
                "service_id": "passport-issuance",
                # A new person each time: the inquiry cache must not hide a registry outage.
                "applicant": {"national_code": _national_code(n)},
            }
            for _ in range(30):
                try:
                    response = await client.post(
                        "/v1/applications", json=body, headers=headers | {"Idempotency-Key": key}
                    )
                except httpx.HTTPError:
                    response = None
                if response is not None and response.status_code == 202:
                    accepted.append(response.json()["id"])
                    return
                if response is not None and response.status_code < 500:
                    return  # refused for a reason of its own: not accepted
                await asyncio.sleep(1)

        tasks, n, started = [], 0, time.monotonic()
        while time.monotonic() < stop_at:
            tasks.append(asyncio.create_task(submit(n)))
            n += 1
            await asyncio.sleep(max(0.0, started + n / RATE - time.monotonic()))
        await asyncio.gather(*tasks)


def _national_code(n: int) -> str:
    first_nine = f"{(n * 7919 + uuid.uuid4().int) % 10**9:09d}"
    return first_nine + str(identity.national_code_check_digit(first_nine))


async def _quiescent(cluster: native.Cluster, accepted: list[str], within: float) -> dict[str, Any]:
    deadline = time.monotonic() + within
    book: dict[str, Any] = {}
    while time.monotonic() < deadline:
        book = await ledger(cluster)
        done = [a for a in accepted if book["applications"].get(a) in DECIDED]
        shown = [a for a in accepted if book["views"].get(a) in DECIDED]
        counted = len(book["compliance_facts"]) == book["compliance_counted"] == len(accepted)
        if len(done) == len(shown) == len(accepted) and counted:
            break
        await asyncio.sleep(1)
    return book


def _verdict(name: str, accepted: list[str], book: dict[str, Any], healed: float) -> Verdict:
    completed = sum(
        1
        for a in accepted
        if book["applications"].get(a) in DECIDED and book["views"].get(a) in DECIDED
    )
    duplicated = (
        len(book["application_steps_repeated"])
        + book["evidence_requests_repeated"]
        + len(book["view_steps_repeated"])
        + abs(book["compliance_counted"] - len(book["compliance_facts"]))
        + max(0, len(book["applications"]) - len(set(accepted)))  # a retry made a second one
    )
    lost = len(accepted) - completed
    return Verdict(name, len(accepted), completed, lost, duplicated, time.monotonic() - healed)


async def _scenario(
    cluster: native.Cluster, name: str, fault: Callable[[], Awaitable[None]]
) -> Verdict:
    accepted: list[str] = []
    load = asyncio.create_task(
        _steady(cluster.layout.url("gateway"), accepted, time.monotonic() + SECONDS)
    )
    await fault()
    healed = time.monotonic()
    await load
    book = await _quiescent(cluster, accepted, within=300)
    return _verdict(name, accepted, book, healed)


async def services_killed_in_turn(cluster: native.Cluster) -> Verdict:
    async def fault() -> None:
        for name in ("inquiry", "status", "compliance", "application"):
            await asyncio.sleep(4)
            await asyncio.to_thread(cluster.interrupt, name, signal.SIGKILL, down_for=2, grace=10)

    return await _scenario(cluster, "services-killed-in-turn", fault)


async def registry_down(cluster: native.Cluster) -> Verdict:
    async def fault() -> None:
        await asyncio.sleep(3)
        await asyncio.to_thread(
            cluster.interrupt, "simulator", signal.SIGKILL, down_for=30, grace=10
        )

    return await _scenario(cluster, "registry-down-30s", fault)


SCENARIOS = {"services-killed-in-turn": services_killed_in_turn, "registry-down": registry_down}


def main(argv: list[str]) -> int:
    chosen = argv or list(SCENARIOS)
    verdicts = []
    for name in chosen:
        cluster, names = fresh_cluster(Path(tempfile.mkdtemp(prefix=f"fault-{name}-")))
        try:
            cluster.up(timeout=180)
            verdict = asyncio.run(SCENARIOS[name](cluster))
        finally:
            cluster.down()
            asyncio.run(databases(names, drop=True))
        print(verdict.line(), flush=True)
        verdicts.append(verdict)
    return 0 if all(v.ok for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
