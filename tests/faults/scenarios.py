"""The fault scenarios, and how one is played: a fresh native cluster (on a private broker
or database server when the fault kills it), the valid workload, the fault injected and
healed under that load, quiescence, and the verdict from each service's database."""

import asyncio
import contextlib
import dataclasses
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from panjereh_embedded import native
from panjereh_embedded.receiver import Receiver
from tests import topics
from tests.faults import hostile, webhooks
from tests.faults.infra import PrivateKafka, PrivatePostgres
from tests.faults.workload import FULL, Load, Submissions, Verdict, quiescent, steady, verdict
from tests.infra import KAFKA, POSTGRES_URL
from tests.native_support import databases, dead_letters, fresh_cluster
from tests.security import _logs

QUIESCENCE_SECONDS = 300.0


@dataclass
class Stage:
    """What a fault acts on."""

    cluster: native.Cluster
    load: Load
    kafka: PrivateKafka | None = None
    postgres: PrivatePostgres | None = None

    def seconds(self, full: float) -> float:
        """A pause or an outage of the full scenario, scaled to this run's load."""
        return full * self.load.scale


Fault = Callable[[Stage], Awaitable[dict[str, int]]]  # injects and heals; its own counts


@dataclass(frozen=True)
class Scenario:
    name: str
    fault: Fault
    private_kafka: bool = False
    private_postgres: bool = False
    env: Mapping[str, str] = field(default_factory=dict)
    webhooks: bool = False  # a live receiver subscribed to the workload agency's events


async def services_killed_in_turn(stage: Stage) -> dict[str, int]:
    for name in ("inquiry", "status", "compliance", "application"):
        await asyncio.sleep(stage.seconds(4))
        await asyncio.to_thread(
            stage.cluster.interrupt, name, signal.SIGKILL, down_for=stage.seconds(2), grace=10
        )
    return {}


async def registry_down(stage: Stage) -> dict[str, int]:
    await asyncio.sleep(stage.seconds(3))
    await asyncio.to_thread(
        stage.cluster.interrupt, "simulator", signal.SIGKILL, down_for=stage.seconds(30), grace=10
    )
    return {}


async def _outage(
    stage: Stage, stop: Callable[[], None], start: Callable[[], None], *, down_for: float
) -> dict[str, int]:
    """5 s into the load `stop` a component, `down_for` seconds later `start` it again."""
    await asyncio.sleep(stage.seconds(5))
    await asyncio.to_thread(stop)
    await asyncio.sleep(stage.seconds(down_for))
    await asyncio.to_thread(start)
    return {}


async def kafka_killed(stage: Stage) -> dict[str, int]:
    """The broker SIGKILLed mid-load, started again 10 s later (same data, not reformatted)."""
    assert stage.kafka is not None
    return await _outage(stage, stage.kafka.kill, stage.kafka.start, down_for=10)


async def postgres_restarted(stage: Stage) -> dict[str, int]:
    """The database server of every service crashed mid-load (immediate stop: connections
    cut, crash recovery on start) and started again 5 s later."""
    assert stage.postgres is not None
    return await _outage(stage, stage.postgres.crash, stage.postgres.start, down_for=5)


async def hostile_burst(stage: Stage) -> dict[str, int]:
    await asyncio.sleep(stage.seconds(3))
    tally = await asyncio.to_thread(
        hostile.burst,
        stage.cluster.layout.url("gateway"),
        signing_key=stage.cluster.layout.run_dir / "signing-key.pem",
    )
    return tally.counts()


# Every request of the burst comes from 127.0.0.1, as the workload's do: per-address limits
# would turn the burst into 429s for the valid workload, which is not what is under test.
_UNLIMITED = {
    "PANJEREH_GATEWAY_RATE_LIMIT_PER_IP": "10000000/minute",
    "PANJEREH_GATEWAY_TOKEN_ATTEMPTS_PER_IP": "10000000/minute",
    "PANJEREH_STATUS_MISSES_PER_CLIENT": "10000000/minute",
    "PANJEREH_STATUS_MISSES_PER_CLIENT_CODE": "10000000/hour",
    "PANJEREH_STATUS_MISSES_PER_CODE": "10000000/hour",
}

SCENARIOS = {
    s.name: s
    for s in (
        Scenario("services-killed-in-turn", services_killed_in_turn),
        Scenario("registry-down", registry_down),
        Scenario("kafka-sigkill", kafka_killed, private_kafka=True),
        Scenario("kafka-sigkill-webhooks", kafka_killed, private_kafka=True, webhooks=True),
        Scenario("postgres-restart", postgres_restarted, private_postgres=True),
        Scenario("hostile-burst", hostile_burst, env=_UNLIMITED),
    )
}


def run(name: str, load: Load = FULL) -> Verdict:
    """Play one scenario on a cluster of its own; everything it started is stopped after."""
    scenario = SCENARIOS[name]
    run_dir = Path(tempfile.mkdtemp(prefix=f"fault-{name}-"))
    run_dir.chmod(0o711)  # a private PostgreSQL runs as the postgres user, in here
    with contextlib.ExitStack() as stack:
        stage = _stage(stack, scenario, run_dir, load)
        outcome = _with_logs_scanned(asyncio.run(_play(stage, scenario)), stage.cluster.logs)
    if outcome.ok:
        shutil.rmtree(run_dir, ignore_errors=True)
    else:  # kept: the services' logs are the evidence
        print(f"{name}: logs in {stage.cluster.logs}", file=sys.stderr, flush=True)
    return outcome


def _with_logs_scanned(outcome: Verdict, logs: Path) -> Verdict:
    """The verdict, failed if any service's log holds a national code in any spelling (the
    hostile burst sends them in every spelling a naive mask misses)."""
    findings = _logs.scan_files(sorted(logs.glob("*.log")))
    for finding in findings[:20]:
        print(f"national code in {finding.where}: {finding.line[:300]}", file=sys.stderr)
    if not findings:
        return outcome
    return dataclasses.replace(outcome, extra=outcome.extra | {"codes_in_logs": len(findings)})


def _stage(stack: contextlib.ExitStack, scenario: Scenario, run_dir: Path, load: Load) -> Stage:
    """Private infrastructure if the fault needs it, then the cluster, started; each undone
    by `stack` in reverse."""
    kafka = postgres = None
    if scenario.private_kafka:
        kafka = stack.enter_context(PrivateKafka(run_dir / "kafka"))
    if scenario.private_postgres:
        postgres = stack.enter_context(PrivatePostgres(run_dir / "postgres"))
    admin_url = postgres.admin_url if postgres else POSTGRES_URL
    cluster, names = fresh_cluster(
        run_dir, kafka=kafka.bootstrap if kafka else KAFKA, postgres=admin_url, **scenario.env
    )
    if postgres is None:  # a private server goes with its data
        stack.callback(lambda: asyncio.run(databases(names, drop=True, admin_url=admin_url)))
    if kafka is None:  # a private broker goes with its topics; the shared one keeps none
        prefix = cluster.layout.topic_prefix
        stack.callback(lambda: topics.delete_created_now(KAFKA, {prefix}))
    stack.callback(cluster.down)
    cluster.up(timeout=180)
    return Stage(cluster, load, kafka, postgres)


async def _play(stage: Stage, scenario: Scenario) -> Verdict:
    seen, healed = Submissions(), asyncio.Event()
    gateway = stage.cluster.layout.url("gateway")
    async with Receiver() as hooks:
        if scenario.webhooks:  # subscribed before the load: every application is delivered
            await webhooks.subscribe(hooks, gateway)
        load = asyncio.create_task(steady(gateway, stage.load, seen, healed))
        try:
            extra = await scenario.fault(stage)
        finally:
            healed.set()  # the load stops after its time, and never before the healing
        healed_at = time.monotonic()
        await load
        book = await quiescent(stage.cluster, seen.accepted, within=QUIESCENCE_SECONDS)
        recovery = time.monotonic() - healed_at  # the heal to everything decided and counted
        if scenario.webhooks:
            decided = {a: book["applications"].get(a, "missing") for a in seen.accepted}
            received, missing = await webhooks.settled(hooks, decided, within=QUIESCENCE_SECONDS)
            extra = extra | webhooks.counts(received, missing)
    letters = await dead_letters(stage.cluster)
    return verdict(scenario.name, seen, book, letters, recovery, extra)
