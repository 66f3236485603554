"""The native multi-process mode on fresh databases and topics, and the ledger read from
each service's own database: shared by tests/distributed and the fault campaign."""

import asyncio
import contextlib
import json
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from panjereh_embedded import native
from tests import databases as databases_
from tests import topics
from tests.infra import KAFKA, POSTGRES_URL, require_kafka, unavailable
from tests.support import eventually, free_port


async def databases(names: list[str], *, drop: bool = False, admin_url: str = POSTGRES_URL) -> None:
    """Create (or drop) these databases on the server `admin_url` reaches."""
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        for name in names:
            if drop:
                await databases_.drop(admin, name)
            else:
                async with admin.connect() as connection:
                    await connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        await admin.dispose()


def fresh_cluster(
    run_dir: Path, *, kafka: str = KAFKA, postgres: str = POSTGRES_URL, **extra_env: str
) -> tuple[native.Cluster, list[str]]:
    """A cluster on brand-new databases, topics and ports (not started); its database names.

    `kafka` and `postgres` (a URL the databases are created through) default to the shared
    test infrastructure; the fault campaign passes private ones it may kill."""
    names = {service: f"t_native_{service}_{uuid.uuid4().hex[:8]}" for service in native.SERVICES}
    asyncio.run(databases(list(names.values()), admin_url=postgres))
    base = make_url(postgres)
    prefix = f"native-{uuid.uuid4().hex[:8]}."
    topics.remember(prefix)
    layout = native.Layout(
        run_dir=run_dir,
        databases={
            s: base.set(database=n).render_as_string(hide_password=False) for s, n in names.items()
        },
        kafka=kafka,
        topic_prefix=prefix,
        ports={name: free_port() for name in ("gateway", "simulator", *native.SERVICES)},
        extra_env={"PANJEREH_GATEWAY_RATE_LIMIT_PER_CLIENT": "100000/minute", **extra_env},
    )
    return native.Cluster(layout), list(names.values())


@contextlib.contextmanager
def edge_cluster(
    run_dir: Path, *, timeout: float = 300, **extra_env: str
) -> Iterator[native.Cluster]:
    """A started native cluster with HAProxy in front (`--edge haproxy`), on fresh databases
    and topics; stopped and its databases dropped afterwards. Skipped (failed in CI) without
    HAProxy, Kafka or PostgreSQL. Its start is bounded by `timeout`: a loaded machine took
    over 180 s to migrate and start seven processes."""
    from tests.edge.support import haproxy_binary  # only the edge's tests need HAProxy

    haproxy_binary()
    require_kafka()
    try:
        plain, names = fresh_cluster(run_dir, **extra_env)
    except Exception as error:  # any failure to reach the server is "unavailable"
        unavailable("PostgreSQL", repr(error))
    ports = {port: free_port() for port in native.EDGE_PORTS}
    cluster = native.Cluster(native.with_edge(plain.layout, ports))
    try:
        cluster.up(timeout=timeout)
        yield cluster
    finally:
        cluster.down()
        asyncio.run(databases(names, drop=True))


def log_of(cluster: native.Cluster, name: str) -> str:
    return (cluster.logs / f"{name}.log").read_text(errors="replace")


async def token(client: httpx.AsyncClient, client_id: str, secret: str) -> dict[str, str]:
    response = await client.post(
        "/v1/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def rows(url: str, query: str) -> list[Any]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return list((await connection.execute(sa.text(query))).all())
    finally:
        await engine.dispose()


async def ledger(cluster: native.Cluster) -> dict[str, Any]:
    """What each service's own database says, for the nothing-lost, nothing-twice checks."""
    db = cluster.layout.databases
    applications = await rows(
        db["application"], "SELECT id, state, timeline, agency_id FROM applications"
    )
    requests = await rows(
        db["inquiry"], "SELECT application_id, evidence_type FROM evidence_requests"
    )
    views = await rows(db["status"], "SELECT application_id, state, timeline FROM status_views")
    facts = await rows(db["compliance"], "SELECT application_id, counted FROM application_facts")
    days = await rows(db["compliance"], "SELECT SUM(applications) FROM service_days")
    return {
        "applications": {r.id: r.state for r in applications},
        "agencies": {r.id: r.agency_id for r in applications},
        "application_steps_repeated": [
            r.id for r in applications if _repeats([s["state"] for s in _json(r.timeline)])
        ],
        "evidence_requests_repeated": len(requests) - len({tuple(r) for r in requests}),
        "views": {r.application_id: r.state for r in views},
        "view_steps_repeated": [
            r.application_id for r in views if _repeats([s["event_id"] for s in _json(r.timeline)])
        ],
        "compliance_facts": {r.application_id for r in facts if r.counted},
        "compliance_counted": int(days[0][0] or 0),
    }


async def settled(
    cluster: native.Cluster, submitted: int, *, terminal: set[str], within: float
) -> dict[str, Any]:
    """Wait until every application is decided in every service; the ledger then."""
    last: dict[str, Any] = {}

    async def everywhere() -> bool:
        nonlocal last
        last = await ledger(cluster)
        decided = [s for s in last["applications"].values() if s in terminal]
        shown = [s for s in last["views"].values() if s in terminal]
        return (
            len(decided) == len(shown) == len(last["compliance_facts"]) == submitted
            and last["compliance_counted"] == submitted
        )

    await eventually(everywhere, within=within, what="every application decided in every service")
    return last


async def dead_letters(cluster: native.Cluster) -> dict[str, int]:
    """How many messages each of the cluster's dead-letter topics holds (the non-empty ones).

    With valid input only, any is a healthy message given up on: an outage is not poison."""
    prefix, bootstrap = cluster.layout.topic_prefix, cluster.layout.kafka
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:  # a consumer knows the partitions of the topics it reads only: ask the admin
        topics = await admin.list_topics()
        names = [t for t in topics if t.startswith(prefix) and t.endswith(".dlq")]
        described = await admin.describe_topics(names) if names else []
    finally:
        await admin.close()
    partitions = [
        TopicPartition(d["topic"], p["partition"]) for d in described for p in d["partitions"]
    ]
    if not partitions:  # (aiokafka 0.14: a consumer stopped before it awaited once raises)
        return {}
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        ends = await consumer.end_offsets(partitions)
    finally:
        await consumer.stop()
    held: Counter[str] = Counter()
    for partition, end in ends.items():
        held[partition.topic.removeprefix(prefix)] += end
    return {topic: count for topic, count in held.items() if count}


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _repeats(items: list[Any]) -> bool:
    return len(items) != len(set(items))
