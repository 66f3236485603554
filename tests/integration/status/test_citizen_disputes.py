"""Disputes on PostgreSQL (issue 17): a person disputes one fetch of their data, the
legal-basis office and the operators see it with the entry, the office answers, the person
reads the answer; each step announced through the outbox, and nobody else's to touch."""

import asyncio
from typing import Any

import httpx
import pytest

from panjereh import events
from panjereh.bus.memory import InMemoryBus
from tests.integration.status.citizen_support import (
    OTHER_PERSON,
    Facts,
    Heard,
    citizen,
    office,
    operators,
)
from tests.integration.status.conftest import status_service
from tests.support import VERIFIER, eventually

pytestmark = pytest.mark.asyncio
REASON = "من در این تاریخ هیچ درخواستی در پلیس راهور نداشتم."


async def _dispute(
    client: httpx.AsyncClient, entry_id: str, reason: Any = REASON, who: str | None = None
) -> httpx.Response:
    headers = citizen(who) if who else citizen()
    return await client.post(
        f"/v1/citizen/access-log/{entry_id}/dispute", json={"reason": reason}, headers=headers
    )


async def test_a_dispute_reaches_the_office_is_answered_and_the_person_reads_it(
    database_url: str,
) -> None:
    facts = Facts().named()
    facts.application("passport-police", opened=0)
    entry_id = facts.direct("traffic-police", minute=5)
    bus, heard = InMemoryBus(), Heard()
    bus.subscribe([events.STATUS], heard, group="test-listener")
    await bus.start()
    async with status_service(database_url, bus, token_verifier=VERIFIER) as client:
        await bus.publish_batch(facts.messages())

        opened = await _dispute(client, entry_id)
        assert opened.status_code == 201, opened.text
        dispute = opened.json()
        assert (dispute["entry_id"], dispute["state"], dispute["reason"]) == (
            entry_id,
            "open",
            REASON,
        )
        assert dispute["opened_at_jalali"].startswith("14") and dispute["decided_at"] is None

        again = await _dispute(client, entry_id, "دوباره")
        assert again.status_code == 409 and dispute["id"] in again.json()["detail"]

        for reader in (office(), operators()):
            listed = await client.get("/v1/oversight/disputes", headers=reader)
            assert listed.status_code == 200, listed.text
            (item,) = listed.json()["items"]
            assert item["id"] == dispute["id"] and item["national_code_masked"] == "******2741"
            assert item["entry"]["agency_id"] == "traffic-police"
            assert item["entry"]["evidence_type"] == "birth-certificate"
            assert item["entry"]["law_reference"] == "قانون ثبت احوال، ماده ۱"
            assert "0018392741" not in listed.text

        answer = {"decision": "upheld", "note": "دسترسی بدون پرونده باز بود؛ به سازمان ابلاغ شد."}
        ops = await client.post(
            f"/v1/oversight/disputes/{dispute['id']}/decision", json=answer, headers=operators()
        )
        assert ops.status_code == 403, "the operators read disputes; only the office answers"
        decided = await client.post(
            f"/v1/oversight/disputes/{dispute['id']}/decision", json=answer, headers=office()
        )
        assert decided.status_code == 200, decided.text
        assert decided.json()["state"] == "upheld"
        assert decided.json()["decided_by"] == "legal-basis-office"
        twice = await client.post(
            f"/v1/oversight/disputes/{dispute['id']}/decision", json=answer, headers=office()
        )
        assert twice.status_code == 409

        log = await client.get("/v1/citizen/access-log", headers=citizen())
        entry = next(e for e in log.json()["items"] if e["id"] == entry_id)
        assert entry["flags"] == ["no-open-application", "disputed"]
        assert entry["dispute"]["state"] == "upheld" and entry["dispute"]["note"] == answer["note"]
        assert entry["dispute"]["decided_at_jalali"].startswith("14")

        for state, count in (("open", 0), ("upheld", 1), ("rejected", 0)):
            page = await client.get(
                "/v1/oversight/disputes", params={"state": state}, headers=office()
            )
            assert len(page.json()["items"]) == count, state

        async def announced() -> bool:
            kinds = {e.type for e in heard.envelopes}
            return {events.CitizenDisputeOpened.type, events.CitizenDisputeDecided.type} <= kinds

        await eventually(announced, within=30, what="both dispute events through the outbox")
        (said,) = heard.of(events.CitizenDisputeOpened)
        assert isinstance(said, events.CitizenDisputeOpened)
        assert (said.dispute_id, said.agency_id, said.national_code_masked) == (
            dispute["id"],
            "traffic-police",
            "******2741",
        )
        assert all("0018392741" not in e.model_dump_json() for e in heard.envelopes)


async def test_another_persons_entry_and_an_unknown_one_are_alike_404(database_url: str) -> None:
    facts = Facts().named()
    theirs = facts.direct("traffic-police", minute=5, who=OTHER_PERSON)
    bus = InMemoryBus()
    await bus.start()
    async with status_service(database_url, bus, token_verifier=VERIFIER) as client:
        await bus.publish_batch(facts.messages())
        stolen = await _dispute(client, theirs)
        unknown = await _dispute(client, "no-such-entry")
        assert stolen.status_code == unknown.status_code == 404
        assert stolen.json()["detail"] == unknown.json()["detail"]
        assert (await _dispute(client, theirs, who=OTHER_PERSON)).status_code == 201
        missing = await client.post(
            "/v1/oversight/disputes/no-such/decision",
            json={"decision": "rejected"},
            headers=office(),
        )
        assert missing.status_code == 404


@pytest.mark.parametrize(
    "body",
    [{"reason": ""}, {"reason": "   "}, {"reason": "x" * 1001}, {}, {"reason": 5}, {"why": "x"}],
)
async def test_a_bad_reason_is_a_422_that_opens_nothing(
    database_url: str, body: dict[str, Any]
) -> None:
    facts = Facts().named()
    entry_id = facts.direct("traffic-police", minute=5)
    bus = InMemoryBus()
    await bus.start()
    async with status_service(database_url, bus, token_verifier=VERIFIER) as client:
        await bus.publish_batch(facts.messages())
        response = await client.post(
            f"/v1/citizen/access-log/{entry_id}/dispute", json=body, headers=citizen()
        )
        assert response.status_code == 422, response.text
        assert (await _dispute(client, entry_id, "ی" * 1000)).status_code == 201


@pytest.mark.parametrize(
    "body", [{"decision": "maybe"}, {}, {"decision": "upheld", "note": "x" * 1001}]
)
async def test_a_bad_decision_is_a_422_that_answers_nothing(
    database_url: str, body: dict[str, Any]
) -> None:
    facts = Facts().named()
    entry_id = facts.direct("traffic-police", minute=5)
    bus = InMemoryBus()
    await bus.start()
    async with status_service(database_url, bus, token_verifier=VERIFIER) as client:
        await bus.publish_batch(facts.messages())
        dispute = (await _dispute(client, entry_id)).json()
        path = f"/v1/oversight/disputes/{dispute['id']}/decision"
        assert (await client.post(path, json=body, headers=office())).status_code == 422
        listed = await client.get("/v1/oversight/disputes", headers=office())
        assert listed.json()["items"][0]["state"] == "open"


async def test_a_citizen_token_opens_no_oversight_route(database_url: str) -> None:
    async with status_service(database_url, None, token_verifier=VERIFIER) as client:
        for method, path in (
            ("GET", "/v1/oversight/disputes"),
            ("POST", "/v1/oversight/disputes/x/decision"),
            ("GET", "/v1/oversight/access-history?national_code=0018392741"),
        ):
            response = await client.request(
                method, path, headers=citizen(), json={"decision": "upheld"}
            )
            assert response.status_code == 403, (path, response.text)


async def test_disputes_of_one_entry_at_once_open_one(database_url: str) -> None:
    """The second loses at the table's unique entry, not at a read that both passed."""
    facts = Facts().named()
    entry_id = facts.direct("traffic-police", minute=5)
    bus = InMemoryBus()
    await bus.start()
    async with status_service(database_url, bus, token_verifier=VERIFIER) as client:
        await bus.publish_batch(facts.messages())
        answers = await asyncio.gather(*(_dispute(client, entry_id) for _ in range(6)))
        assert sorted(a.status_code for a in answers) == [201] + [409] * 5
        (won,) = [a.json() for a in answers if a.status_code == 201]
        assert all(won["id"] in a.json()["detail"] for a in answers if a.status_code == 409)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/v1/oversight/disputes?state=closed", None),
        ("GET", "/v1/oversight/disputes?limit=0", None),
        ("GET", "/v1/oversight/disputes?limit=501", None),
        ("GET", "/v1/oversight/disputes?cursor=%25%25not-ours", None),
        ("GET", "/v1/oversight/disputes?cursor=eyJhdCI6IjAwMTgzOTI3NDEiLCJpZCI6IngifQ", None),
        ("POST", "/v1/oversight/disputes/" + "d" * 37 + "/decision", {"decision": "upheld"}),
    ],
)
async def test_bad_oversight_input_is_a_422(
    database_url: str, method: str, path: str, body: dict[str, str] | None
) -> None:
    async with status_service(database_url, None, token_verifier=VERIFIER) as client:
        response = await client.request(method, path, json=body, headers=office())
        assert response.status_code == 422, response.text
        assert "0018392741" not in response.text


async def test_an_entry_id_longer_than_any_is_a_422(database_url: str) -> None:
    async with status_service(database_url, None, token_verifier=VERIFIER) as client:
        response = await _dispute(client, "e" * 65)
        assert response.status_code == 422, response.text
