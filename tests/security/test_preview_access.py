"""Preview before use (issue 17): only the applicant may see or answer their application's
preview. Another person's token finds nothing (404, the same as an unknown application); an
agency's token is refused on the citizen's routes and a citizen's on the agency's (403); an
objection must name one of the application's evidence types with a reason of 1 to 1000
characters; an answer is given once (409 after). Every refusal changes nothing."""

import asyncio
import uuid
from typing import Any

import pytest

from tests.citizen_support import COMPLETE, citizen_headers
from tests.security.conftest import ON_BOTH_EDGES, Window
from tests.support import eventually

pytestmark = [pytest.mark.asyncio, ON_BOTH_EDGES]
SERVICE = "job-seeker-registration"
LABOUR = "labour-ministry-backend"
NO_DEGREE = ("0039471527", "09121000003")  # another sandbox person


async def _waiting(window: Window, agency: dict[str, str], person: dict[str, str]) -> str:
    national_code, mobile = COMPLETE
    applicant = {"national_code": national_code, "mobile": mobile}
    accepted = await window.http.post(
        "/v1/applications",
        json={"service_id": SERVICE, "applicant": applicant},
        headers=agency | {"Idempotency-Key": uuid.uuid4().hex},
    )
    assert accepted.status_code == 202, accepted.text
    app_id: str = accepted.json()["id"]
    async with asyncio.timeout(60):
        while True:
            got = await window.http.get(f"/v1/citizen/applications/{app_id}", headers=person)
            if got.status_code == 200 and got.json()["state"] == "awaiting_applicant":
                return app_id
            await asyncio.sleep(0.2)


async def _state(window: Window, app_id: str, person: dict[str, str]) -> dict[str, Any]:
    got = await window.http.get(f"/v1/citizen/applications/{app_id}", headers=person)
    assert got.status_code == 200, got.text
    body: dict[str, Any] = got.json()
    return body


async def test_only_the_applicant_sees_or_answers_and_bad_answers_change_nothing(
    window: Window,
) -> None:
    agency = await window.auth(LABOUR)
    mine = await citizen_headers(window.http)
    other = await citizen_headers(window.http, national_code=NO_DEGREE[0], mobile=NO_DEGREE[1])
    app_id = await _waiting(window, agency, mine)
    base = f"/v1/citizen/applications/{app_id}"
    objection = {"evidence_type": "education-degree", "reason": "نادرست است"}

    # Another person's token: the same 404 as an application that does not exist.
    unknown = f"/v1/citizen/applications/{uuid.uuid4()}"
    for path in (base, unknown):
        seen = await window.http.get(path, headers=other)
        assert seen.status_code == 404, seen.text
        for answer, body in (("confirm", None), ("object", objection)):
            refused = await window.http.post(f"{path}/{answer}", json=body, headers=other)
            assert refused.status_code == 404, refused.text

    def said(body: dict[str, Any]) -> tuple[Any, ...]:
        return body["type"], body["title"], body["detail"], body["status"]

    others = (await window.http.get(base, headers=other)).json()
    nobodys = (await window.http.get(unknown, headers=other)).json()
    assert said(others) == said(nobodys)  # no oracle: nothing tells the two apart

    # An agency's token never opens the citizen's routes; a citizen's never the agency's.
    for method, path, body in (
        ("GET", base, None),
        ("POST", f"{base}/confirm", None),
        ("POST", f"{base}/object", objection),
    ):
        refused = await window.http.request(method, path, json=body, headers=agency)
        assert refused.status_code == 403, refused.text
    agency_view = await window.http.get(f"/v1/applications/{app_id}", headers=mine)
    assert agency_view.status_code == 403
    review = await window.http.post(
        f"/v1/applications/{app_id}/review",
        json={"outcome": "approved", "reason": "by myself"},
        headers=mine,
    )
    assert review.status_code == 403
    assert (await window.http.post(f"{base}/confirm")).status_code == 401

    # Bad objections: a bogus evidence type, one the application did not fetch, reasons
    # empty, blank, over-long or not text, extra fields, no body.
    for bad in (
        {"evidence_type": "passport-photo", "reason": "x"},
        {"evidence_type": "driving-license", "reason": "x"},
        {"evidence_type": "education-degree", "reason": ""},
        {"evidence_type": "education-degree", "reason": "   "},
        {"evidence_type": "education-degree", "reason": "ا" * 1001},
        {"evidence_type": "education-degree", "reason": "bad\u0000text"},
        {"evidence_type": "education-degree", "reason": "x", "state": "approved"},
        {"evidence_type": "education-degree"},
    ):
        refused = await window.http.post(f"{base}/object", json=bad, headers=mine)
        assert refused.status_code == 422, (bad, refused.text)
        assert refused.json()["errors"], refused.text
    persian = await window.http.post(
        f"{base}/object",
        json={"evidence_type": "driving-license", "reason": "x"},
        headers=mine | {"Accept-Language": "fa"},
    )
    assert "مدرک" in persian.json()["title"] + persian.json()["detail"]
    still = await _state(window, app_id, mine)
    assert (still["state"], still["preview"]["answer"]) == ("awaiting_applicant", None)

    # A reason of exactly 1000 characters is taken; the answer is given once.
    taken = await window.http.post(
        f"{base}/object",
        json={"evidence_type": "education-degree", "reason": "ا" * 1000},
        headers=mine,
    )
    assert taken.status_code == 200, taken.text
    for answer, body in (("confirm", None), ("object", objection)):
        again = await window.http.post(f"{base}/{answer}", json=body, headers=mine)
        assert again.status_code == 409, again.text
        assert again.json()["type"].endswith("illegal-state")
    assert (await _state(window, app_id, mine))["state"] == "needs_review"


async def test_confirming_twice_is_a_conflict_and_decides_once(window: Window) -> None:
    agency = await window.auth(LABOUR)
    mine = await citizen_headers(window.http)
    app_id = await _waiting(window, agency, mine)
    base = f"/v1/citizen/applications/{app_id}"
    answers = await asyncio.gather(
        *(window.http.post(f"{base}/confirm", headers=mine) for _ in range(3))
    )
    assert sorted(a.status_code for a in answers) == [200, 409, 409], [a.text for a in answers]

    async def decided() -> bool:
        return (await _state(window, app_id, mine))["state"] != "evaluating"

    await eventually(decided, within=60, what="the confirmed application decided")
    settled = await _state(window, app_id, mine)
    assert settled["state"] == "approved"
    steps = [step["state"] for step in settled["timeline"]]
    assert steps.count("evaluating") == 1 and steps.count("approved") == 1
