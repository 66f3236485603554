"""The citizen's own views on PostgreSQL (issue 17): every application of mine across
agencies, every fetch of my data with the flags its facts call for, and nobody else's."""

from typing import Any

import httpx
import pytest

from panjereh import events
from panjereh.bus.memory import InMemoryBus
from tests.integration.status.citizen_support import (
    OTHER_PERSON,
    Facts,
    agency,
    citizen,
    office,
)
from tests.integration.status.conftest import status_service
from tests.support import VERIFIER, eventually

pytestmark = pytest.mark.asyncio


async def _log(client: httpx.AsyncClient, **params: str) -> dict[str, Any]:
    response = await client.get("/v1/citizen/access-log", headers=citizen(), params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_my_applications_at_two_agencies_and_every_fetch_flagged_by_its_facts(
    database_url: str,
) -> None:
    facts = Facts().named()
    passport = facts.application("passport-police", opened=0, closed=30)
    facts.application("traffic-police", opened=60)  # still open
    during = facts.direct("passport-police", minute=10, application_id=passport)
    after = facts.direct("passport-police", minute=40)  # the passport one was final by then
    naming_closed = facts.direct("passport-police", minute=45, application_id=passport)
    traffic_open = facts.direct("traffic-police", minute=70)
    before = facts.direct("traffic-police", minute=5)  # before the traffic application
    refused = facts.direct("traffic-police", minute=6, outcome="refused")
    facts.application("traffic-police", opened=0, who=OTHER_PERSON)
    facts.direct("traffic-police", minute=3, who=OTHER_PERSON)
    bus = InMemoryBus()
    await bus.start()
    async with status_service(database_url, bus, token_verifier=VERIFIER) as client:
        await bus.publish_batch(facts.messages())

        mine = await client.get("/v1/citizen/applications", headers=citizen())
        assert mine.status_code == 200, mine.text
        items = mine.json()["items"]
        assert [a["agency_id"] for a in items] == ["traffic-police", "passport-police"]
        traffic, passport_view = items
        assert traffic["state"] == "collecting_evidence" and passport_view["state"] == "approved"
        assert passport_view["state_label"]["fa"] and passport_view["state_label"]["en"]
        assert traffic["service"] == {
            "id": "driving-licence-renewal",
            "name_fa": "خدمت driving-licence-renewal",
            "name_en": "Service driving-licence-renewal",
        }
        assert traffic["status_url"] == f"/v1/status/{traffic['tracking_code']}"
        assert traffic["updated_at_jalali"] == "1405/09/08"
        assert traffic["sla_due_at_jalali"] and "T" in traffic["sla_due_at"]

        log = await _log(client)
        flags = {entry["id"]: entry["flags"] for entry in log["items"]}
        assert len(log["items"]) == 8, "two evidence fetches and six direct inquiries, all mine"
        assert flags[during] == [] and flags[traffic_open] == []
        assert flags[after] == ["no-open-application"]
        assert flags[naming_closed] == ["no-open-application"]
        assert flags[before] == ["no-open-application"]
        assert flags[refused] == ["no-open-application", "refused"]
        path = [e for e in log["items"] if e["path"] == "application"]
        assert len(path) == 2 and all(e["flags"] == [] for e in path)
        assert [e["at"] for e in log["items"]] == sorted(
            (e["at"] for e in log["items"]), reverse=True
        )
        entry = next(e for e in log["items"] if e["id"] == during)
        assert entry["agency_id"] == "passport-police" and entry["application_id"] == passport
        assert entry["law_reference"] == "قانون ثبت احوال، ماده ۱"
        assert entry["service"]["id"] == "passport-issuance" and entry["evidence_type"]
        assert entry["at_jalali"] == "1405/09/08" and entry["dispute"] is None

        # The other person sees their own two entries, none of mine.
        theirs = await client.get("/v1/citizen/access-log", headers=citizen(OTHER_PERSON))
        assert {e["id"] for e in theirs.json()["items"]}.isdisjoint(flags)
        assert len(theirs.json()["items"]) == 2


async def test_pages_hold_every_entry_and_application_once(database_url: str) -> None:
    facts = Facts().named()
    for minute in range(0, 50, 10):
        facts.application("passport-police", opened=minute)
    for minute in range(5):
        facts.direct("traffic-police", minute=minute)
    bus = InMemoryBus()
    await bus.start()
    async with status_service(database_url, bus, token_verifier=VERIFIER) as client:
        await bus.publish_batch(facts.messages())
        for path, total in (("/v1/citizen/access-log", 10), ("/v1/citizen/applications", 5)):
            whole = (await client.get(path, headers=citizen())).json()["items"]
            assert len(whole) == total
            paged, cursor = [], None
            while True:
                params = {"limit": "3"} | ({"cursor": cursor} if cursor else {})
                page = (await client.get(path, headers=citizen(), params=params)).json()
                paged += page["items"]
                cursor = page["next_cursor"]
                if cursor is None:
                    break
            assert paged == whole


@pytest.mark.parametrize(
    "params",
    [{"limit": "0"}, {"limit": "501"}, {"cursor": "%%%"}, {"cursor": "eyJhdCI6MX0"}],
)
async def test_bad_paging_is_a_422(database_url: str, params: dict[str, str]) -> None:
    async with status_service(database_url, None, token_verifier=VERIFIER) as client:
        for path in ("/v1/citizen/access-log", "/v1/citizen/applications"):
            response = await client.get(path, headers=citizen(), params=params)
            assert response.status_code == 422, response.text
            assert response.headers["content-type"].startswith("application/problem+json")


async def test_only_a_citizen_token_opens_the_citizens_views(database_url: str) -> None:
    async with status_service(database_url, None, token_verifier=VERIFIER) as client:
        for path in ("/v1/citizen/access-log", "/v1/citizen/applications"):
            assert (await client.get(path)).status_code == 401
            for other in (agency(), office()):
                refused = await client.get(path, headers=other)
                assert refused.status_code == 403, refused.text
        dispute = await client.post(
            "/v1/citizen/access-log/x/dispute", json={"reason": "r"}, headers=agency()
        )
        assert dispute.status_code == 403


async def test_an_entry_naming_my_application_before_its_view_lands_is_mine(
    database_url: str,
) -> None:
    """The evidence travels on another topic: it may come before the submission."""
    facts = Facts().named()
    facts.application("passport-police", opened=0)
    evidence = next(e for e in facts.envelopes if e.type == events.EvidenceRetrieved.type)
    early = Facts(envelopes=[evidence])
    bus = InMemoryBus()
    await bus.start()
    async with status_service(database_url, bus, token_verifier=VERIFIER) as client:
        await bus.publish_batch(early.messages())
        await bus.publish_batch(facts.messages())

        async def listed() -> bool:
            return len((await _log(client))["items"]) == 1

        await eventually(listed, within=30, what="the evidence fetch in my log")
        assert (await _log(client))["items"][0]["flags"] == []
