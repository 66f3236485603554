"""Must show: through a real Kafka broker, each service on its own PostgreSQL database, the
application and inquiry services decide passports with no human in the loop."""

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from panjereh.settings import BusKind
from tests.integration.application.conftest import Platform, platform, submission
from tests.support import bearer, unique

pytestmark = pytest.mark.asyncio
PASSPORT = bearer("passport-police", "applications:write", "applications:read")


async def test_passports_over_kafka(
    postgres_databases: Callable[[], Awaitable[str]], kafka_bootstrap: str
) -> None:
    kafka: dict[str, Any] = {
        "bus": BusKind.KAFKA,
        "kafka_bootstrap_servers": kafka_bootstrap,
        "kafka_topic_prefix": unique("saga") + ".",
    }
    async with platform(
        application_db=await postgres_databases(), inquiry_db=await postgres_databases(), **kafka
    ) as window:
        await decide_three_passports(window)


async def decide_three_passports(window: Platform) -> None:
    """Approved, rejected (with its reason) and failed, each with no human in the loop (also
    run on the SASL_SSL broker with per-service credentials: tests/integration/test_kafka_auth)."""
    submitted = {}
    for trait in ("complete", "no-military-card", "registry-timeout"):
        response = await window.applications.post(
            "/v1/applications",
            json=submission("passport-issuance", trait),
            headers=PASSPORT | {"Idempotency-Key": unique("k")},
        )
        assert response.status_code == 202, response.text
        submitted[trait] = response.json()["id"]

    approved = await window.decided(submitted["complete"], PASSPORT, within=60)
    assert (approved["state"], approved["decision"]["by"]) == ("approved", "rules")

    rejected = await window.decided(submitted["no-military-card"], PASSPORT, within=60)
    assert rejected["state"] == "rejected"
    [reason] = rejected["decision"]["reasons"]
    assert reason["code"] == "military-status-clear"
    assert "نظام وظیفه" in reason["fa"] and "military service" in reason["en"]

    failed = await window.decided(submitted["registry-timeout"], PASSPORT, within=60)
    assert failed["state"] == "failed" and failed["decision"] is None
    last = failed["events"][-1]
    assert last["label"] == {
        "fa": "ناموفق: مدارک در دسترس نبود",
        "en": "Failed: evidence could not be obtained",
    }
    assert "national-id-card" in last["reason"]["en"] and last["reason"]["fa"]
    assert "registry_unavailable" in failed["evidence"]["national-id-card"]["detail"]
