"""Applications end to end on one in-process bus with the inquiry service (sandbox registries):
intake, idempotency, the evidence saga, decisions, review, cancel and isolation."""

import asyncio
import uuid

import pytest
import sqlalchemy as sa

from panjereh.bus.memory import InMemoryBus
from tests.integration.application.conftest import Platform, persona, platform, submission
from tests.support import ISSUER, bearer

pytestmark = pytest.mark.asyncio

PASSPORT = bearer(
    "passport-police",
    "applications:write",
    "applications:read",
    "applications:review",
    "catalog:write",
)
TRAFFIC = bearer(
    "traffic-police",
    "applications:write",
    "applications:read",
    "applications:review",
    "catalog:write",
)

OFFICE = {
    "Authorization": "Bearer "
    + ISSUER.issue(client_id="legal-basis-office", agency_id=None, scopes=["catalog:approve"])
}


async def _submit(
    window: Platform,
    body: dict[str, object],
    headers: dict[str, str] = PASSPORT,
    key: str | None = None,
):  # type: ignore[no-untyped-def]
    return await window.applications.post(
        "/v1/applications",
        json=body,
        headers=headers | {"Idempotency-Key": key or uuid.uuid4().hex},
    )


async def _count(window: Platform, table: str) -> int:
    engine = window.application_app.state.runtime.engine
    async with engine.connect() as connection:
        return int(
            (await connection.execute(sa.text(f"SELECT count(*) FROM {table}"))).scalar_one()
        )


@pytest.mark.parametrize(
    ("trait", "state", "reason"),
    [
        ("complete", "approved", None),
        ("no-military-card", "rejected", "military-status-clear"),
        (
            "deceased",
            "rejected",
            "id-card-valid,applicant-alive",
        ),  # a dead person's card is void too
        ("registry-timeout", "failed", None),
    ],
)
async def test_passport_applications_are_decided_by_the_published_rules(
    window: Platform, trait: str, state: str, reason: str | None
) -> None:
    accepted = await _submit(window, submission("passport-issuance", trait))
    assert accepted.status_code == 202, accepted.text
    body = accepted.json()
    assert (
        len(body["tracking_code"]) == 13
        and body["status_url"] == f"/v1/status/{body['tracking_code']}"
    )
    app = await window.decided(body["id"], PASSPORT)
    assert app["state"] == state, app["evidence"]
    if state == "failed":
        assert app["decision"] is None
        assert "national-id-card" in app["events"][-1]["reason"]["en"]
        assert app["events"][-1]["reason"]["fa"]
        assert app["evidence"]["national-id-card"]["status"] == "unavailable"
    else:
        assert app["decision"]["by"] == "rules"
        assert [r["code"] for r in app["decision"]["reasons"]] == (
            reason.split(",") if reason else []
        )
        assert all(r["fa"] and r["en"] for r in app["decision"]["reasons"])
        assert {e["status"] for e in app["evidence"].values()} == {"found"}
    assert [e["state"] for e in app["events"]][:2] == ["submitted", "collecting_evidence"]
    assert app["sla_due_at_jalali"].startswith("14")


async def test_the_same_key_returns_the_same_application_and_a_new_body_is_409(
    window: Platform,
) -> None:
    body = submission("passport-issuance", "complete")
    first = await _submit(window, body, key="key-0001-abcdef")
    again = await _submit(window, body, key="key-0001-abcdef")
    persian = await _submit(
        window,
        body | {"applicant": {"national_code": "۰۰۱۸۳۹۲۷۴۱", "mobile": persona("complete").mobile}},
        key="key-0001-abcdef",
    )
    assert first.status_code == again.status_code == persian.status_code == 202
    assert first.json()["id"] == again.json()["id"] == persian.json()["id"]
    # The replays say so (Idempotent-Replayed); the call that made the application does not.
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == persian.headers["idempotent-replayed"] == "true"
    other = await _submit(
        window, submission("passport-issuance", "deceased"), key="key-0001-abcdef"
    )
    assert other.status_code == 409 and other.headers["content-type"] == "application/problem+json"
    assert await _count(window, "applications") == 1
    assert await _count(window, "outbox WHERE type LIKE '%application.submitted%'") == 1


@pytest.mark.postgres
async def test_twenty_concurrent_submissions_with_one_key_make_one_application(
    postgres_url: str, tmp_path: object
) -> None:
    bus = InMemoryBus()
    await bus.start()
    async with platform(
        application_db=postgres_url,
        inquiry_db=f"sqlite+aiosqlite:///{tmp_path}/i.db",
        shared_bus=bus,
    ) as window:
        body = submission("passport-issuance", "complete")
        responses = await asyncio.gather(
            *(_submit(window, body, key="one-key-for-all") for _ in range(20))
        )
        assert {r.status_code for r in responses} == {202}, [
            r.text for r in responses if r.status_code != 202
        ]
        assert len({r.json()["id"] for r in responses}) == 1
        assert await _count(window, "applications") == 1
        assert await _count(window, "outbox WHERE type LIKE '%application.submitted%'") == 1
    await bus.stop()


@pytest.mark.parametrize(
    ("body", "headers", "status", "field"),
    [
        (
            submission("passport-issuance", "complete")
            | {"applicant": {"national_code": "0018392742"}},
            PASSPORT,
            422,
            "applicant.national_code",
        ),
        (
            submission("passport-issuance", "complete")
            | {"applicant": {"national_code": "0018392741", "mobile": "0212222"}},
            PASSPORT,
            422,
            "applicant.mobile",
        ),
        (submission("no-such-service", "complete"), PASSPORT, 422, "service_id"),
        (submission("passport-issuance", "complete"), TRAFFIC, 403, None),
        (
            submission("passport-issuance", "complete") | {"attachments": ["scan.pdf"]},
            PASSPORT,
            422,
            "attachments",
        ),
    ],
    ids=["check-digit", "mobile", "unknown-service", "other-agency", "no-files"],
)
async def test_bad_submissions_are_refused_and_write_nothing(
    window: Platform,
    body: dict[str, object],
    headers: dict[str, str],
    status: int,
    field: str | None,
) -> None:
    response = await _submit(window, body, headers=headers)
    assert response.status_code == status, response.text
    if field:
        assert field in {e["field"] for e in response.json()["errors"]}
    missing_key = await window.applications.post(
        "/v1/applications", json=submission("passport-issuance", "complete"), headers=PASSPORT
    )
    assert missing_key.status_code == 422
    assert await _count(window, "applications") == 0
    assert await _count(window, "outbox WHERE type NOT LIKE '%catalog%'") == 0


async def test_another_agency_can_neither_read_nor_review_nor_cancel(window: Platform) -> None:
    created = (await _submit(window, submission("exit-permit-review", "complete"))).json()
    path = f"/v1/applications/{created['id']}"
    assert (await window.applications.get(path, headers=TRAFFIC)).status_code == 404
    review = {"outcome": "approved", "reason": "looks fine"}
    assert (
        await window.applications.post(path + "/review", json=review, headers=TRAFFIC)
    ).status_code == 404
    assert (await window.applications.post(path + "/cancel", headers=TRAFFIC)).status_code == 404
    reader_only = bearer("passport-police", "applications:read")
    assert (
        await window.applications.post(path + "/review", json=review, headers=reader_only)
    ).status_code == 403
    listed = (await window.applications.get("/v1/applications", headers=TRAFFIC)).json()
    assert listed["items"] == []


async def test_a_client_of_no_agency_is_refused_every_agency_route(window: Platform) -> None:
    # Every scope an agency holds, but no agency: refused, never taken as the agency "".
    scopes = ["applications:write", "applications:read", "applications:review", "catalog:write"]
    token = ISSUER.issue(client_id="ops-with-scopes", agency_id=None, scopes=scopes)
    nobody = {"Authorization": f"Bearer {token}", "Accept-Language": "fa"}
    created = (await _submit(window, submission("exit-permit-review", "complete"))).json()
    path = f"/v1/applications/{created['id']}"
    answers = [
        await _submit(window, submission("exit-permit-review", "complete"), headers=nobody),
        await window.applications.get("/v1/applications", headers=nobody),
        await window.applications.get(path, headers=nobody),
        await window.applications.post(
            path + "/review", json={"outcome": "approved", "reason": "x"}, headers=nobody
        ),
        await window.applications.post(path + "/cancel", headers=nobody),
        await window.applications.post("/v1/catalog/services", json={}, headers=nobody),
    ]
    for answer in answers:
        assert answer.status_code == 403, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["type"].endswith("/agency-required")
        assert "دستگاه" in answer.json()["detail"]
    assert await _count(window, "applications") == 1  # the passport police's own


async def test_manual_services_wait_for_an_officer_who_is_recorded(window: Platform) -> None:
    created = (await _submit(window, submission("exit-permit-review", "complete"))).json()
    waiting = await window.decided(created["id"], PASSPORT)
    assert (
        waiting["state"] == "needs_review"
        and waiting["decision"]["reasons"][0]["code"] == "manual-service"
    )
    path = f"/v1/applications/{created['id']}"
    reviewed = await window.applications.post(
        path + "/review", json={"outcome": "approved", "reason": "مدارک کامل است"}, headers=PASSPORT
    )
    assert reviewed.status_code == 200
    decision = reviewed.json()["decision"]
    assert (decision["outcome"], decision["by"], decision["officer"]) == (
        "approved",
        "officer",
        "passport-police-backend",
    )
    again = await window.applications.post(
        path + "/review", json={"outcome": "rejected", "reason": "again"}, headers=PASSPORT
    )
    assert again.status_code == 409
    assert (await window.applications.post(path + "/cancel", headers=PASSPORT)).status_code == 409


async def test_cancel_before_the_decision(window: Platform) -> None:
    created = (await _submit(window, submission("exit-permit-review", "complete"))).json()
    await window.decided(created["id"], PASSPORT)
    cancelled = await window.applications.post(
        f"/v1/applications/{created['id']}/cancel", headers=PASSPORT
    )
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"


async def test_rules_are_checked_when_written_and_a_failing_rule_refers_at_runtime(
    window: Platform,
) -> None:
    service = {
        "id": "degree-bonus",
        "name_fa": "کمک هزینه تحصیلی",
        "name_en": "Study grant",
        "required_evidence": ["education-degree"],
        "rules": [
            {
                "id": "bad",
                "expression": 'evidence["education-degree"].level ==',
                "reason_fa": "x",
                "reason_en": "x",
            }
        ],
        "sla_hours": 24,
    }
    refused = await window.applications.post("/v1/catalog/services", json=service, headers=PASSPORT)
    assert (
        refused.status_code == 422 and refused.json()["errors"][0]["field"] == "rules.0.expression"
    )
    mistyped = service | {
        "rules": [
            {
                "id": "bad",
                "expression": 'evidence["education-degree"].grade > 2',
                "reason_fa": "x",
                "reason_en": "x",
            }
        ]
    }
    assert (
        await window.applications.post("/v1/catalog/services", json=mistyped, headers=PASSPORT)
    ).status_code == 422

    good = service | {
        "rules": [
            {
                "id": "bachelor",
                "expression": 'evidence["education-degree"].level == "bachelor"',
                "reason_fa": "مدرک کارشناسی لازم است",
                "reason_en": "A bachelor degree is required",
            }
        ]
    }
    created = await window.applications.post("/v1/catalog/services", json=good, headers=PASSPORT)
    assert created.status_code == 201, created.text
    assert (
        created.json()["smart_by_design"] is True
        and created.json()["agency_id"] == "passport-police"
    )
    assert (
        await window.applications.put(
            "/v1/catalog/services/degree-bonus",
            json={k: v for k, v in good.items() if k != "id"},
            headers=TRAFFIC,
        )
    ).status_code == 403

    # Published, it waits for the legal-basis office: no application until it approves.
    assert [b["status"] for b in created.json()["legal_basis"]] == ["pending"]
    waiting = await _submit(window, submission("degree-bonus", "no-degree"))
    assert waiting.status_code == 409 and waiting.json()["type"].endswith("service-not-approved")
    approved = await window.applications.post(
        "/v1/legal-basis/requests/degree-bonus/education-degree",
        json={"decision": "approved", "law_reference": "Study Grants Act, art. 3"},
        headers=OFFICE,
    )
    assert approved.status_code == 200, approved.text

    await asyncio.sleep(0.5)  # the inquiry service learns the new service's legal basis
    submitted = (await _submit(window, submission("degree-bonus", "no-degree"))).json()
    app = await window.decided(submitted["id"], PASSPORT)
    assert app["state"] == "needs_review", app
    assert app["decision"]["reasons"][0]["code"] == "bachelor:not-evaluable"


async def test_a_rule_over_the_form_is_accepted_and_a_mistyped_one_refused(
    window: Platform,
) -> None:
    """The form has no declared schema: `form.employees >= 1` was refused as "does not
    type-check against the evidence" because the check's sample form was empty."""

    def service(expression: str) -> dict[str, object]:
        return {
            "id": "employer-grant",
            "name_fa": "کمک به کارفرما",
            "name_en": "Employer grant",
            "required_evidence": ["national-id-card"],
            "rules": [
                {"id": "staff", "expression": expression, "reason_fa": "x", "reason_en": "x"}
            ],
            "sla_hours": 24,
        }

    mistyped = service('form.employees >= 1 && applicant.age >= "x"')
    refused = await window.applications.post(
        "/v1/catalog/services", json=mistyped, headers=PASSPORT
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"] == "rules.0.expression"
    good = service("form.employees >= 1")
    created = await window.applications.post("/v1/catalog/services", json=good, headers=PASSPORT)
    assert created.status_code == 201, created.text
