"""The demo workload with its webhook receiver, through the embedded window: each demo agency
subscribed to `*` on 127.0.0.1 receives every event of its own applications, signed, in order;
the applicant gets an SMS receipt for each (Shahkar asked through the gateway, in-process)."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from panjereh import digits
from panjereh_embedded import workload
from panjereh_embedded.app import create_app
from panjereh_embedded.receiver import Receiver
from tests.support import LifespanManager, eventually

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def window(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(create_app(tmp_path / "data")) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gateway", timeout=30
        ) as client:
            yield client


async def _applications(client: httpx.AsyncClient) -> dict[str, dict[str, str]]:
    """Every application of the demo agencies: id → the application."""
    found: dict[str, dict[str, str]] = {}
    for headers in (await workload._agency_headers(client)).values():
        page = (await client.get("/v1/applications", params={"limit": 100}, headers=headers)).json()
        found |= {item["id"]: item for item in page["items"]}
    return found


async def test_each_agency_receives_its_applications_events_signed_and_in_order(
    window: httpx.AsyncClient,
) -> None:
    async with Receiver() as hooks:
        subscriptions = await workload.subscribe(window, hooks)
        outcomes = await workload.run(window, rounds=1, traits=("complete",))
        applications = await _applications(window)
        assert len(applications) == sum(sum(c.values()) for c in outcomes.values()) == 6

        async def everything_arrived() -> bool:
            book = hooks.book()
            return all(book.final_state(a) == app["state"] for a, app in applications.items())

        await eventually(everything_arrived, within=120, what="every application's webhooks")
        book = hooks.book()

    assert len(subscriptions) >= 2  # every demo agency with webhooks:write
    assert book.unverified == 0, "every delivery verifies with standardwebhooks"
    assert book.out_of_order == [] and book.repeated == []
    assert set(book.states) == set(applications)  # no other agency's, none missing
    assert book.by_type["application.submitted"] == 6
    assert book.by_type["application.decided"] >= 6  # manual services: referred, then decided
    for delivery in hooks.deliveries:  # each to its own agency's receiver only
        assert delivery.event["data"].get("agency_id") in (None, delivery.agency)

    personas = (await window.get("/v1/sandbox/personas")).json()["items"]
    mobile = next(p["mobile"] for p in personas if "complete" in p["traits"])
    codes = {digits.to_persian(app["tracking_code"]) for app in applications.values()}

    async def receipts() -> bool:
        sent = (await window.get("/v1/sandbox/sms", params={"mobile": mobile})).json()["items"]
        return all(any(code in message["text"] for message in sent) for code in codes)

    await eventually(receipts, within=120, what="an SMS receipt for each application")
