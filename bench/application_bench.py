"""The application service's CPU per application: submit, evidence handling and decision, on
the real PostgreSQL. Not a test: it prints figures.

Usage: .venv/bin/python -m bench.application_bench [--applications 300] [--batch 50]
       [--postgres postgresql://panjereh:panjereh@127.0.0.1:5432/postgres]

It runs the service's ASGI app in this process (httpx ASGITransport, an in-process bus, a
fresh database), submits N passport applications (three evidence types, four rules), then
hands their evidence results to the service's consumer in batches, as the inquiry service's
relay would: first two of the three types (evidence handling alone: no application is ready),
then the third (evidence handling, then the decider). CPU is this process's (the service, plus
the small cost of driving it), the rule workers' (forkserver children) and the PostgreSQL
backends' of the bench database, read from /proc; transactions from pg_stat_database.
To measure another checkout's service, put its sources first:
`PYTHONPATH=/tmp/app-before/application-service/src .venv/bin/python -m bench.application_bench`.
"""

import argparse
import asyncio
import datetime as dt
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from asgi_lifespan import LifespanManager

from application_service.main import create_app
from application_service.settings import ApplicationSettings
from bench import proc
from panjereh import events, identity
from panjereh.bus.base import OutgoingMessage
from panjereh.bus.memory import InMemoryBus
from panjereh.events import wrap
from tests.support import VERIFIER, bearer

SERVICE = "passport-issuance"
EVIDENCE = ("national-id-card", "birth-certificate", "military-service-card")
DATABASE = "panjereh_bench_application"
ADULT = {"birth_date": "1990-01-01", "alive": True, "valid": True, "status": "exempt"}


def _descendants(pid: int) -> list[int]:
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for task in Path(f"/proc/{parent}/task").iterdir():
            children = (task / "children").read_text().split()
            found += [int(child) for child in children]
            frontier += [int(child) for child in children]
    return found


class Meter:
    """CPU of this process, its children (the rule workers) and the bench database's backends,
    and the database's committed transactions, between `start` and `stop`."""

    def __init__(self, admin: asyncpg.Connection) -> None:
        self._admin = admin

    async def _read(self) -> tuple[float, dict[int, float], dict[int, float], int]:
        children = {pid: proc.cpu_seconds(pid) or 0.0 for pid in _descendants(_own_pid())}
        backends = proc.postgres([DATABASE]).run
        commits = await self._admin.fetchval(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = $1", DATABASE
        )
        return proc.own_seconds(), children, backends, int(commits)

    async def measure(self, step: Callable[[], Awaitable[None]]) -> dict[str, float]:
        own, children, backends, commits = await self._read()
        polls = POLLS[0]
        await step()
        await asyncio.sleep(0.6)  # pg_stat_database is updated by the backends with a delay
        own2, children2, backends2, commits2 = await self._read()
        return {
            "service": own2 - own,
            "rule workers": proc.grown(children, children2),
            "postgres": proc.grown(backends, backends2),
            "transactions": commits2 - commits - 1 - (POLLS[0] - polls),  # less the bench's
        }


def _own_pid() -> int:
    import os

    return os.getpid()


async def _fresh_database(admin: asyncpg.Connection) -> None:
    await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{DATABASE}"')


def _body(n: int) -> dict[str, Any]:
    return {
        "service_id": SERVICE,
        "applicant": {"national_code": _national_code(n), "mobile": "09120000000"},
        "form": {},
    }


def _national_code(n: int) -> str:
    digits = f"{(n + 123456) % 10**9:09d}"
    return digits + str(identity.national_code_check_digit(digits))


def _evidence(application_id: str, kind: str) -> OutgoingMessage:
    fact = events.EvidenceRetrieved(
        application_id=application_id,
        evidence_type=kind,
        agency_id="passport-police",
        service_id=SERVICE,
        inquiry_id=str(uuid.uuid4()),
        status="found",
        data=ADULT,
        registry="bench",
        retrieved_at=dt.datetime.now(dt.UTC),
        purpose="bench",
    )
    envelope = wrap(fact, source="/panjereh/inquiry-service")
    return OutgoingMessage(
        events.EVIDENCE,
        envelope.partitionkey,
        envelope.to_json(),
        (("ce_type", fact.type.encode()),),
    )


POLLS = [0]  # the bench's own queries of the bench database, left out of its transactions


async def _decided(admin_url: str, count: int, *, within: float = 300) -> None:
    connection = await asyncpg.connect(admin_url.rsplit("/", 1)[0] + f"/{DATABASE}")
    try:
        async with asyncio.timeout(within):
            while True:
                left = await connection.fetchval(
                    "SELECT count(*) FROM applications WHERE state IN "
                    "('submitted', 'collecting_evidence', 'evaluating')"
                )
                POLLS[0] += 1
                if left == 0:
                    return
                await asyncio.sleep(0.5)
    finally:
        await connection.close()


async def run(options: argparse.Namespace) -> None:
    admin = await asyncpg.connect(options.postgres)
    await _fresh_database(admin)
    meter = Meter(admin)
    bus = InMemoryBus()
    await bus.start()
    url = options.postgres.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0]
    settings = ApplicationSettings(
        database_url=f"{url}/{DATABASE}", outbox_poll_seconds=0.2, log_level="WARNING"
    )
    app = create_app(settings, bus=bus, token_verifier=VERIFIER)
    headers = bearer("passport-police", "applications:write", "applications:read")
    ids: list[str] = []
    async with (
        LifespanManager(app) as running,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=running.app), base_url="http://svc"
        ) as client,
    ):

        async def submit() -> None:
            for n in range(options.applications):
                response = await client.post(
                    "/v1/applications",
                    json=_body(n),
                    headers=headers | {"Idempotency-Key": f"bench-{n:08d}-{uuid.uuid4().hex}"},
                )
                response.raise_for_status()
                ids.append(response.json()["id"])

        async def feed(kinds: Sequence[str]) -> Callable[[], Awaitable[None]]:
            messages = [_evidence(i, kind) for kind in kinds for i in ids]

            async def step() -> None:
                for start in range(0, len(messages), options.batch):
                    await bus.publish_batch(messages[start : start + options.batch])

            return step

        async def last() -> None:
            await (await feed(EVIDENCE[2:]))()
            await _decided(options.postgres, options.applications)

        await _warm_up(client, headers)
        figures = {"submit": await meter.measure(submit)}
        figures["evidence (2 of 3 types)"] = await meter.measure(await feed(EVIDENCE[:2]))
        figures["last evidence + decision"] = await meter.measure(last)
    await bus.stop()
    await admin.close()
    _print(figures, options)


async def _warm_up(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    await client.get(f"/v1/catalog/services/{SERVICE}", headers=headers)


def _print(figures: dict[str, dict[str, float]], options: argparse.Namespace) -> None:
    n = options.applications
    print(f"{n} passport applications, evidence in batches of {options.batch}")
    print(f"{'phase':28} {'service ms':>11} {'rules ms':>9} {'postgres ms':>12} {'xact':>6}")
    for phase, figure in figures.items():
        print(
            f"{phase:28} {figure['service'] * 1000 / n:11.2f} "
            f"{figure['rule workers'] * 1000 / n:9.2f} {figure['postgres'] * 1000 / n:12.2f} "
            f"{figure['transactions'] / n:6.2f}"
        )
    evidence = figures["evidence (2 of 3 types)"]
    final = figures["last evidence + decision"]
    per_type = evidence["service"] / 2
    print(
        f"service CPU per application: submit {figures['submit']['service'] * 1000 / n:.2f} ms, "
        f"evidence {per_type * 3 * 1000 / n:.2f} ms (3 types), "
        f"decision {(final['service'] - per_type) * 1000 / n:.2f} ms (last batch minus one "
        "type's evidence)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=300)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument(
        "--postgres", default="postgresql://panjereh:panjereh@127.0.0.1:5432/postgres"
    )
    started = time.monotonic()
    asyncio.run(run(parser.parse_args()))
    print(f"({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
