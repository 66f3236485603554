"""Must show 5 (issue 15): with services whose SLA ends a few seconds after submission, each
sla_breach_action does what API.md says, seen through the embedded window's gateway on the
applicant's status, in the agency's signed webhooks and in the compliance figures.

The catalogue counts SLAs in hours, so the test's seed moves each application's due time to a
few seconds away in the application service's own database; the sweep runs every 0.2 s."""

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
from tests.integration.notification.receiver import Receiver
from tests.support import LifespanManager, eventually

pytestmark = pytest.mark.asyncio
ACTIONS = {"notify": "breached", "escalate": "escalated", "deem_approved": "deemed_approved"}


@pytest_asyncio.fixture
async def window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[httpx.AsyncClient, Path]]:
    monkeypatch.setenv("PANJEREH_APPLICATION_SLA_SWEEP_SECONDS", "0.2")
    monkeypatch.setenv("PANJEREH_COMPLIANCE_FRESHNESS_BOUND_SECONDS", "120")
    async with LifespanManager(create_app(tmp_path / "data")) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gateway", timeout=30
        ) as client:
            yield client, tmp_path / "data"


async def _headers(client: httpx.AsyncClient, wanted: str) -> dict[str, str]:
    clients = (await client.get("/v1/sandbox/clients")).json()["items"]
    return await workload._token(client, next(c for c in clients if c["client_id"] == wanted))


async def _due_in_seconds(data: Path, application_id: str, seconds: float) -> None:
    engine = create_async_engine(f"sqlite+aiosqlite:///{data / 'application'}.db")
    async with engine.begin() as connection:
        await connection.execute(
            applications.update()
            .where(applications.c.id == application_id)
            .values(sla_due_at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds))
        )
    await engine.dispose()


async def test_each_action_shows_on_status_webhooks_and_in_the_compliance_figures(
    window: tuple[httpx.AsyncClient, Path], receiver: Receiver
) -> None:
    client, data = window
    agency = await _headers(client, "passport-police-backend")
    hooked = await client.post(
        "/v1/webhooks", json={"url": receiver.url("/sla"), "events": ["*"]}, headers=agency
    )
    assert hooked.status_code == 201, hooked.text
    secret = hooked.json()["secret"]
    personas = (await client.get("/v1/sandbox/personas")).json()["items"]
    who = next(p for p in personas if "complete" in p["traits"])
    submitted: dict[str, dict[str, Any]] = {}
    for action in ACTIONS:
        service_id = f"sla-{action.replace('_', '-')}"
        created = await client.post(
            "/v1/catalog/services",
            json={
                "id": service_id, "name_fa": "خدمت آزمایشی مهلت", "name_en": "SLA test",
                "decision": "manual", "sla_hours": 1, "sla_breach_action": action,
            },
            headers=agency,
        )  # fmt: skip
        assert created.status_code == 201, created.text
        accepted = await client.post(
            "/v1/applications",
            json={
                "service_id": service_id,
                "applicant": {"national_code": who["national_code"], "mobile": who["mobile"]},
            },
            headers=agency | {"Idempotency-Key": uuid.uuid4().hex},
        )
        assert accepted.status_code == 202, accepted.text
        submitted[action] = accepted.json()
    applicant = {"X-National-Code": who["national_code"]}

    async def status(action: str) -> dict[str, Any]:
        path = f"/v1/status/{submitted[action]['tracking_code']}"
        body: dict[str, Any] = (await client.get(path, headers=applicant)).json()
        return body

    async def waiting() -> bool:
        return all([(await status(action)).get("state") == "needs_review" for action in ACTIONS])

    await eventually(waiting, within=60, what="each application waits for an officer")
    for action in ACTIONS:
        await _due_in_seconds(data, submitted[action]["id"], 2)

    async def acted() -> bool:
        outcomes = [((await status(a)).get("sla") or {}).get("outcome") for a in ACTIONS]
        return outcomes == list(ACTIONS.values())

    await eventually(acted, within=60, what="every breach's action on the status")
    assert (
        (await status("notify"))["state"] == (await status("escalate"))["state"] == "needs_review"
    )
    deemed = await status("deem_approved")
    assert deemed["state"] == "approved"
    assert "silence is consent" in deemed["sla"]["reason"]["en"]
    assert "سکوت" in deemed["sla"]["label"]["fa"]
    decision = (
        await client.get(f"/v1/applications/{submitted['deem_approved']['id']}", headers=agency)
    ).json()["decision"]
    assert (decision["outcome"], decision["by"]) == ("approved", "sla")

    def pushed() -> dict[str, set[tuple[str, str | None]]]:
        """(type, decided by) of the webhooks each application's id was pushed with."""
        seen: dict[str, set[tuple[str, str | None]]] = {}
        for request in receiver.at("/sla"):
            event = request.verified(secret)
            seen.setdefault(event["subject"], set()).add((event["type"], event["data"].get("by")))
        return seen

    wanted = {
        "notify": {("application.sla_breached", None)},
        "escalate": {("application.sla_breached", None), ("application.escalated", None)},
        "deem_approved": {("application.sla_breached", None), ("application.decided", "sla")},
    }

    def pushed_as_wanted() -> bool:
        seen = pushed()
        return all(wanted[a] <= seen.get(submitted[a]["id"], set()) for a in ACTIONS)

    await eventually(pushed_as_wanted, within=60, what="each action's signed webhooks")
    assert ("application.escalated", None) not in pushed()[submitted["notify"]["id"]]

    ops = await _headers(client, "ops-dashboard")

    async def counted() -> dict[str, tuple[int, int, int]]:
        page = (await client.get("/v1/compliance/services", headers=ops)).json()["items"]
        return {
            s["service_id"]: (s["sla_breached"], s["sla_escalated"], s["sla_deemed_approved"])
            for s in page
            if s["service_id"].startswith("sla-")
        }

    expected = {"sla-notify": (1, 0, 0), "sla-escalate": (1, 1, 0), "sla-deem-approved": (1, 0, 1)}

    async def counted_as_expected() -> bool:
        return await counted() == expected

    await eventually(counted_as_expected, within=60, what="compliance counts")
