"""The native multi-process mode (`make up`) for a benchmark: every service its own process
on fresh PostgreSQL databases and Kafka topics, on free ports, rate limits out of the way and
logs quiet; stopped and its databases dropped when the block ends, however it ends."""

import asyncio
import contextlib
import random
import tempfile
from collections.abc import Collection, Iterator
from pathlib import Path

import httpx

from bench import report
from bench.load import children_on
from panjereh import identity
from panjereh_embedded import native
from tests import native_support, topics
from tests.infra import POSTGRES_URL
from tests.support import free_port

CLIENT_ID, CLIENT_SECRET = "passport-police-backend", "demo-passport-police-secret"
# The generator plays every applicant's phone from one address: the per-client limits that
# keep one real client from starving others would measure the generator, not the system.
UNLIMITED = {
    "PANJEREH_GATEWAY_LONG_LIVED_PER_CLIENT": "100000",
    "PANJEREH_STATUS_LONG_LIVED_PER_CLIENT": "100000",
    "PANJEREH_STATUS_LONG_LIVED_TOTAL": "100000",
    "PANJEREH_GATEWAY_LONG_LIVED_POOL_SIZE": "100000",
    "PANJEREH_GATEWAY_RATE_LIMIT_PER_CLIENT": "10000000/minute",
    "PANJEREH_GATEWAY_RATE_LIMIT_PER_IP": "10000000/minute",
    "PANJEREH_STATUS_MISSES_PER_CLIENT": "10000000/minute",
    "PANJEREH_STATUS_MISSES_PER_CLIENT_CODE": "10000000/hour",
    "PANJEREH_STATUS_MISSES_PER_CODE": "10000000/hour",
}
QUIET = {f"PANJEREH_{name.upper()}_LOG_LEVEL": "WARNING" for name in (*native.SERVICES, "gateway")}


@contextlib.contextmanager
def running(
    *, core: int | Collection[int] | None = None, edge: str = "", **env: str
) -> Iterator[native.Cluster]:
    """A started cluster; with `core`, every process of it pinned to that core (or cores);
    with `edge="haproxy"`, HAProxy in front of the gateway, as the distributed mode runs."""
    run_dir = Path(tempfile.mkdtemp(prefix="bench-native-"))
    cluster, databases = native_support.fresh_cluster(run_dir, **UNLIMITED, **QUIET, **env)
    if edge:
        ports = {port: free_port() for port in native.EDGE_PORTS}
        cluster = native.Cluster(native.with_edge(cluster.layout, ports))
    try:
        with children_on(core) if core is not None else contextlib.nullcontext():
            cluster.up(timeout=180)
        yield cluster
    finally:
        cluster.down()
        asyncio.run(native_support.databases(databases, drop=True))
        topics.delete_created_now(cluster.layout.kafka, {cluster.layout.topic_prefix})


async def token(url: str) -> dict[str, str]:
    """The passport police backend's bearer header (all agency scopes; 15 minutes)."""
    async with httpx.AsyncClient(base_url=url) as client:
        return await native_support.token(client, CLIENT_ID, CLIENT_SECRET)


def national_code(rng: random.Random) -> str:
    """A valid synthetic national code (right check digit), reproducible from `rng`."""
    first_nine = f"{rng.randrange(1, 10**9):09d}"
    return first_nine + str(identity.national_code_check_digit(first_nine))


def machine() -> dict[str, str]:
    return report.machine(
        PostgreSQL=report.postgres_version(POSTGRES_URL), Kafka=report.kafka_version()
    )
