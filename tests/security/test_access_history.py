"""Finding 1 (second half): direct inquiries never appeared in the person's access history.

Black box through the gateway of the embedded default. Every inquiry about a person, by an
application's own evidence requests or directly through `POST /v1/inquiries`, is in the one
history the legal-basis office and the operators read (`/v1/oversight/access-history`), and
a direct inquiry naming an application is in that application's `/access-log`.
"""

import asyncio
import base64
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.security._addresses import unknown_code
from tests.security.conftest import (
    COMPLETE_PERSON,
    OFFICE,
    ON_BOTH_EDGES,
    OPS,
    PASSPORT,
    TRAFFIC,
    Window,
)

pytestmark = pytest.mark.asyncio
HISTORY = "/v1/oversight/access-history"
Entry = dict[str, Any]


async def _inquire(window: Window, purpose: dict[str, str]) -> dict[str, Any]:
    response = await window.http.post(
        "/v1/inquiries",
        headers=await window.auth(PASSPORT),
        json={
            "evidence_type": "national-id-card",
            "national_code": COMPLETE_PERSON,
            "purpose": purpose,
        },
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _until(
    fetch: Callable[[], Any], found: Callable[[list[Entry]], Entry | None], what: str
) -> Entry:
    """Poll `fetch` (a page of entries) until `found` picks one, within a deadline."""
    async with asyncio.timeout(20):
        while True:
            response: httpx.Response = await fetch()
            # 404: the application's view is not there yet (the projection follows the bus).
            assert response.status_code in (200, 404), response.text
            entry = found(response.json()["items"]) if response.status_code == 200 else None
            if entry is not None:
                return entry
            await asyncio.sleep(0.3)
    raise AssertionError(what)  # pragma: no cover — the timeout raises first


def _direct(inquiry: dict[str, Any]) -> Callable[[list[Entry]], Entry | None]:
    def pick(items: list[Entry]) -> Entry | None:
        return next(
            (e for e in items if e["path"] == "direct" and _is(e, inquiry)),
            None,
        )

    return pick


def _is(entry: Entry, inquiry: dict[str, Any]) -> bool:
    return (
        entry["evidence_type"] == inquiry["evidence_type"]
        and entry["agency_id"] == "passport-police"
        and entry["service"]["id"] in ("passport-issuance", "exit-permit-review")
    )


@ON_BOTH_EDGES
async def test_a_direct_inquiry_is_in_the_persons_access_history(window: Window) -> None:
    inquiry = await _inquire(window, {"service_id": "passport-issuance"})
    office = await window.auth(OFFICE)
    entry = await _until(
        lambda: window.http.get(HISTORY, params={"national_code": COMPLETE_PERSON}, headers=office),
        _direct(inquiry),
        "the direct inquiry never reached the person's history",
    )
    assert entry["service"]["id"] == "passport-issuance"
    assert entry["service"]["name_fa"] == "صدور گذرنامه عادی"
    assert entry["client_id"] == PASSPORT and entry["outcome"] == "found"
    assert entry["application_id"] is None
    assert entry["at_jalali"].startswith("14") and "T" in entry["at"]
    # The operators see the same history, spelt in Persian digits and with dashes too.
    persian = "۰۰۱-۸۳۹۲۷۴-۱"
    ops = await window.http.get(
        HISTORY, params={"national_code": persian}, headers=await window.auth(OPS)
    )
    assert ops.status_code == 200 and entry in ops.json()["items"]


@ON_BOTH_EDGES
async def test_a_direct_inquiry_naming_an_application_is_in_its_access_log(
    window: Window,
) -> None:
    submitted = await window.http.post(
        "/v1/applications",
        headers=await window.auth(PASSPORT) | {"Idempotency-Key": unknown_code()},
        json={  # a manual service: the application stays open for the officer
            "service_id": "exit-permit-review",
            "applicant": {"national_code": COMPLETE_PERSON, "mobile": "09121000001"},
        },
    )
    assert submitted.status_code == 202, submitted.text
    application = submitted.json()
    who = {"X-National-Code": COMPLETE_PERSON}
    log = f"/v1/status/{application['tracking_code']}/access-log"
    await _until(
        lambda: window.http.get(log, headers=who),
        lambda items: next((e for e in items if e["path"] == "application"), None),
        "the application's own evidence requests never showed",
    )
    inquiry = await _inquire(
        window, {"service_id": "exit-permit-review", "application_id": application["id"]}
    )
    entry = await _until(
        lambda: window.http.get(log, headers=who),
        lambda items: next((e for e in items if e["path"] == "direct"), None),
        "the direct inquiry naming the application never reached its access log",
    )
    assert _is(entry, inquiry) and entry["service"]["id"] == "exit-permit-review"
    history = await window.http.get(
        HISTORY, params={"national_code": COMPLETE_PERSON}, headers=await window.auth(OFFICE)
    )
    named = [e for e in history.json()["items"] if e["application_id"] == application["id"]]
    assert {e["path"] for e in named} == {"application", "direct"}, named
    # Someone else's national code sees nothing of it (404, as for an unknown code).
    stranger = await window.http.get(log, headers={"X-National-Code": "0499370899"})
    assert stranger.status_code == 404


def _forged(position: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"national_code": "0018392742"}, "national_code"),  # check digit wrong
        ({"national_code": "۰" * 10}, "national_code"),
        ({"national_code": "1" * 400}, "national_code"),
        ({}, "national_code"),
        ({"national_code": COMPLETE_PERSON, "cursor": _forged({"at": "x", "id": "y"})}, "cursor"),
        ({"national_code": COMPLETE_PERSON, "cursor": _forged({"at": COMPLETE_PERSON})}, "cursor"),
        ({"national_code": COMPLETE_PERSON, "cursor": _forged([1, 2])}, "cursor"),
        ({"national_code": COMPLETE_PERSON, "cursor": "%%%not-base64"}, "cursor"),
        ({"national_code": COMPLETE_PERSON, "limit": "0"}, "limit"),
        ({"national_code": COMPLETE_PERSON, "limit": "501"}, "limit"),
    ],
)
@ON_BOTH_EDGES
async def test_the_oversight_history_refuses_bad_input_with_a_422(
    window: Window, params: dict[str, str], field: str
) -> None:
    response = await window.http.get(
        HISTORY, params=params, headers=await window.auth(OFFICE) | {"Accept-Language": "fa"}
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert any(field in e["field"] for e in problem["errors"]), problem
    assert COMPLETE_PERSON not in response.text  # never echoed, not even from a cursor
    assert any("\u0600" <= ch <= "\u06ff" for ch in problem["title"] + problem["detail"])


@ON_BOTH_EDGES
async def test_only_the_office_and_the_operators_read_anyones_history(window: Window) -> None:
    params = {"national_code": COMPLETE_PERSON}
    anonymous = await window.http.get(HISTORY, params=params)
    assert anonymous.status_code == 401
    for agency in (PASSPORT, TRAFFIC):  # an agency sees its own fetches elsewhere, not these
        refused = await window.http.get(HISTORY, params=params, headers=await window.auth(agency))
        assert refused.status_code == 403, refused.text


async def test_the_history_pages_without_losing_or_repeating_an_entry(window: Window) -> None:
    for _ in range(3):
        await _inquire(window, {"service_id": "passport-issuance"})
    office = await window.auth(OFFICE)
    await _until(
        lambda: window.http.get(HISTORY, params={"national_code": COMPLETE_PERSON}, headers=office),
        lambda items: items[0] if len([e for e in items if e["path"] == "direct"]) >= 3 else None,
        "three direct inquiries never all arrived",
    )
    full = (
        await window.http.get(HISTORY, params={"national_code": COMPLETE_PERSON}, headers=office)
    ).json()["items"]
    paged, cursor = [], None
    while True:
        params = {"national_code": COMPLETE_PERSON, "limit": "1"} | (
            {"cursor": cursor} if cursor else {}
        )
        page = (await window.http.get(HISTORY, params=params, headers=office)).json()
        paged += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [e["id"] for e in paged] == [e["id"] for e in full]
    assert [e["at"] for e in full] == sorted((e["at"] for e in full), reverse=True)
