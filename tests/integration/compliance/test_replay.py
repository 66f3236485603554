"""Must show 4: rebuilt from the start of the real Kafka topics, the aggregates are the same."""

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from compliance_service.settings import ComplianceSettings
from panjereh.runtime import make_bus
from panjereh.settings import BusKind
from tests.integration.compliance.conftest import (
    History,
    catalogue_messages,
    compliance_service,
    messages,
)
from tests.integration.compliance.test_projection import settled
from tests.support import eventually, unique

pytestmark = pytest.mark.asyncio


async def _rebuild(url: str, group: str, kafka: dict[str, Any]) -> dict[str, Any]:
    """A compliance service with an empty database and a fresh consumer group (from the start)."""
    async with compliance_service(url, None, service_name=group, **kafka) as client:
        await eventually(lambda: settled(client, 6), within=90)
        return {
            "agencies": (await client.get("/v1/compliance/agencies")).json(),
            "summary": (await client.get("/v1/compliance/summary")).json(),
            "csv": (await client.get("/v1/compliance/services?format=csv")).text,
        }


async def test_a_rebuild_from_the_topics_start_gives_the_same_aggregates(
    postgres_databases: Callable[[], Awaitable[str]], kafka_bootstrap: str
) -> None:
    kafka = {
        "bus": BusKind.KAFKA,
        "kafka_bootstrap_servers": kafka_bootstrap,
        "kafka_topic_prefix": unique("replay") + ".",
    }
    history = History()
    for n in range(4):
        history.application("passport-issuance", outcome="approved" if n else "rejected")
    history.application("exit-permit-review", by="officer")
    history.application("passport-issuance", unavailable="birth-certificate", by="officer")
    producer = make_bus(ComplianceSettings(service_name="replay-producer", **kafka))
    await producer.start()
    try:
        await producer.publish_batch(catalogue_messages() + messages(history.envelopes))
    finally:
        await producer.stop()

    first = await _rebuild(await postgres_databases(), "compliance-service", kafka)
    rebuilt = await _rebuild(await postgres_databases(), "compliance-rebuild", kafka)
    assert rebuilt == first
    passport = {s["service_id"]: s for a in first["agencies"]["items"] for s in a["services"]}[
        "passport-issuance"
    ]
    assert passport["applications"] == 5 and passport["criteria"]["automated"]["missed"] == 1
