"""Must show 2 (compliance): the demo workload through the embedded window, then the report.

The legacy paper service is not smart, the automatic services are, the manual one misses
criterion 3, and the window and smart shares equal a hand count of the seeded catalogue.
"""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from panjereh_embedded import workload
from panjereh_embedded.app import create_app
from tests.support import LifespanManager, eventually

pytestmark = pytest.mark.asyncio
AUTOMATIC = (
    "passport-issuance",
    "driving-licence-renewal",
    "driving-licence-duplicate",
    "graduate-employment-verification",
)


@pytest_asyncio.fixture
async def window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    # Criterion 4 is judged against a time bound, and this one process carries every service
    # on a machine CI may load: the bound is widened so that the test is about the criteria,
    # not the machine (a slow status update is counted in tests/integration/compliance).
    monkeypatch.setenv("PANJEREH_COMPLIANCE_FRESHNESS_BOUND_SECONDS", "120")
    async with LifespanManager(create_app(tmp_path / "data")) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gateway", timeout=30
        ) as client:
            yield client


async def _ops(client: httpx.AsyncClient) -> dict[str, str]:
    clients = (await client.get("/v1/sandbox/clients")).json()["items"]
    ops = next(c for c in clients if "compliance:read" in c["scopes"])
    return await workload._token(client, ops)


async def test_the_demo_workload_is_measured_as_a_hand_count_says(
    window: httpx.AsyncClient,
) -> None:
    outcomes = await workload.run(window, rounds=2)
    assert sum(sum(counts.values()) for counts in outcomes.values()) == 60  # 5 personas × 6 × 2
    assert set(outcomes["exit-permit-review"]) == {"officer:approved"}
    assert set(outcomes["business-permit"]) == {"officer:approved"}
    ops = await _ops(window)

    async def services() -> dict[str, Any]:
        page = (await window.get("/v1/compliance/services", headers=ops)).json()
        return {s["service_id"]: s for s in page["items"]}

    async def measured() -> bool:
        found = await services()
        return all(
            s["applications"] == 10 and s["applications"] == sum(c.values())
            for s in found.values()
            if s["service_id"] in outcomes  # the preview service has no traffic
            for c in s["criteria"].values()
        )

    await eventually(measured, within=60, what="every application judged on all four")
    found = await services()
    for service_id in AUTOMATIC:
        assert (found[service_id]["smart"], found[service_id]["smart_basis"]) == (
            True,
            "traffic",
        ), found[service_id]["criteria"]
        assert found[service_id]["status_available_share"] == 1.0
    paper, manual = found["business-permit"], found["exit-permit-review"]
    assert (paper["smart"], paper["no_paper_share"]) == (False, 0.0)
    assert (manual["smart"], manual["automated_share"]) == (False, 0.0)
    assert (manual["no_paper_share"], manual["online_inquiry_share"]) == (1.0, 1.0)

    summary = (await window.get("/v1/compliance/summary", headers=ops)).json()
    # Hand count of the seeded catalogue: 7 services, 5 on the window, 5 smart (the preview
    # service, job-seeker-registration, smart by design: the workload leaves it no traffic).
    assert (summary["services_total"], summary["services_on_window"]) == (7, 5)
    assert (summary["window_share"], summary["services_smart"], summary["smart_share"]) == (
        0.7143,
        5,
        0.7143,
    )
    assert summary["applications"] == 60
    agencies = (await window.get("/v1/compliance/agencies", headers=ops)).json()["items"]
    shares = {a["agency_id"]: (a["window_share"], a["smart_share"]) for a in agencies}
    assert shares == {
        "industry-ministry": (0.0, 0.0),
        "labour-ministry": (1.0, 1.0),
        "passport-police": (1.0, 0.5),
        "traffic-police": (0.5, 1.0),
    }
    assert {a["agency_id"] for a in agencies if a["online_inquiry"]} == {
        "labour-ministry",
        "passport-police",
        "traffic-police",
    }
    targets = {t["name"]: t for t in summary["targets"]}
    assert targets["services-on-window-per-agency"]["lagging"] == ["industry-ministry"]
    assert targets["online-inquiry-infrastructure"]["lagging"] == ["industry-ministry"]
