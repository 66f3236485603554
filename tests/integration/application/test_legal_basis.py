"""The legal basis's rules in the application service (SQLite and PostgreSQL): publishing makes
every entry pending, a change keeps what stays and makes what is added pending, and each
decision is stored, appended to the history and announced in the same transaction."""

import asyncio
import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from application_service.catalog import repository as catalog_repository
from panjereh import events
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from tests.integration.application.conftest import Platform, platform, submission
from tests.support import ISSUER, bearer

pytestmark = pytest.mark.asyncio

AGENCY = bearer("passport-police", "applications:write", "applications:read", "catalog:write")
OFFICE = {
    "Authorization": "Bearer "
    + ISSUER.issue(client_id="legal-basis-office", agency_id=None, scopes=["catalog:approve"])
}
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
SERVICE = {
    "name_fa": "خدمت آزمایشی",
    "name_en": "A test service",
    "required_evidence": ["national-id-card", "birth-certificate"],
    "decision": "manual",
    "sla_hours": 24,
}


async def _outbox(window: Platform, kind: type[events.Event]) -> list[Any]:
    engine = window.application_app.state.runtime.engine
    async with engine.connect() as connection:
        rows = await connection.execute(
            sa.text("SELECT payload FROM outbox WHERE type = :type ORDER BY id"),
            {"type": kind.type},
        )
        return [events.unwrap(events.CloudEvent.from_json(row.payload)) for row in rows]


async def _count(window: Platform, table: str) -> int:
    engine = window.application_app.state.runtime.engine
    async with engine.connect() as connection:
        return int((await connection.execute(sa.text(f"SELECT count(*) FROM {table}"))).scalar())


def _statuses(service: dict[str, Any]) -> list[tuple[str, str]]:
    return [(b["evidence_type"], b["status"]) for b in service["legal_basis"]]


async def test_pending_on_publish_kept_on_unchanged_types_pending_on_added_ones(
    window: Platform,
) -> None:
    service_id = f"svc-{uuid.uuid4().hex[:8]}"
    published = await window.applications.post(
        "/v1/catalog/services", json=SERVICE | {"id": service_id}, headers=AGENCY
    )
    assert published.status_code == 201, published.text
    assert _statuses(published.json()) == [
        ("national-id-card", "pending"),
        ("birth-certificate", "pending"),
    ]
    (registered,) = [
        e for e in await _outbox(window, events.ServiceRegistered) if e.key == service_id
    ]
    assert [(b.evidence_type, b.status) for b in registered.legal_basis] == _statuses(
        published.json()
    )

    decided = await window.applications.post(
        f"/v1/legal-basis/requests/{service_id}/national-id-card",
        json={"decision": "approved", "law_reference": "  Civil Registration Act, art. 1  "},
        headers=OFFICE,
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["law_reference"] == "Civil Registration Act, art. 1"  # trimmed
    (announced,) = await _outbox(window, events.LegalBasisDecided)
    assert (announced.service_id, announced.evidence_type, announced.decision) == (
        service_id,
        "national-id-card",
        "approved",
    )
    assert announced.agency_id == "passport-police"
    assert announced.decided_by == "legal-basis-office"
    assert await _count(window, "legal_basis_decisions WHERE decided_by <> 'demo-seed'") == 1

    # The agency drops the birth certificate and adds the degree.
    changed = await window.applications.put(
        f"/v1/catalog/services/{service_id}",
        json=SERVICE | {"required_evidence": ["national-id-card", "education-degree"]},
        headers=AGENCY,
    )
    assert changed.status_code == 200, changed.text
    assert _statuses(changed.json()) == [
        ("national-id-card", "approved"),
        ("education-degree", "pending"),
    ]
    kept = changed.json()["legal_basis"][0]
    assert kept["law_reference"] == "Civil Registration Act, art. 1" and kept["decided_at"]
    (updated,) = await _outbox(window, events.ServiceUpdated)
    assert [(b.evidence_type, b.status) for b in updated.legal_basis] == _statuses(changed.json())
    dropped = await window.applications.get(
        f"/v1/legal-basis/requests/{service_id}/birth-certificate", headers=OFFICE
    )
    assert dropped.status_code == 404

    # The same types again keep every decision (an unchanged PUT grants and revokes nothing).
    again = await window.applications.put(
        f"/v1/catalog/services/{service_id}",
        json=SERVICE | {"required_evidence": ["national-id-card", "education-degree"]},
        headers=AGENCY,
    )
    assert again.json()["legal_basis"] == changed.json()["legal_basis"]


async def test_an_application_to_a_service_not_approved_stores_and_announces_nothing(
    window: Platform,
) -> None:
    service_id = f"svc-{uuid.uuid4().hex[:8]}"
    published = await window.applications.post(
        "/v1/catalog/services", json=SERVICE | {"id": service_id}, headers=AGENCY
    )
    assert published.status_code == 201
    await window.applications.post(
        f"/v1/legal-basis/requests/{service_id}/national-id-card",
        json={"decision": "approved", "law_reference": "Act 1"},
        headers=OFFICE,
    )
    before = await _count(window, "outbox")
    refused = await window.applications.post(
        "/v1/applications",
        json=submission(service_id, "complete"),
        headers=AGENCY | {"Idempotency-Key": uuid.uuid4().hex},
    )
    assert refused.status_code == 409 and refused.json()["type"].endswith("service-not-approved")
    assert await _count(window, "applications") == 0
    assert await _count(window, "idempotency_keys") == 0
    assert await _count(window, "outbox") == before


async def test_a_token_naming_an_agency_cannot_decide_even_with_the_office_scope(
    window: Platform,
) -> None:
    # The gateway never issues such a token; a service does not rely on that alone.
    forged = bearer("passport-police", "catalog:approve")
    answer = await window.applications.get("/v1/legal-basis/requests", headers=forged)
    assert answer.status_code == 403
    decided = await window.applications.post(
        "/v1/legal-basis/requests/passport-issuance/national-id-card",
        json={"decision": "refused", "law_reference": "Act 1"},
        headers=forged,
    )
    assert decided.status_code == 403
    assert await _count(window, "legal_basis_decisions WHERE decided_by <> 'demo-seed'") == 0


async def test_services_published_before_the_office_existed_start_pending(
    database_url: str,
) -> None:
    """Migration 0003: an existing service granted itself its basis; none was ever decided."""
    engine = db_engine.create_engine(database_url)
    try:
        await migrations.upgrade(engine, "application_service.migrations", revision="0002")
        async with engine.begin() as connection:
            await connection.execute(
                sa.text("INSERT INTO agencies (id, name_fa, name_en) VALUES ('a', 'الف', 'A')")
            )
            await connection.execute(
                sa.text(
                    "INSERT INTO services (id, agency_id, name_fa, name_en, required_evidence, "
                    "paper_documents, decision, rules, on_window, sla_hours, updated_at) VALUES "
                    "('old', 'a', 'قدیمی', 'Old', :needs, '[]', 'manual', '[]', :yes, 24, :now)"
                ),
                {"needs": '["national-id-card", "birth-certificate"]', "yes": True, "now": NOW},
            )
        await migrations.upgrade(engine, "application_service.migrations")
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    sa.text(
                        "SELECT evidence_type, status, decided_at FROM legal_bases "
                        "WHERE service_id = 'old' ORDER BY evidence_type"
                    )
                )
            ).all()
        assert [tuple(r) for r in rows] == [
            ("birth-certificate", "pending", None),
            ("national-id-card", "pending", None),
        ]
    finally:
        await engine.dispose()


async def test_a_demo_database_older_than_the_office_gets_the_seeds_approval_once(
    tmp_path: Path,
) -> None:
    """The embedded default's .data from before the office: its seeds come approved on the
    next start (announced, so the inquiry service learns it), but a seed the office has
    decided on is never overridden by a restart."""
    url = f"sqlite+aiosqlite:///{tmp_path}/app.db"
    async with platform(application_db=url, inquiry_db=f"sqlite+aiosqlite:///{tmp_path}/i.db"):
        pass
    engine = db_engine.create_engine(url)
    try:
        async with engine.begin() as connection:  # what migration 0003 leaves on such a database
            await connection.execute(sa.text("DELETE FROM legal_basis_decisions"))
            await connection.execute(
                sa.text(
                    "UPDATE legal_bases SET status = 'pending', law_reference = NULL, "
                    "note = NULL, decided_by = NULL, decided_at = NULL"
                )
            )
            await connection.execute(
                sa.text(
                    "INSERT INTO legal_basis_decisions (service_id, evidence_type, decision, "
                    "law_reference, decided_by, decided_at) VALUES ('exit-permit-review', "
                    "'national-id-card', 'refused', 'No basis', 'legal-basis-office', :now)"
                ),
                {"now": NOW},
            )
            await connection.execute(sa.text("DELETE FROM outbox"))
    finally:
        await engine.dispose()
    async with platform(
        application_db=url, inquiry_db=f"sqlite+aiosqlite:///{tmp_path}/i.db"
    ) as window:
        services = (await window.applications.get("/v1/catalog/services")).json()["items"]
        statuses = {s["id"]: {b["status"] for b in s["legal_basis"]} for s in services}
        announced = await _outbox(window, events.LegalBasisDecided)
    assert statuses["passport-issuance"] == {"approved"}
    assert statuses["exit-permit-review"] == {"pending"}  # the office's word stands
    assert {e.service_id for e in announced} == {
        s["id"] for s in services if s["required_evidence"] and s["id"] != "exit-permit-review"
    }
    assert {e.decided_by for e in announced} == {"demo-seed"}


async def test_a_change_racing_a_refusal_never_writes_the_approval_back(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The agency's PUT reads the approved basis, the office refuses it, then the PUT writes:
    the refusal must stand (PostgreSQL runs the two at once; SQLite has one writer)."""
    async with platform(
        application_db=postgres_url, inquiry_db=f"sqlite+aiosqlite:///{tmp_path}/i.db"
    ) as window:
        service_id = f"svc-{uuid.uuid4().hex[:8]}"
        body = SERVICE | {"required_evidence": ["national-id-card"]}
        published = await window.applications.post(
            "/v1/catalog/services", json=body | {"id": service_id}, headers=AGENCY
        )
        assert published.status_code == 201
        path = f"/v1/legal-basis/requests/{service_id}/national-id-card"
        approve = {"decision": "approved", "law_reference": "Act 1"}
        assert (await window.applications.post(path, json=approve, headers=OFFICE)).is_success

        read, resume = asyncio.Event(), asyncio.Event()
        real = catalog_repository.bases_of

        async def read_then_wait(session: Any, service: str) -> Any:
            found = await real(session, service)
            read.set()
            await resume.wait()
            return found

        monkeypatch.setattr(catalog_repository, "bases_of", read_then_wait)
        change = asyncio.create_task(
            window.applications.put(f"/v1/catalog/services/{service_id}", json=body, headers=AGENCY)
        )
        await asyncio.wait_for(read.wait(), 30)
        monkeypatch.setattr(catalog_repository, "bases_of", real)
        refuse = {"decision": "refused", "law_reference": "No basis after all"}
        refusal = asyncio.create_task(window.applications.post(path, json=refuse, headers=OFFICE))
        await asyncio.sleep(0.5)  # without the lock, the refusal commits here
        resume.set()
        assert (await change).status_code == 200
        assert (await refusal).status_code == 200
        shown = (await window.applications.get(f"/v1/catalog/services/{service_id}")).json()
        assert _statuses(shown) == [("national-id-card", "refused")]
