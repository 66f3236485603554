"""Issue 17, Must show 1, black box through the gateway of the embedded default: the
`complete` persona signs in, sees its applications at two agencies, and in its access history
both the application path's fetches and a direct inquiry by an agency where it had no open
application, that one alone flagged `no-open-application`; it disputes that fetch, the
legal-basis office's client finds the dispute with the fetch it is about and answers it, and
the person reads the answer."""

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from gateway.clients import DEMO_CLIENTS
from panjereh_embedded.app import create_app
from tests.citizen_support import COMPLETE, citizen_headers
from tests.support import LifespanManager, eventually

pytestmark = pytest.mark.asyncio
SECRETS = {client_id: secret for client_id, secret, _, _ in DEMO_CLIENTS}
Json = dict[str, Any]


@pytest_asyncio.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(tmp_path / "data")
    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=60) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gateway", timeout=30
        ) as client:
            yield client


async def _client(http: httpx.AsyncClient, client_id: str) -> dict[str, str]:
    response = await http.post(
        "/v1/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": SECRETS[client_id],
        },
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def _submit(http: httpx.AsyncClient, client_id: str, service_id: str) -> Json:
    response = await http.post(
        "/v1/applications",
        json={
            "service_id": service_id,
            "applicant": {"national_code": COMPLETE[0], "mobile": COMPLETE[1]},
        },
        headers=await _client(http, client_id) | {"Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 202, response.text
    return dict(response.json())


async def _get(http: httpx.AsyncClient, path: str, headers: dict[str, str], **params: str) -> Json:
    response = await http.get(path, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_the_complete_persona_sees_every_fetch_flags_the_direct_one_and_disputes_it(
    gateway: httpx.AsyncClient,
) -> None:
    passport = await _submit(gateway, "passport-police-backend", "passport-issuance")
    traffic = await _submit(gateway, "traffic-police-backend", "driving-licence-renewal")
    # A direct fetch by an agency where the person has no application at all.
    direct = await gateway.post(
        "/v1/inquiries",
        json={
            "evidence_type": "national-id-card",
            "national_code": COMPLETE[0],
            "purpose": {"service_id": "graduate-employment-verification"},
        },
        headers=await _client(gateway, "labour-ministry-backend"),
    )
    assert direct.status_code == 200, direct.text
    # Signed in as a person does: a one-time code to the mobile Shahkar confirms, read
    # from the sandbox SMS and exchanged at the gateway for a citizen token.
    me = await citizen_headers(gateway, national_code=COMPLETE[0], mobile=COMPLETE[1])

    async def both_listed() -> bool:
        mine = await _get(gateway, "/v1/citizen/applications", me)
        return {a["tracking_code"] for a in mine["items"]} >= {
            passport["tracking_code"],
            traffic["tracking_code"],
        }

    await eventually(both_listed, within=60, what="both applications in my list")
    mine = (await _get(gateway, "/v1/citizen/applications", me))["items"]
    assert {a["agency_id"] for a in mine} == {"passport-police", "traffic-police"}
    for application in mine:
        assert application["service"]["name_fa"] and application["state_label"]["fa"]
        assert application["updated_at_jalali"].startswith("14")
        assert application["status_url"] == f"/v1/status/{application['tracking_code']}"

    def of(log: Json, agency_id: str, path: str) -> list[Json]:
        return [e for e in log["items"] if e["agency_id"] == agency_id and e["path"] == path]

    async def every_fetch() -> bool:
        log = await _get(gateway, "/v1/citizen/access-log", me, limit="500")
        return bool(
            of(log, "passport-police", "application")
            and of(log, "traffic-police", "application")
            and of(log, "labour-ministry", "direct")
        )

    await eventually(every_fetch, within=60, what="both paths' fetches in my access log")
    log = await _get(gateway, "/v1/citizen/access-log", me, limit="500")
    by_path = of(log, "passport-police", "application") + of(log, "traffic-police", "application")
    assert {e["application_id"] for e in by_path} == {passport["id"], traffic["id"]}
    assert all("no-open-application" not in e["flags"] for e in by_path), by_path
    (flagged,) = of(log, "labour-ministry", "direct")
    assert flagged["flags"] == ["no-open-application"]
    assert flagged["service"]["id"] == "graduate-employment-verification"
    assert flagged["evidence_type"] == "national-id-card" and flagged["law_reference"]
    assert flagged["application_id"] is None and flagged["at_jalali"].startswith("14")

    reason = "من هیچ درخواستی در وزارت کار ندارم؛ چرا استعلام شده است؟"
    opened = await gateway.post(
        f"/v1/citizen/access-log/{flagged['id']}/dispute", json={"reason": reason}, headers=me
    )
    assert opened.status_code == 201, opened.text
    dispute = opened.json()
    assert dispute["state"] == "open" and dispute["entry_id"] == flagged["id"]

    office = await _client(gateway, "legal-basis-office")
    listed = await _get(gateway, "/v1/oversight/disputes", office, state="open")
    (item,) = [d for d in listed["items"] if d["id"] == dispute["id"]]
    assert item["reason"] == reason and item["national_code_masked"] == "******2741"
    assert item["entry"]["agency_id"] == "labour-ministry"
    assert item["entry"]["evidence_type"] == "national-id-card"
    assert item["entry"]["law_reference"] == flagged["law_reference"]
    assert COMPLETE[0] not in str(listed)
    operators = await _get(
        gateway, "/v1/oversight/disputes", await _client(gateway, "ops-dashboard")
    )
    assert dispute["id"] in {d["id"] for d in operators["items"]}

    note = "استعلام بدون پرونده باز بود؛ به وزارت کار تذکر داده شد."
    answered = await gateway.post(
        f"/v1/oversight/disputes/{dispute['id']}/decision",
        json={"decision": "upheld", "note": note},
        headers=office,
    )
    assert answered.status_code == 200, answered.text
    log = await _get(gateway, "/v1/citizen/access-log", me, limit="500")
    (seen,) = [e for e in log["items"] if e["id"] == flagged["id"]]
    assert seen["flags"] == ["no-open-application", "disputed"]
    assert (seen["dispute"]["state"], seen["dispute"]["note"]) == ("upheld", note)
