"""The growth bench's bulk loader: what it seeds, every service reads through its own API,
and the audit chain it computes verifies with the inquiry service's own verifier."""

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
import pytest_asyncio
import sqlalchemy.exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bench.seed import load, services
from inquiry_service import audit
from panjereh import identity, tracking
from panjereh.db.reader import Reader
from tests.infra import POSTGRES_URL, unavailable

APPLICATIONS = 200
pytestmark = [pytest.mark.postgres, pytest.mark.asyncio(loop_scope="module")]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def seeded() -> AsyncIterator[load.Seeded]:
    """One tiny seed for the module, in databases of its own (`growth_t_<random>_<service>`),
    dropped after."""
    prefix = f"growth_t_{uuid.uuid4().hex[:8]}_"
    try:
        result = await load.load(POSTGRES_URL, prefix=prefix, applications=APPLICATIONS, log=None)
    except (OSError, asyncpg.PostgresError, sqlalchemy.exc.OperationalError) as error:
        unavailable("PostgreSQL", repr(error))
    try:
        yield result
    finally:
        await load.drop_databases(POSTGRES_URL, result.urls)


async def _fetch(url: str, query: str) -> list[asyncpg.Record]:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        return list(await connection.fetch(query))
    finally:
        await connection.close()


async def test_every_table_holds_what_the_size_says(seeded: load.Seeded) -> None:
    assert seeded.counts == {
        "application.applications": APPLICATIONS,
        "status.status_views": APPLICATIONS,
        "status.access_history": 3 * APPLICATIONS,
        "inquiry.applications": APPLICATIONS,
        "inquiry.inquiries": 3 * APPLICATIONS,
        "inquiry.audit_log": 3 * APPLICATIONS,
        "compliance.application_facts": APPLICATIONS,
    }
    tallied = await _fetch(seeded.urls["compliance"], "SELECT sum(applications) FROM service_days")
    assert tallied[0][0] == APPLICATIONS


async def test_identifiers_are_valid_and_spread(seeded: load.Seeded) -> None:
    rows = await _fetch(
        seeded.urls["application"],
        "SELECT national_code, tracking_code, agency_id, service_id, state FROM applications",
    )
    assert all(identity.is_valid_national_code(r["national_code"]) for r in rows)
    assert all(tracking.normalize(r["tracking_code"]) == r["tracking_code"] for r in rows)
    assert len({r["agency_id"] for r in rows}) >= 10
    assert len({r["service_id"] for r in rows}) >= 20
    assert {"approved", "rejected"} <= {r["state"] for r in rows}


async def test_the_seeded_audit_chain_verifies(seeded: load.Seeded) -> None:
    engine = create_async_engine(seeded.urls["inquiry"])
    try:
        report = await audit.verify(Reader(engine))
    finally:
        await engine.dispose()
    assert report.intact, report
    assert report.entries == 3 * APPLICATIONS


async def test_every_service_reads_the_seeded_rows(seeded: load.Seeded) -> None:
    (one,) = await _fetch(
        seeded.urls["application"],
        "SELECT id, tracking_code, national_code, agency_id, state FROM applications "
        "ORDER BY submitted_at DESC LIMIT 1",
    )
    code, agency = one["national_code"], one["agency_id"]
    async with services.running(seeded.urls) as running:
        c = running.clients
        status = await c["status"].get(
            f"/v1/status/{one['tracking_code']}", headers={"X-National-Code": code}
        )
        assert status.status_code == 200, status.text
        assert status.json()["state"] == one["state"]
        access = await c["status"].get(
            f"/v1/status/{one['tracking_code']}/access-log", headers={"X-National-Code": code}
        )
        assert len(access.json()["items"]) == 3

        reader = services.bearer(agency, "applications:read")
        listing = await c["application"].get("/v1/applications", headers=reader)
        assert one["id"] in [item["id"] for item in listing.json()["items"]]
        single = await c["application"].get(f"/v1/applications/{one['id']}", headers=reader)
        assert single.status_code == 200, single.text

        log = await c["inquiry"].get(
            "/v1/inquiries/access-log",
            params={"national_code": code},
            headers=services.bearer(agency, "inquiries:read"),
        )
        assert log.status_code == 200, log.text
        assert len(log.json()["items"]) >= 3

        operator = services.bearer("operators", "compliance:read")
        history = await c["status"].get(
            "/v1/oversight/access-history", params={"national_code": code}, headers=operator
        )
        assert len(history.json()["items"]) >= 3
        verified = await c["inquiry"].get("/v1/inquiries/audit/verify", headers=operator)
        assert verified.json()["intact"] is True, verified.text

        agencies = await c["compliance"].get(
            "/v1/compliance/agencies", params={"limit": 100}, headers=operator
        )
        assert sum(a["applications"] for a in agencies.json()["items"]) == APPLICATIONS
        summary = await c["compliance"].get("/v1/compliance/summary", headers=operator)
        assert summary.json()["services_total"] == 50
