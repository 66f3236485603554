"""Must show 3 (issue 17): through the embedded window's gateway, a preview service's
application waits in awaiting_applicant, shows its applicant (signed in by one-time code) the
fetched fields, proceeds on confirm, goes to review on an objection, and proceeds when the
window ends; the status page shows the wait, and compliance counts the objection only as not
automated.

The seeded window is a day: the test moves one application's due time into the past in the
application service's SQLite file, and the preview sweep runs every 0.2 s."""

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import create_async_engine

from application_service.models import applications
from panjereh_embedded import workload
from panjereh_embedded.app import create_app
from tests.citizen_support import COMPLETE, citizen_login
from tests.support import LifespanManager, eventually

pytestmark = pytest.mark.asyncio
SERVICE = "job-seeker-registration"
DECIDED = {"approved", "rejected", "needs_review"}


@pytest_asyncio.fixture
async def window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[httpx.AsyncClient, Path]]:
    monkeypatch.setenv("PANJEREH_APPLICATION_PREVIEW_SWEEP_SECONDS", "0.2")
    monkeypatch.setenv("PANJEREH_COMPLIANCE_FRESHNESS_BOUND_SECONDS", "120")
    async with LifespanManager(create_app(tmp_path / "data")) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gateway", timeout=30
        ) as client:
            yield client, tmp_path / "data"


async def _client_headers(client: httpx.AsyncClient, client_id: str) -> dict[str, str]:
    clients = (await client.get("/v1/sandbox/clients")).json()["items"]
    return await workload._token(client, next(c for c in clients if c["client_id"] == client_id))


async def _submitted(client: httpx.AsyncClient, agency: dict[str, str]) -> dict[str, Any]:
    national_code, mobile = COMPLETE
    accepted = await client.post(
        "/v1/applications",
        json={
            "service_id": SERVICE,
            "applicant": {"national_code": national_code, "mobile": mobile},
        },
        headers=agency | {"Idempotency-Key": uuid.uuid4().hex},
    )
    assert accepted.status_code == 202, accepted.text
    body: dict[str, Any] = accepted.json()
    return body


async def _window_ended(data: Path, application_id: str) -> None:
    engine = create_async_engine(f"sqlite+aiosqlite:///{data / 'application'}.db")
    async with engine.begin() as connection:
        await connection.execute(
            applications.update()
            .where(applications.c.id == application_id)
            .values(preview_due_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    await engine.dispose()


async def test_a_preview_waits_shows_the_fields_and_proceeds_three_ways(
    window: tuple[httpx.AsyncClient, Path],
) -> None:
    client, data = window
    agency = await _client_headers(client, "labour-ministry-backend")
    person = {"Authorization": f"Bearer {await citizen_login(client)}"}
    apps = {way: await _submitted(client, agency) for way in ("confirm", "object", "window")}

    async def mine(way: str) -> dict[str, Any]:
        got = await client.get(f"/v1/citizen/applications/{apps[way]['id']}", headers=person)
        assert got.status_code == 200, got.text
        body: dict[str, Any] = got.json()
        return body

    async def all_waiting() -> bool:
        return all([(await mine(way))["state"] == "awaiting_applicant" for way in apps])

    await eventually(all_waiting, within=60, what="each application waits for its applicant")
    # The status page shows the wait, labelled, like any state.
    status = await client.get(
        f"/v1/status/{apps['confirm']['tracking_code']}", headers={"X-National-Code": COMPLETE[0]}
    )
    assert status.json()["state"] == "awaiting_applicant"
    assert status.json()["state_label"]["fa"] and status.json()["state_label"]["en"]

    # What the applicant sees: the fetched fields the rules may use, labelled, nothing more.
    shown = await mine("confirm")
    assert shown["awaiting_you"] is True and shown["preview"]["due_at_jalali"]
    fields = {e["evidence_type"]: {f["name"]: f for f in e["fields"]} for e in shown["evidence"]}
    assert set(fields) == {"national-id-card", "birth-certificate", "education-degree"}
    assert fields["national-id-card"]["national_code"]["value"] == COMPLETE[0]
    assert fields["national-id-card"]["first_name_fa"]["label"]["fa"] == "نام"
    assert "card_serial" not in fields["national-id-card"]
    assert "mother_name_fa" not in fields["birth-certificate"]
    assert fields["education-degree"]["level"]["value"]

    confirmed = await client.post(
        f"/v1/citizen/applications/{apps['confirm']['id']}/confirm", headers=person
    )
    assert confirmed.status_code == 200, confirmed.text
    objected = await client.post(
        f"/v1/citizen/applications/{apps['object']['id']}/object",
        json={"evidence_type": "education-degree", "reason": "مقطع تحصیلی من نادرست است."},
        headers=person,
    )
    assert objected.status_code == 200, objected.text
    assert objected.json()["state"] == "needs_review"
    await _window_ended(data, apps["window"]["id"])

    async def settled() -> bool:
        return all([(await mine(way))["state"] in DECIDED for way in apps])

    await eventually(settled, within=60, what="each way on past the preview")
    assert (await mine("confirm"))["decision"]["by"] == "rules"
    assert (await mine("confirm"))["state"] == "approved"
    lapsed = await mine("window")
    assert (lapsed["state"], lapsed["decision"]["by"]) == ("approved", "rules")
    assert lapsed["preview"]["answer"] == "lapsed"
    assert (await mine("object"))["state"] == "needs_review"

    # The officer sees the objection and decides; the applicant reads the outcome.
    path = f"/v1/applications/{apps['object']['id']}"
    officer_view = (await client.get(path, headers=agency)).json()
    assert officer_view["preview"]["objection"]["reason"] == "مقطع تحصیلی من نادرست است."
    reviewed = await client.post(
        f"{path}/review", json={"outcome": "approved", "reason": "مقطع بررسی شد."}, headers=agency
    )
    assert reviewed.status_code == 200, reviewed.text

    # Criterion 3: the confirmation and the window's end are automated, the objection is not.
    ops = await _client_headers(client, "ops-dashboard")

    async def counted() -> bool:
        page = (await client.get("/v1/compliance/services", headers=ops)).json()["items"]
        service = next((s for s in page if s["service_id"] == SERVICE), None)
        return bool(service) and service["automated_share"] == 0.6667  # type: ignore[index]

    await eventually(counted, within=60, what="two of three previews automated")
