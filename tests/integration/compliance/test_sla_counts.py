"""Must show 5 (compliance's part): breaches counted per service, with escalations and deemed
approvals, in JSON and CSV, per service, per agency and nationally (SQLite and PostgreSQL,
migration 0004)."""

import csv
import io
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio

from panjereh.bus.memory import InMemoryBus
from tests.integration.compliance.conftest import (
    History,
    catalogue_messages,
    compliance_service,
    messages,
)
from tests.integration.compliance.test_projection import settled
from tests.support import eventually

pytestmark = pytest.mark.asyncio
COUNTS = ("sla_breached", "sla_escalated", "sla_deemed_approved")


@pytest_asyncio.fixture
async def counted(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    history = History()
    history.application("passport-issuance")
    history.application("passport-issuance", sla="breached", outcome="rejected")
    history.application("passport-issuance", sla="escalated")
    history.application("passport-issuance", sla="deemed_approved")
    history.application("exit-permit-review", by="officer", sla="escalated")
    bus = InMemoryBus()
    await bus.start()
    async with compliance_service(database_url, bus) as client:
        await bus.publish_batch(catalogue_messages() + messages(history.envelopes))
        await eventually(lambda: settled(client, 5), within=30)
        yield client
    await bus.stop()


def _counts(item: dict[str, object]) -> tuple[object, ...]:
    return tuple(item[name] for name in COUNTS)


async def test_breaches_are_counted_per_service_agency_and_nation(
    counted: httpx.AsyncClient,
) -> None:
    services = {
        s["service_id"]: s for s in (await counted.get("/v1/compliance/services")).json()["items"]
    }
    assert _counts(services["passport-issuance"]) == (3, 1, 1)
    assert _counts(services["exit-permit-review"]) == (1, 1, 0)
    assert _counts(services["business-permit"]) == (0, 0, 0)
    # The deemed approval is no automated decision: 1 of the 4 passport applications.
    assert services["passport-issuance"]["criteria"]["automated"] == {"met": 3, "missed": 1}
    police = (await counted.get("/v1/compliance/agencies/passport-police")).json()
    assert _counts(police) == (4, 2, 1)
    summary = (await counted.get("/v1/compliance/summary")).json()
    assert _counts(summary) == (4, 2, 1)


async def test_the_csv_carries_the_counts(counted: httpx.AsyncClient) -> None:
    response = await counted.get("/v1/compliance/services?format=csv")
    assert response.status_code == 200
    rows = {r["service_id"]: r for r in csv.DictReader(io.StringIO(response.text.lstrip("\ufeff")))}
    assert _counts(rows["passport-issuance"]) == ("3", "1", "1")
    agencies = await counted.get("/v1/compliance/agencies?format=csv")
    rows = {r["agency_id"]: r for r in csv.DictReader(io.StringIO(agencies.text.lstrip("\ufeff")))}
    assert _counts(rows["passport-police"]) == ("4", "2", "1")


async def test_a_period_before_the_applications_counts_no_breach(
    counted: httpx.AsyncClient,
) -> None:
    summary = (await counted.get("/v1/compliance/summary?to=2026-11-01")).json()
    assert _counts(summary) == (0, 0, 0)
