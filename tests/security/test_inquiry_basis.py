"""Findings 1 and 7 of issue #14, on the inquiry side: a legal basis an agency grants itself,
a purpose naming someone else's application, and whole registry records in the answer.

Black box: every step is an HTTP call through the gateway, as an agency backend or the
legal-basis office would make it.
"""

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from panjereh.evidence import SHAREABLE_FIELDS
from tests.security.conftest import (
    COMPLETE_PERSON,
    OFFICE,
    ON_BOTH_EDGES,
    PASSPORT,
    TRAFFIC,
    Window,
)

pytestmark = [pytest.mark.asyncio, ON_BOTH_EDGES]

EVERY_TYPE = (
    "national-id-card",
    "birth-certificate",
    "education-degree",
    "military-service-card",
    "driving-license",
    "mobile-ownership",
)
STOLEN = ("education-degree", "military-service-card", "birth-certificate")
ANOTHER_PERSON = "0025619306"  # the sandbox's `no-military-card` persona
NEVER_SHARED = ("card_serial", "father_name_fa", "card_number", "exemption_reason_fa")
PROBLEMS = "https://panjereh.ir/problems/"


async def _until(
    attempt: Callable[[], Awaitable[httpx.Response]],
    done: Callable[[httpx.Response], bool],
    *,
    within: float = 15.0,
) -> httpx.Response:
    """Repeat `attempt` until `done(response)` or time runs out; the last response either way."""
    deadline = time.monotonic() + within
    response = await attempt()
    while not done(response) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
        response = await attempt()
    return response


def _inquiry(
    evidence_type: str,
    service_id: str,
    *,
    code: str = COMPLETE_PERSON,
    application: str | None = None,
) -> dict[str, Any]:
    purpose: dict[str, Any] = {"service_id": service_id}
    if application is not None:
        purpose["application_id"] = application
    return {"evidence_type": evidence_type, "national_code": code, "purpose": purpose}


def _problem_type(response: httpx.Response) -> str | None:
    if response.headers.get("content-type", "").startswith("application/problem+json"):
        return str(response.json()["type"]).removeprefix(PROBLEMS)
    return None


async def _submit(window: Window, client_id: str, service_id: str, code: str) -> dict[str, Any]:
    response = await window.http.post(
        "/v1/applications",
        json={"service_id": service_id, "applicant": {"national_code": code}},
        headers=await window.auth(client_id) | {"Idempotency-Key": uuid.uuid4().hex},
    )
    assert response.status_code == 202, response.text
    return dict(response.json())


async def _settled(window: Window, client_id: str, application_id: str) -> str:
    """Wait until the application has left evidence collection; return its state."""
    headers = await window.auth(client_id)
    response = await _until(
        lambda: window.http.get(f"/v1/applications/{application_id}", headers=headers),
        lambda r: r.json().get("state") not in ("submitted", "collecting_evidence", "evaluating"),
        within=30,
    )
    return str(response.json()["state"])


async def test_a_service_an_agency_publishes_itself_grants_no_basis_until_the_office_approves(
    window: Window,
) -> None:
    agency = await window.auth(PASSPORT)
    service_id = f"hidden-{uuid.uuid4().hex[:8]}"
    published = await window.http.post(
        "/v1/catalog/services",
        json={
            "id": service_id,
            "name_fa": "خدمت پنهان",
            "name_en": "Hidden service",
            "required_evidence": list(EVERY_TYPE),
            "on_window": False,
            "decision": "manual",
            "sla_hours": 24,
        },
        headers=agency,
    )
    assert published.status_code == 201, published.text

    def ask(evidence_type: str) -> Callable[[], Awaitable[httpx.Response]]:
        body = _inquiry(evidence_type, service_id)
        return lambda: window.http.post("/v1/inquiries", json=body, headers=agency)

    # Until the catalogue event reaches the inquiry service the purpose is unknown; after it,
    # the basis must still be pending: publishing a service decides nothing.
    for evidence_type in STOLEN:
        refused = await _until(
            ask(evidence_type), lambda r: _problem_type(r) != "no-legal-basis/unknown-purpose"
        )
        assert refused.status_code == 403, (evidence_type, refused.text)
        assert _problem_type(refused) == "no-legal-basis/pending", refused.text
    persian = await window.http.post(
        "/v1/inquiries",
        json=_inquiry("education-degree", service_id),
        headers=agency | {"Accept-Language": "fa"},
    )
    assert persian.status_code == 403 and "مبنای قانونی" in persian.json()["detail"]

    office = await window.auth(OFFICE)
    for evidence_type in STOLEN:
        decided = await window.http.post(
            f"/v1/legal-basis/requests/{service_id}/{evidence_type}",
            json={"decision": "approved", "law_reference": "قانون آزمایشی، ماده ۱"},
            headers=office,
        )
        assert decided.is_success, decided.text
    for evidence_type in STOLEN:
        allowed = await _until(ask(evidence_type), lambda r: r.status_code == 200)
        assert allowed.status_code == 200, (evidence_type, allowed.text)
    # What the office did not approve stays closed.
    licence = await ask("driving-license")()
    assert _problem_type(licence) == "no-legal-basis/pending", licence.text


async def test_a_basis_the_office_refused_stays_refused(window: Window) -> None:
    agency = await window.auth(PASSPORT)
    service_id = f"refused-{uuid.uuid4().hex[:8]}"
    published = await window.http.post(
        "/v1/catalog/services",
        json={
            "id": service_id,
            "name_fa": "خدمت آزمایشی",
            "name_en": "Trial service",
            "required_evidence": ["education-degree"],
            "decision": "manual",
            "sla_hours": 24,
        },
        headers=agency,
    )
    assert published.status_code == 201, published.text
    decided = await window.http.post(
        f"/v1/legal-basis/requests/{service_id}/education-degree",
        json={"decision": "refused", "law_reference": "هیچ قانونی این استعلام را روا نمی‌دارد"},
        headers=await window.auth(OFFICE),
    )
    assert decided.is_success, decided.text
    body = _inquiry("education-degree", service_id)
    refused = await _until(
        lambda: window.http.post("/v1/inquiries", json=body, headers=agency),
        lambda r: _problem_type(r) == "no-legal-basis/refused",
    )
    assert refused.status_code == 403 and _problem_type(refused) == "no-legal-basis/refused"


async def test_a_direct_inquiry_may_not_name_another_agencys_application(window: Window) -> None:
    theirs = await _submit(window, TRAFFIC, "driving-licence-renewal", COMPLETE_PERSON)
    await _settled(window, TRAFFIC, theirs["id"])
    agency = await window.auth(PASSPORT)
    named = await window.http.post(
        "/v1/inquiries",
        json=_inquiry("national-id-card", "passport-issuance", application=theirs["id"]),
        headers=agency,
    )
    assert named.status_code == 403, named.text
    assert _problem_type(named) == "no-legal-basis/not-your-application"
    invented = await window.http.post(
        "/v1/inquiries",
        json=_inquiry("national-id-card", "passport-issuance", application=str(uuid.uuid4())),
        headers=agency,
    )
    # Another agency's application reads exactly like one that does not exist.
    assert {k: named.json()[k] for k in ("type", "title", "detail")} == {
        k: invented.json()[k] for k in ("type", "title", "detail")
    }


async def test_a_direct_inquiry_may_name_only_an_open_application_of_that_person(
    window: Window,
) -> None:
    mine = await _submit(window, PASSPORT, "exit-permit-review", COMPLETE_PERSON)
    assert await _settled(window, PASSPORT, mine["id"]) == "needs_review"
    agency = await window.auth(PASSPORT)

    def ask(code: str, application: str) -> Callable[[], Awaitable[httpx.Response]]:
        body = _inquiry(
            "national-id-card", "exit-permit-review", code=code, application=application
        )
        return lambda: window.http.post("/v1/inquiries", json=body, headers=agency)

    own = await _until(ask(COMPLETE_PERSON, mine["id"]), lambda r: r.status_code == 200)
    assert own.status_code == 200, own.text
    someone_else = await ask(ANOTHER_PERSON, mine["id"])()
    assert someone_else.status_code == 403, someone_else.text
    assert _problem_type(someone_else) == "no-legal-basis/not-your-application"

    rejected = await window.http.post(
        f"/v1/applications/{mine['id']}/review",
        json={"outcome": "rejected", "reason": "آزمون"},
        headers=agency,
    )
    assert rejected.status_code == 200, rejected.text
    closed = await _until(ask(COMPLETE_PERSON, mine["id"]), lambda r: r.status_code == 403)
    assert _problem_type(closed) == "no-legal-basis/not-your-application", closed.text


@pytest.mark.parametrize("evidence_type", ["military-service-card", "national-id-card"])
async def test_a_direct_answer_holds_only_the_shareable_fields(
    window: Window, evidence_type: str
) -> None:
    agency = await window.auth(PASSPORT)
    answer = await window.http.post(
        "/v1/inquiries", json=_inquiry(evidence_type, "passport-issuance"), headers=agency
    )
    assert answer.status_code == 200, answer.text
    data = answer.json()["data"]
    assert data, answer.text
    assert set(data) <= set(SHAREABLE_FIELDS[evidence_type]), sorted(data)
    assert not set(NEVER_SHARED) & set(data)
    again = await window.http.get(f"/v1/inquiries/{answer.json()['id']}", headers=agency)
    assert again.status_code == 200 and again.json()["data"] == data
