"""The demo workload with its webhook receiver, through the embedded window: each demo agency
subscribed to `*` on 127.0.0.1 receives every event of its own applications, signed, in order;
the dashboard counts what the notification service delivered."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager

from panjereh_embedded import workload
from panjereh_embedded.app import create_app
from panjereh_embedded.receiver import Receiver
from tests.support import eventually

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def window(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(create_app(tmp_path / "data")) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gateway", timeout=30
        ) as client:
            yield client


async def _applications(client: httpx.AsyncClient) -> dict[str, str]:
    """Every application of the demo agencies: id → its state."""
    found: dict[str, str] = {}
    for headers in (await workload._agency_headers(client)).values():
        page = (await client.get("/v1/applications", params={"limit": 100}, headers=headers)).json()
        found |= {item["id"]: item["state"] for item in page["items"]}
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
            return all(book.final_state(a) == state for a, state in applications.items())

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
