"""Must show (issue 19, item 6): scale-out on the native mode. Two replicas of each consuming
service in one consumer group on real PostgreSQL and Kafka: the group splits the partitions
between them, the outcomes equal a single-replica run, nothing is applied twice; and a
SIGKILL of one replica of each service mid-load loses nothing (the survivors take over its
partitions, the inbox makes its redelivered batches no-ops). Read from each service's own
database, the consumer groups and each replica's /metrics."""

import asyncio
import dataclasses
import signal
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.coordinator.protocol import ConsumerProtocolMemberAssignment
from prometheus_client.parser import text_string_to_metric_families

from panjereh_embedded import native, workload
from tests.infra import require_kafka, unavailable
from tests.native_support import (
    databases,
    dead_letters,
    fresh_cluster,
    ledger,
    rows,
    settled,
)
from tests.support import eventually, free_port

pytestmark = [pytest.mark.asyncio, pytest.mark.postgres, pytest.mark.kafka]
TERMINAL = {"approved", "rejected"}
TRAITS = ("complete", "deceased")  # personas whose registries answer: decided by rules
GROUPS = {  # process name: its consumer group (the service's name)
    "application": "application-service",
    "inquiry": "inquiry-service",
    "status": "status-service",
    "compliance": "compliance-service",
    "notification": "notification-service",
}


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[native.Cluster]:
    """A native cluster laid out for two replicas of each service, of which only the first
    replicas run at first (the single-replica reference run comes first)."""
    require_kafka()
    try:
        single, names = fresh_cluster(tmp_path_factory.mktemp("scale-out"))
    except Exception as error:  # any failure to reach the server is "unavailable"
        unavailable("PostgreSQL", repr(error))
    layout = dataclasses.replace(
        single.layout,
        replicas=2,
        ports={**single.layout.ports, **{f"{s}-2": free_port() for s in native.SERVICES}},
    )
    cluster = native.Cluster(layout)
    try:
        native.Cluster(dataclasses.replace(layout, replicas=1)).up(timeout=240)
        yield cluster
    finally:
        cluster.down()
        asyncio.run(databases(names, drop=True))


def _second_replicas() -> list[str]:
    return [native.replica_name(s, 2) for s in native.SERVICES]


async def _all_replicas_running(cluster: native.Cluster) -> None:
    for name in _second_replicas():
        if cluster.pid(name) is None:
            await asyncio.to_thread(cluster.start, name)
    await asyncio.to_thread(cluster.wait_ready, timeout=240)


async def _run(cluster: native.Cluster, *, rounds: int) -> dict[str, dict[str, int]]:
    """The demo workload through the gateway: every seeded service × both personas, `rounds`
    times, each application waited for until decided (an officer decides referrals)."""
    async with httpx.AsyncClient(base_url=cluster.layout.url("gateway"), timeout=60) as client:
        return await workload.run(
            client, rounds=rounds, traits=TRAITS, concurrency=12, settle_seconds=300
        )


def _times(outcomes: dict[str, dict[str, int]], factor: int) -> dict[str, dict[str, int]]:
    return {s: {o: n * factor for o, n in counts.items()} for s, counts in outcomes.items()}


async def _settled(cluster: native.Cluster, submitted: int) -> dict[str, Any]:
    return await settled(cluster, submitted, terminal=TERMINAL, within=300)


def _nothing_twice(book: dict[str, Any]) -> None:
    assert book["application_steps_repeated"] == []
    assert book["evidence_requests_repeated"] == 0
    assert book["view_steps_repeated"] == []
    assert set(book["views"]) == set(book["applications"]) == book["compliance_facts"]
    assert book["views"] == book["applications"], "each status view shows its decision"


async def _inbox_against_outbox(cluster: native.Cluster) -> dict[str, dict[str, tuple[int, int]]]:
    """Per service and event type it applied: (events of that type in all the outboxes,
    its inbox rows of that type), where they differ. Empty when every event published was
    applied exactly once by each service that applies its type."""
    db = cluster.layout.databases
    produced: dict[str, set[str]] = {}
    for service in native.SERVICES:
        for row in await rows(db[service], "SELECT event_id, type FROM outbox"):
            produced.setdefault(row.type, set()).add(row.event_id)
    differing: dict[str, dict[str, tuple[int, int]]] = {}
    for service in native.SERVICES:
        applied = await rows(db[service], "SELECT event_id, event_type FROM inbox")
        by_type: dict[str, set[str]] = {}
        for row in applied:
            by_type.setdefault(row.event_type, set()).add(row.event_id)
        for kind, ids in by_type.items():
            if ids != produced.get(kind, set()):
                differing.setdefault(service, {})[kind] = (len(produced.get(kind, ())), len(ids))
    return differing


async def _assignments(cluster: native.Cluster, group: str) -> list[set[tuple[str, int]]]:
    """The partitions each member of the service's consumer group holds now."""
    admin = AIOKafkaAdminClient(bootstrap_servers=cluster.layout.kafka)
    await admin.start()
    try:
        described = await admin.describe_consumer_groups([cluster.layout.topic_prefix + group])
    finally:
        await admin.close()
    members = [member for response in described for g in response.groups for member in g[5]]
    return [_partitions(member[4]) for member in members]


def _partitions(assignment: bytes) -> set[tuple[str, int]]:
    if not assignment:  # a member joining, not yet assigned
        return set()
    decoded = ConsumerProtocolMemberAssignment.decode(assignment)
    return {(tp.topic, tp.partition) for tp in decoded.partitions()}


async def _applied(cluster: native.Cluster, name: str) -> float:
    """How many events the process's consumer applied since it started (its /metrics)."""
    async with httpx.AsyncClient(timeout=30) as client:
        text = (await client.get(cluster.layout.url(name) + "/metrics")).text
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "panjereh_consumer_deliveries_total"
        and sample.labels.get("outcome") == "applied"
    )


@pytest.mark.timeout(900)
async def test_two_replicas_split_the_partitions_and_decide_as_one_does(
    scaled: native.Cluster,
) -> None:
    reference = await _run(scaled, rounds=1)  # the first replicas alone
    single = await _settled(scaled, sum(sum(c.values()) for c in reference.values()))
    _nothing_twice(single)

    await _all_replicas_running(scaled)
    for service, group in GROUPS.items():

        async def split(group: str = group) -> bool:
            members = await _assignments(scaled, group)
            return len(members) == 2 and all(members)

        await eventually(split, within=120, what=f"{service}'s group gave both replicas partitions")
    before = {name: await _applied(scaled, name) for name in scaled.layout.processes()[2:]}

    rounds = 8  # 2 personas × 6 services × 8 = 96 applications
    outcomes = await _run(scaled, rounds=rounds)
    assert outcomes == _times(reference, rounds), "the same outcomes as the single replica's"
    submitted = len(single["applications"]) + sum(sum(c.values()) for c in outcomes.values())
    book = await _settled(scaled, submitted)
    _nothing_twice(book)
    assert Counter(book["applications"].values()) == Counter(
        {state: n * (rounds + 1) for state, n in Counter(single["applications"].values()).items()}
    )
    for name in scaled.layout.processes()[2:]:
        assert await _applied(scaled, name) > before[name], f"{name} applied events too"
    await eventually(
        lambda: _no_difference(scaled), within=120, what="every event applied once everywhere"
    )
    assert await dead_letters(scaled) == {}


async def _no_difference(cluster: native.Cluster) -> bool:
    return await _inbox_against_outbox(cluster) == {}


@pytest.mark.timeout(900)
async def test_a_replica_of_each_service_sigkilled_mid_load_loses_nothing(
    scaled: native.Cluster,
) -> None:
    """The second replicas die mid-load and stay down: the group hands their partitions to
    the first replicas (after the session timeout), which get the uncommitted batches again;
    evidence requests the dead inquiry replica had leased are due again when the lease ends."""
    await _all_replicas_running(scaled)
    before = len((await ledger(scaled))["applications"])

    idle = {name: await _applied(scaled, name) for name in _second_replicas()}

    async def busy() -> bool:
        return all([await _applied(scaled, name) > idle[name] for name in _second_replicas()])

    async def kill_second_replicas() -> None:
        # Once each of them is applying this load's events (mid-batch, as likely as not).
        await eventually(busy, within=180, what="every second replica applying the load")
        for name in _second_replicas():
            pid = scaled.signal(name, signal.SIGKILL)
            assert pid is not None, f"{name} was not running"
            assert await asyncio.to_thread(scaled.wait_exit, name, pid, timeout=30)

    killing = asyncio.create_task(kill_second_replicas())
    outcomes = await _run(scaled, rounds=4)  # 48 applications
    await killing
    submitted = before + sum(sum(c.values()) for c in outcomes.values())
    assert submitted - before == 48

    book = await _settled(scaled, submitted)
    _nothing_twice(book)
    assert all(state in TERMINAL for state in book["applications"].values())
    await eventually(
        lambda: _no_difference(scaled), within=120, what="every event applied once everywhere"
    )
    assert await dead_letters(scaled) == {}
    for service, group in GROUPS.items():

        async def survivor_alone(group: str = group) -> bool:
            return len(await _assignments(scaled, group)) == 1

        await eventually(survivor_alone, within=60, what=f"{service}'s survivor holds the group")
