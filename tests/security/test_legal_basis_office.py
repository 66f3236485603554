"""Finding 1 (issue #14), the application side: the legal basis is self-granted.

An agency holding `catalog:write` published a hidden service requiring every evidence type
and at once had the right to fetch anyone's records. Now each evidence type of a service
waits, pending, for the legal-basis office (scope `catalog:approve`, held by no agency), and
the service takes no application until every one is approved.
"""

import uuid
from typing import Any

import pytest

from tests.security.conftest import COMPLETE_PERSON, OFFICE, ON_BOTH_EDGES, PASSPORT, Window

pytestmark = pytest.mark.asyncio

REQUESTS = "/v1/legal-basis/requests"
DECISIONS = "/v1/legal-basis/decisions"


async def _every_evidence_type(window: Window) -> list[str]:
    types = (await window.http.get("/v1/catalog/evidence-types")).json()["items"]
    return [t["code"] for t in types]


async def _publish_hidden(window: Window, agency: dict[str, str]) -> dict[str, Any]:
    """What the red team did: a service off the window that asks for everything."""
    codes = await _every_evidence_type(window)
    published = await window.http.post(
        "/v1/catalog/services",
        json={
            "id": f"quiet-{uuid.uuid4().hex[:8]}",
            "name_fa": "خدمت پنهان",
            "name_en": "A quiet service",
            "required_evidence": codes,
            "decision": "manual",
            "on_window": False,
            "sla_hours": 24,
        },
        headers=agency,
    )
    assert published.status_code == 201, published.text
    return dict(published.json())


async def _apply(window: Window, agency: dict[str, str], service_id: str) -> Any:
    return await window.http.post(
        "/v1/applications",
        json={"service_id": service_id, "applicant": {"national_code": COMPLETE_PERSON}},
        headers=agency | {"Idempotency-Key": uuid.uuid4().hex, "Accept-Language": "fa"},
    )


async def _decide(
    window: Window, office: dict[str, str], service_id: str, code: str, decision: str
) -> Any:
    return await window.http.post(
        f"{REQUESTS}/{service_id}/{code}",
        json={
            "decision": decision,
            "law_reference": "قانون مدیریت داده‌ها و اطلاعات ملی (۱۴۰۱)، ماده ۷",
            "note": f"{decision} after review\nby the office",
        },
        headers=office,
    )


async def _pending_of(window: Window, office: dict[str, str], service_id: str) -> list[str]:
    """Every pending request of the service, walking the office's queue page by page."""
    codes: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {
            "status": "pending",
            "limit": 2,
            "agency_id": "passport-police",
        }
        if cursor:
            params["cursor"] = cursor
        page = await window.http.get(REQUESTS, params=params, headers=office)
        assert page.status_code == 200, page.text
        for item in page.json()["items"]:
            assert item["status"] == "pending" and item["decided_at"] is None
            assert item["agency_id"] == "passport-police"  # the filter holds
            if item["service_id"] == service_id:
                assert item["service_name_fa"] and item["service_name_en"]
                assert item["requested_at"]
                codes.append(item["evidence_type"])
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return codes


@ON_BOTH_EDGES
async def test_a_published_service_takes_no_application_until_the_office_approves_every_basis(
    window: Window,
) -> None:
    agency = await window.auth(PASSPORT)
    service = await _publish_hidden(window, agency)
    # The agency's own publishing grants it nothing: the service takes no application yet.
    refused = await _apply(window, agency, service["id"])
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("/service-not-approved")
    assert "تأیید" in refused.json()["detail"]  # Persian, as asked
    listed = await window.http.get(
        "/v1/applications", params={"service_id": service["id"]}, headers=agency
    )
    assert listed.json()["items"] == []  # nothing stored
    codes = service["required_evidence"]
    assert [(b["evidence_type"], b["status"]) for b in service["legal_basis"]] == [
        (code, "pending") for code in codes
    ]

    office = await window.auth(OFFICE)
    assert sorted(await _pending_of(window, office, service["id"])) == sorted(codes)
    for code in codes:
        decided = await _decide(window, office, service["id"], code, "approved")
        assert decided.status_code == 200, decided.text
        assert decided.json()["status"] == "approved"
        assert decided.json()["decided_by"] == "legal-basis-office"
    shown = (await window.http.get(f"/v1/catalog/services/{service['id']}")).json()
    assert {b["status"] for b in shown["legal_basis"]} == {"approved"}
    assert all(b["law_reference"] and b["decided_at"] for b in shown["legal_basis"])
    offsets = [b["decided_at"][-6:] for b in shown["legal_basis"]]  # times carry their offset
    assert all(offset in ("+00:00", "00:00Z") or offset.endswith("Z") for offset in offsets)
    assert await _pending_of(window, office, service["id"]) == []
    accepted = await _apply(window, agency, service["id"])
    assert accepted.status_code == 202, accepted.text


@ON_BOTH_EDGES
async def test_the_agency_cannot_decide_or_even_read_its_own_legal_basis(window: Window) -> None:
    agency = await window.auth(PASSPORT)
    service = await _publish_hidden(window, agency)
    code = service["required_evidence"][0]
    assert (await window.http.get(REQUESTS, headers=agency)).status_code == 403
    assert (
        await window.http.get(f"{REQUESTS}/{service['id']}/{code}", headers=agency)
    ).status_code == 403
    assert (await _decide(window, agency, service["id"], code, "approved")).status_code == 403
    assert (await window.http.get(REQUESTS)).status_code == 401
    # Nor can it write the basis into the service itself, on publishing or changing it.
    body = {k: service[k] for k in ("name_fa", "name_en", "required_evidence", "sla_hours")}
    forged = [{"evidence_type": c, "status": "approved"} for c in service["required_evidence"]]
    changed = await window.http.put(
        f"/v1/catalog/services/{service['id']}", json=body | {"legal_basis": forged}, headers=agency
    )
    assert changed.status_code == 422, changed.text
    sneaked = await window.http.post(
        "/v1/catalog/services",
        json=body | {"id": f"sneak-{uuid.uuid4().hex[:8]}", "legal_basis": forged},
        headers=agency,
    )
    assert sneaked.status_code == 422, sneaked.text
    assert (await _apply(window, agency, service["id"])).status_code == 409


async def test_a_refusal_after_approval_stops_the_service_and_the_history_keeps_both(
    window: Window,
) -> None:
    agency, office = await window.auth(PASSPORT), await window.auth(OFFICE)
    service = await _publish_hidden(window, agency)
    for code in service["required_evidence"]:
        assert (await _decide(window, office, service["id"], code, "approved")).status_code == 200
    assert (await _apply(window, agency, service["id"])).status_code == 202
    code = service["required_evidence"][0]
    refused = await _decide(window, office, service["id"], code, "refused")
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    assert (await _apply(window, agency, service["id"])).status_code == 409

    detail = await window.http.get(f"{REQUESTS}/{service['id']}/{code}", headers=office)
    assert detail.status_code == 200, detail.text
    history = detail.json()["history"]
    assert [h["decision"] for h in history] == ["approved", "refused"]
    assert {h["decided_by"] for h in history} == {"legal-basis-office"}
    assert all(h["law_reference"] and h["decided_at"] and h["note"] for h in history)
    listed = await window.http.get(REQUESTS, params={"status": "refused"}, headers=office)
    assert [(i["service_id"], i["evidence_type"]) for i in listed.json()["items"]] == [
        (service["id"], code)
    ]
    # The office's whole log, in the order decided: every approval, then the refusal.
    log = await window.http.get(DECISIONS, params={"service_id": service["id"]}, headers=office)
    assert log.status_code == 200, log.text
    entries = [(e["evidence_type"], e["decision"]) for e in log.json()["items"]]
    assert entries == [*((c, "approved") for c in service["required_evidence"]), (code, "refused")]
    assert (await window.http.get(DECISIONS, headers=agency)).status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {"decision": "approved"},
        {"decision": "approved", "law_reference": "   "},
        {"decision": "approved", "law_reference": "x" * 501},
        {"decision": "maybe", "law_reference": "Act 1"},
        {"law_reference": "Act 1"},
        {"decision": "approved", "law_reference": "Act 1", "decided_by": "someone-else"},
        {"decision": "approved", "law_reference": "Act 1", "note": "n" * 2001},
        {"decision": "approved", "law_reference": ["Act 1"]},
        {"decision": "approved", "law_reference": "Act\u0000 1"},
        {"decision": "approved", "law_reference": "Act 1", "note": "ok\u001b[31m"},
        [],
    ],
    ids=[
        "no-law",
        "blank-law",
        "long-law",
        "bad-decision",
        "no-decision",
        "forged-decider",
        "long-note",
        "law-not-text",
        "nul-in-law",
        "escape-in-note",
        "not-an-object",
    ],
)
@ON_BOTH_EDGES
async def test_a_bad_decision_is_refused_and_changes_nothing(window: Window, body: Any) -> None:
    agency, office = await window.auth(PASSPORT), await window.auth(OFFICE)
    service = await _publish_hidden(window, agency)
    code = service["required_evidence"][0]
    answer = await window.http.post(f"{REQUESTS}/{service['id']}/{code}", json=body, headers=office)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    detail = (await window.http.get(f"{REQUESTS}/{service['id']}/{code}", headers=office)).json()
    assert detail["status"] == "pending" and detail["history"] == []


@ON_BOTH_EDGES
async def test_no_request_to_decide_for_an_unknown_service_or_an_unrequired_type(
    window: Window,
) -> None:
    office = await window.auth(OFFICE)
    for service_id, code in (
        ("no-such-service", "national-id-card"),
        ("passport-issuance", "driving-license"),  # seeded, but it does not require that
        ("passport-issuance", "no-such-type"),
        ("passport-issuance", "x" * 101),
    ):
        answer = await _decide(window, office, service_id, code, "approved")
        assert answer.status_code in (404, 422), (service_id, code, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
    for params in (
        {"status": "granted"},
        {"cursor": "eyJhdCI6IngiLCJpZCI6InkifQ=="},
        {"cursor": "%%%"},
    ):
        listed = await window.http.get(REQUESTS, params=params, headers=office)
        assert listed.status_code == 422, (params, listed.text)
    for cursor in (
        "eyJpZCI6InkifQ==",
        "eyJpZCI6MWUzMH0=",
        "eyJpZCI6dHJ1ZX0=",
        "eyJpZCI6LTF9",
        "eyJpZCI6OTk5OTk5OTk5OTl9",
    ):
        logged = await window.http.get(DECISIONS, params={"cursor": cursor}, headers=office)
        assert logged.status_code == 422, (cursor, logged.text)


async def test_the_seeded_demo_services_come_approved_with_a_law_reference(
    window: Window,
) -> None:
    services = (await window.http.get("/v1/catalog/services")).json()["items"]
    assert services
    for service in services:
        assert [b["evidence_type"] for b in service["legal_basis"]] == service["required_evidence"]
        assert all(b["status"] == "approved" and b["law_reference"] for b in service["legal_basis"])
    office = await window.auth(OFFICE)
    pending = await window.http.get(REQUESTS, params={"status": "pending"}, headers=office)
    assert pending.json()["items"] == []
    log = (await window.http.get(DECISIONS, params={"limit": 500}, headers=office)).json()
    assert {e["decided_by"] for e in log["items"]} == {"demo-seed"}  # audited as seeds
