"""Finding 9 (registries): one persona's failing registry never fails another's inquiries.

Black box through the gateway of the embedded default. The breaker of a registry must trip on
the registry's failure rate over a window with a minimum of calls, not on one request's
retries; and the slow-registry persona answers slowly but within the registry timeout.
"""

import asyncio
from typing import Any

import pytest

from panjereh import identity
from tests.security.conftest import COMPLETE_PERSON, ON_BOTH_EDGES, PASSPORT, Window

pytestmark = [pytest.mark.asyncio, ON_BOTH_EDGES]

PURPOSE = {"service_id": "passport-issuance"}
CIVIL_REGISTRATION = ("national-id-card", "birth-certificate")  # one registry, two evidence types


async def _persona(window: Window, trait: str) -> str:
    response = await window.http.get("/v1/sandbox/personas")
    assert response.status_code == 200, response.text
    return next(p["national_code"] for p in response.json()["items"] if trait in p["traits"])


async def _inquire(
    window: Window, headers: dict[str, str], evidence_type: str, national_code: str
) -> dict[str, Any]:
    response = await window.http.post(
        "/v1/inquiries",
        headers=headers,
        json={"evidence_type": evidence_type, "national_code": national_code, "purpose": PURPOSE},
        timeout=60,  # generous: a timing-out registry is retried before it is given up
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _synthetic_person(seed: int) -> str:
    first_nine = f"{123450000 + seed:09d}"
    return first_nine + str(identity.national_code_check_digit(first_nine))


async def test_a_timing_out_persona_does_not_open_the_registry_for_everyone(
    window: Window,
) -> None:
    headers = await window.auth(PASSPORT)
    stuck = await _persona(window, "registry-timeout")
    timed_out = await asyncio.gather(
        *(_inquire(window, headers, evidence, stuck) for evidence in CIVIL_REGISTRATION * 2)
    )
    assert {answer["status"] for answer in timed_out} == {"unavailable"}

    others = [COMPLETE_PERSON, _synthetic_person(1), _synthetic_person(2)]
    answers = [
        await _inquire(window, headers, evidence, person)
        for person in others
        for evidence in CIVIL_REGISTRATION
    ]
    statuses = [(answer["evidence_type"], answer["status"]) for answer in answers]
    assert all(status == "found" for _, status in statuses), statuses


async def test_the_slow_registry_persona_answers_within_the_timeout(window: Window) -> None:
    headers = await window.auth(PASSPORT)
    slow = await _persona(window, "slow-registry")
    answer = await _inquire(window, headers, "national-id-card", slow)
    assert answer["status"] == "found", answer
    assert answer["data"] is not None
