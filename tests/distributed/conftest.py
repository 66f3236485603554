"""The native multi-process mode (`make up`) on the real PostgreSQL and Kafka: every service
its own process, fresh databases and topics per module, real HTTP between them."""

import asyncio
from collections.abc import Iterator

import pytest

from panjereh_embedded import native
from tests.infra import require_kafka, unavailable
from tests.native_support import databases, fresh_cluster

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[native.Cluster]:
    require_kafka()
    try:
        running, names = fresh_cluster(tmp_path_factory.mktemp("native"))
    except Exception as error:  # any failure to reach the server is "unavailable"
        unavailable("PostgreSQL", repr(error))
    try:
        running.up(timeout=180)
        yield running
    finally:
        running.down()
        asyncio.run(databases(names, drop=True))
