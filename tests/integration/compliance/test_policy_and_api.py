"""Must show 3: editing the policy file changes the report, with no code change or restart.

Also the API's edges: CSV, pagination, periods in Jalali or ISO, scopes, bad input.
"""

import csv
import io
from pathlib import Path

import httpx
import pytest

from panjereh.bus.memory import InMemoryBus
from tests.integration.compliance.conftest import (
    History,
    catalogue_messages,
    compliance_service,
    messages,
)
from tests.integration.compliance.test_projection import settled
from tests.support import bearer, eventually

pytestmark = pytest.mark.asyncio

POLICY = """\
minimum_applications: 3
targets:
  - name: smart-national
    title_fa: سهم خدمات هوشمند کشور
    title_en: National smart share
    metric: smart_share
    scope: national
    threshold: {threshold}
    deadline: {deadline}
"""


async def _loaded(client: httpx.AsyncClient, bus: InMemoryBus) -> None:
    history = History()
    for _ in range(3):
        history.application("passport-issuance")
    history.application("exit-permit-review", by="officer")
    await bus.publish_batch(catalogue_messages() + messages(history.envelopes))
    await eventually(lambda: settled(client, 4), within=30)


async def _target(client: httpx.AsyncClient) -> dict[str, object]:
    response = await client.get("/v1/compliance/summary")
    assert response.status_code == 200, response.text
    [target] = response.json()["targets"]
    return dict(target)


async def test_editing_the_policy_file_changes_on_track(sqlite_url: str, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY.format(threshold=0.30, deadline="1405/12/29"), encoding="utf-8")
    bus = InMemoryBus()
    await bus.start()
    try:
        async with compliance_service(sqlite_url, bus, policy_file=policy) as client:
            await _loaded(client, bus)
            before = await _target(client)  # 1 smart of 3 services = 0.3333
            assert (before["actual"], before["on_track"], before["state"]) == (0.3333, True, "met")

            policy.write_text(POLICY.format(threshold=0.5, deadline="1405/12/29"), encoding="utf-8")
            raised = await _target(client)
            assert (raised["target"], raised["on_track"], raised["state"]) == (0.5, False, "behind")

            policy.write_text(POLICY.format(threshold=0.5, deadline="۱۴۰۴/۱۲/۲۹"), encoding="utf-8")
            past = await _target(client)
            assert (past["deadline_jalali"], past["state"]) == ("1404/12/29", "missed")
            assert int(str(past["days_left"])) < 0

            policy.write_text("targets: [", encoding="utf-8")  # a broken edit: refused, not a 500
            broken = await client.get("/v1/compliance/summary")
            assert broken.status_code == 503
            assert broken.headers["content-type"] == "application/problem+json"
    finally:
        await bus.stop()


async def test_the_figures_are_prometheus_gauges_for_the_ops_team(sqlite_url: str) -> None:
    bus = InMemoryBus()
    await bus.start()
    try:
        async with compliance_service(sqlite_url, bus, gauges_refresh_seconds=0.1) as client:
            await _loaded(client, bus)
            expected = [
                'panjereh_compliance_share{agency="industry-ministry",metric="window_share"} 0.0',
                'panjereh_compliance_services{agency="passport-police",kind="smart"} 1.0',
                "panjereh_compliance_criterion_share"
                '{agency="passport-police",criterion="automated"} 0.75',
                'panjereh_compliance_online_inquiry{agency="passport-police"} 1.0',
                'panjereh_compliance_target_on_track{target="online-inquiry-infrastructure"} 0.0',
            ]

            async def exposed() -> bool:
                text = (await client.get("/metrics")).text
                return all(line in text for line in expected)

            await eventually(exposed, within=10)
    finally:
        await bus.stop()


async def test_csv_pages_periods_scopes_and_bad_input(sqlite_url: str) -> None:
    bus = InMemoryBus()
    await bus.start()
    try:
        async with compliance_service(sqlite_url, bus) as client:
            await _loaded(client, bus)
            exported = await client.get("/v1/compliance/services", headers={"Accept": "text/csv"})
            assert exported.headers["content-type"].startswith("text/csv")
            rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
            assert {r["service_id"]: (r["smart"], r["smart_basis"]) for r in rows} == {
                "business-permit": ("False", "design"),
                "exit-permit-review": ("False", "design"),
                # 3 applications, under the shipped minimum of 10, none missing a criterion
                "passport-issuance": ("True", "design"),
            }
            agencies_csv = await client.get("/v1/compliance/agencies?format=csv")
            header = agencies_csv.content.decode("utf-8-sig").splitlines()[0]
            assert header.startswith("agency_id,name_fa,name_en,services_total")

            first = (await client.get("/v1/compliance/services?limit=2")).json()
            rest = (
                await client.get(f"/v1/compliance/services?limit=2&cursor={first['next_cursor']}")
            ).json()
            ids = [s["service_id"] for s in first["items"] + rest["items"]]
            assert ids == sorted(ids) and len(ids) == 3 and rest["next_cursor"] is None

            # Submissions were on 2026-11-29 (1405/09/08 in Tehran); periods in either calendar.
            for period in ("from=1405/09/08&to=1405/09/08", "from=2026-11-29", "to=۱۴۰۵/۰۹/۰۸"):
                summary = (await client.get(f"/v1/compliance/summary?{period}")).json()
                assert summary["applications"] == 4, period
            empty = (await client.get("/v1/compliance/summary?from=1405/09/09")).json()
            assert empty["applications"] == 0 and empty["period"]["from_jalali"] == "1405/09/09"

            for bad in ("from=yesterday", "from=1405/13/40", "from=1405/10/01&to=1405/09/01"):
                refused = await client.get(f"/v1/compliance/summary?{bad}")
                assert refused.status_code == 422, bad
                assert refused.headers["content-type"] == "application/problem+json"
            assert (await client.get("/v1/compliance/agencies/nobody")).status_code == 404
            assert (await client.get("/v1/compliance/services?cursor=%%%")).status_code == 422

            anonymous = await client.get("/v1/compliance/summary", headers={"Authorization": ""})
            assert anonymous.status_code == 401
            agency = bearer("passport-police", "applications:read")
            assert (await client.get("/v1/compliance/summary", headers=agency)).status_code == 403
    finally:
        await bus.stop()
