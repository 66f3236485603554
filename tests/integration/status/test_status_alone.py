"""Must show: with the application, inquiry and compliance services stopped, status answers."""

import asyncio
from collections.abc import Awaitable, Callable

import httpx
import pytest

from panjereh.settings import BusKind
from tests.integration.application.conftest import persona, platform, submission
from tests.integration.status.conftest import status_service
from tests.support import bearer, unique

pytestmark = pytest.mark.asyncio
PASSPORT = bearer("passport-police", "applications:write", "applications:read")


async def _until(
    client: httpx.AsyncClient, path: str, headers: dict[str, str], state: str
) -> httpx.Response:
    async with asyncio.timeout(60):
        while True:
            response = await client.get(path, headers=headers)
            if response.status_code == 200 and response.json()["state"] == state:
                return response
            await asyncio.sleep(0.2)


async def test_status_keeps_answering_when_the_other_services_are_down(
    postgres_databases: Callable[[], Awaitable[str]], kafka_bootstrap: str
) -> None:
    kafka = {
        "bus": BusKind.KAFKA,
        "kafka_bootstrap_servers": kafka_bootstrap,
        "kafka_topic_prefix": unique("alone") + ".",
    }
    who = {"X-National-Code": persona("complete").national_code}
    async with status_service(await postgres_databases(), None, **kafka) as status:
        async with platform(
            application_db=await postgres_databases(),
            inquiry_db=await postgres_databases(),
            **kafka,
        ) as window:
            accepted = await window.applications.post(
                "/v1/applications",
                json=submission("passport-issuance", "complete"),
                headers=PASSPORT | {"Idempotency-Key": unique("k")},
            )
            assert accepted.status_code == 202, accepted.text
            path = f"/v1/status/{accepted.json()['tracking_code']}"
            decided = await _until(status, path, who, "approved")
        # The application and inquiry services have stopped (compliance never ran).
        for _ in range(20):
            again = await status.get(path, headers=who)
            assert again.status_code == 200 and again.json() == decided.json()
        not_modified = await status.get(
            path, headers=who | {"If-None-Match": decided.headers["etag"]}
        )
        assert not_modified.status_code == 304
        log = await status.get(path + "/access-log", headers=who)
        assert {e["evidence_type"] for e in log.json()["items"]} == {
            "national-id-card",
            "birth-certificate",
            "military-service-card",
        }
