"""Preview before use on SQLite and PostgreSQL (and once over Kafka): the seeded preview
service's application waits for its applicant, who sees the fetched fields minimised and
confirms, objects, or lets the window end; the sweep is safe with two replicas at once.

The window is a day in the seed: the test moves an application's due time into the past in
the service's own database, and the preview sweep runs every 0.2 s."""

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import pytest_asyncio
import sqlalchemy as sa

from application_service.applications import citizen_services
from application_service.models import applications
from application_service.uow import units
from panjereh import evidence
from panjereh.bus.memory import InMemoryBus
from panjereh.settings import BusKind
from tests.integration.application.conftest import Platform, persona, platform, submission
from tests.support import ISSUER, bearer, unique

pytestmark = pytest.mark.asyncio
SERVICE = "job-seeker-registration"
LABOUR = bearer("labour-ministry", "applications:write", "applications:read", "applications:review")


def as_citizen(national_code: str) -> dict[str, str]:
    token = ISSUER.issue_citizen(national_code=national_code, ttl=dt.timedelta(minutes=15))
    return {"Authorization": f"Bearer {token}"}


def complete() -> dict[str, str]:
    """The complete persona's citizen token, minted when used: a citizen token lives at most
    15 minutes, and one minted at import expired before the suite reached these tests."""
    return as_citizen(persona("complete").national_code)


@pytest_asyncio.fixture
async def window(
    database_url: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Platform]:
    monkeypatch.setenv("PANJEREH_APPLICATION_PREVIEW_SWEEP_SECONDS", "0.2")
    bus = InMemoryBus()
    await bus.start()
    async with platform(
        application_db=database_url,
        inquiry_db=f"sqlite+aiosqlite:///{tmp_path}/inq.db",
        shared_bus=bus,
    ) as p:
        yield p
    await bus.stop()


async def state_of(window: Platform, app_id: str, wanted: set[str]) -> dict[str, Any]:
    """The application (as its agency sees it) once it reached one of `wanted`."""
    async with asyncio.timeout(60):
        while True:
            body: dict[str, Any] = (
                await window.applications.get(f"/v1/applications/{app_id}", headers=LABOUR)
            ).json()
            if body["state"] in wanted:
                return body
            await asyncio.sleep(0.1)


async def waiting(window: Platform) -> str:
    accepted = await window.applications.post(
        "/v1/applications",
        json=submission(SERVICE, "complete"),
        headers=LABOUR | {"Idempotency-Key": uuid.uuid4().hex},
    )
    assert accepted.status_code == 202, accepted.text
    app_id: str = accepted.json()["id"]
    body = await state_of(window, app_id, {"awaiting_applicant", "evaluating", "approved"})
    assert body["state"] == "awaiting_applicant", body  # not on to the rules before the applicant
    assert body["preview"]["answer"] is None and body["decision"] is None
    return app_id


async def test_the_applicant_sees_the_fetched_fields_then_confirms(window: Platform) -> None:
    app_id = await waiting(window)
    seen = await window.applications.get(f"/v1/citizen/applications/{app_id}", headers=complete())
    assert seen.status_code == 200, seen.text
    mine = seen.json()
    assert (mine["state"], mine["awaiting_you"]) == ("awaiting_applicant", True)
    assert mine["state_label"]["fa"] and mine["state_label"]["en"]
    assert mine["service"]["id"] == SERVICE and mine["service"]["preview"] is True
    assert [e["evidence_type"] for e in mine["evidence"]] == [
        "national-id-card", "birth-certificate", "education-degree",
    ]  # fmt: skip
    for fetched in mine["evidence"]:
        assert fetched["status"] == "found" and fetched["retrieved_at_jalali"]
        names = [f["name"] for f in fetched["fields"]]
        assert names and set(names) <= set(evidence.SHAREABLE_FIELDS[fetched["evidence_type"]])
        assert all(f["label"]["fa"] for f in fetched["fields"])
    card = {f["name"]: f for f in mine["evidence"][0]["fields"]}
    assert "card_serial" not in card and "father_name_fa" not in card  # minimised
    assert card["national_code"]["value"] == persona("complete").national_code
    assert card["birth_date"]["value_jalali"]
    assert mine["preview"]["due_at_jalali"] and mine["timeline"][-1]["state"] == (
        "awaiting_applicant"
    )

    confirmed = await window.applications.post(
        f"/v1/citizen/applications/{app_id}/confirm", headers=complete()
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["preview"]["answer"] == "confirmed"
    decided = await state_of(window, app_id, {"approved", "rejected", "needs_review"})
    assert (decided["state"], decided["decision"]["by"]) == ("approved", "rules")
    steps = [step["state"] for step in decided["events"]]
    assert steps[-3:] == ["awaiting_applicant", "evaluating", "approved"]


async def test_an_objection_goes_to_an_officer_who_sees_it(window: Platform) -> None:
    app_id = await waiting(window)
    objected = await window.applications.post(
        f"/v1/citizen/applications/{app_id}/object",
        json={"evidence_type": "education-degree", "reason": "مدرک کارشناسی ارشد من ثبت نشده است."},
        headers=complete(),
    )
    assert objected.status_code == 200, objected.text
    assert objected.json()["state"] == "needs_review"
    officer_view = await state_of(window, app_id, {"needs_review"})
    objection = officer_view["preview"]["objection"]
    assert objection["evidence_type"] == "education-degree"
    assert objection["reason"] == "مدرک کارشناسی ارشد من ثبت نشده است."
    assert officer_view["decision"] is None
    mine = (
        await window.applications.get(f"/v1/citizen/applications/{app_id}", headers=complete())
    ).json()
    assert mine["preview"]["objection"]["reason"] == objection["reason"]
    assert mine["awaiting_you"] is False

    reviewed = await window.applications.post(
        f"/v1/applications/{app_id}/review",
        json={"outcome": "approved", "reason": "مدرک ارشد در سامانه ثبت شد."},
        headers=LABOUR,
    )
    assert reviewed.status_code == 200, reviewed.text
    assert reviewed.json()["decision"]["by"] == "officer"


async def test_with_no_answer_the_window_ends_and_the_rules_decide(window: Platform) -> None:
    app_id = await waiting(window)
    await _window_ended(window, app_id)
    decided = await state_of(window, app_id, {"approved", "rejected", "needs_review"})
    assert (decided["state"], decided["decision"]["by"]) == ("approved", "rules")
    assert decided["preview"]["answer"] == "lapsed"
    lapsed = next(step for step in decided["events"] if step["state"] == "evaluating")
    assert "window" in lapsed["reason"]["en"]
    late = await window.applications.post(
        f"/v1/citizen/applications/{app_id}/confirm", headers=complete()
    )
    assert late.status_code == 409


async def _window_ended(window: Platform, app_id: str) -> None:
    engine = window.application_app.state.runtime.engine
    async with engine.begin() as connection:
        await connection.execute(
            applications.update()
            .where(applications.c.id == app_id)
            .values(preview_due_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )


@pytest.mark.postgres
async def test_two_replicas_sweeping_at_once_send_each_application_on_once(
    postgres_url: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANJEREH_APPLICATION_PREVIEW_SWEEP_SECONDS", "3600")  # only ours run
    bus = InMemoryBus()
    await bus.start()
    async with platform(
        application_db=postgres_url,
        inquiry_db=f"sqlite+aiosqlite:///{tmp_path}/inq.db",
        shared_bus=bus,
    ) as window:
        waiting_ids = [await waiting(window) for _ in range(6)]
        for app_id in waiting_ids:
            await _window_ended(window, app_id)
        factory = units(window.application_app.state.runtime)
        taken = await asyncio.gather(
            *(citizen_services.sweep_previews(factory, batch=4) for _ in range(2))
        )
        taken_again = await citizen_services.sweep_previews(factory, batch=10)
        assert sum(taken) + taken_again == 6  # each once, whichever sweep took it
        engine = window.application_app.state.runtime.engine
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    sa.select(applications.c.timeline).where(applications.c.id.in_(waiting_ids))
                )
            ).all()
        for (timeline,) in rows:
            assert [s["state"] for s in timeline].count("evaluating") == 1
    await bus.stop()


async def test_a_preview_over_kafka_on_postgresql(
    postgres_databases: Callable[[], Awaitable[str]], kafka_bootstrap: str
) -> None:
    kafka: dict[str, Any] = {
        "bus": BusKind.KAFKA,
        "kafka_bootstrap_servers": kafka_bootstrap,
        "kafka_topic_prefix": unique("preview") + ".",
    }
    async with platform(
        application_db=await postgres_databases(), inquiry_db=await postgres_databases(), **kafka
    ) as window:
        app_id = await waiting(window)
        confirmed = await window.applications.post(
            f"/v1/citizen/applications/{app_id}/confirm", headers=complete()
        )
        assert confirmed.status_code == 200, confirmed.text
        decided = await state_of(window, app_id, {"approved", "rejected", "needs_review"})
        assert (decided["state"], decided["decision"]["by"]) == ("approved", "rules")


CATALOG = bearer("labour-ministry", "catalog:write")


async def test_the_catalogue_takes_a_preview_and_refuses_one_it_cannot_keep(
    window: Platform,
) -> None:
    spec = {
        "name_fa": "خدمت با پیش‌نمایش", "name_en": "A previewed service",
        "required_evidence": ["national-id-card"], "sla_hours": 2, "preview": True,
        "preview_window_minutes": 90,
    }  # fmt: skip
    created = await window.applications.post(
        "/v1/catalog/services", json={"id": unique("prev"), **spec}, headers=CATALOG
    )
    assert created.status_code == 201, created.text
    shown = (await window.applications.get(created.headers["Location"])).json()
    assert (shown["preview"], shown["preview_window_minutes"]) == (True, 90)
    seeded = (await window.applications.get(f"/v1/catalog/services/{SERVICE}")).json()
    assert (seeded["preview"], seeded["preview_window_minutes"]) == (True, 24 * 60)
    assert {b["status"] for b in seeded["legal_basis"]} == {"approved"}

    for bad, field in (
        ({"preview_window_minutes": 121}, "preview_window_minutes"),  # past the SLA
        ({"preview_window_minutes": 2}, "preview_window_minutes"),
        ({"required_evidence": []}, "preview"),
    ):
        refused = await window.applications.post(
            "/v1/catalog/services",
            json={"id": unique("prev"), **spec, **bad},
            headers=CATALOG | {"Accept-Language": "fa"},
        )
        assert refused.status_code == 422, refused.text
        [error] = refused.json()["errors"]
        assert error["field"] == field
        assert any("\u0600" <= c <= "\u06ff" for c in error["message"]), error

    document = (await window.applications.get("/openapi.json")).json()
    properties = document["components"]["schemas"]["ServiceSpec"]["properties"]
    assert properties["preview_window_minutes"]["minimum"] == 5
    assert properties["preview_window_minutes"]["maximum"] == 7 * 24 * 60
    assert "preview" in properties
