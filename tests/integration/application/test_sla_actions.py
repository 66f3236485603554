"""A missed SLA acts as the service's catalogue entry says (API.md, SLA breaches), on SQLite
and PostgreSQL: the sweep's loop runs every 0.2 s, and each application is given a due time
a few seconds away (the test's seed: the catalogue's SLA counts in hours)."""

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import pytest
import pytest_asyncio
import sqlalchemy as sa

from application_service.applications import services, sla
from application_service.models import applications
from application_service.uow import ApplicationUnitOfWork
from panjereh import events
from panjereh.bus.base import Delivery
from panjereh.bus.memory import InMemoryBus
from tests.integration.application.conftest import Platform, platform, submission
from tests.support import bearer

pytestmark = pytest.mark.asyncio
AGENCY = bearer(
    "passport-police", "applications:write", "applications:read", "applications:review",
    "catalog:write",
)  # fmt: skip
ACTIONS = ("notify", "escalate", "deem_approved")
SOON = dt.timedelta(seconds=2)


class Seen:
    """Every application event the service published, in order."""

    def __init__(self) -> None:
        self.events: list[events.Event] = []

    async def __call__(self, batch: Sequence[Delivery]) -> None:
        self.events.extend(events.unwrap(delivery.envelope()) for delivery in batch)

    def of(self, application_id: str) -> list[events.Event]:
        return [e for e in self.events if getattr(e, "application_id", None) == application_id]

    async def relayed(self, application_id: str, kind: type[events.Event]) -> None:
        """Wait for the relay to have published a `kind` of the application."""
        await self.until(lambda: any(type(e) is kind for e in self.of(application_id)))

    async def until(self, done: Callable[[], bool]) -> None:
        async with asyncio.timeout(30):
            while True:
                if done():
                    return
                await asyncio.sleep(0.05)


@pytest_asyncio.fixture
async def sweeping(
    database_url: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Platform, Seen]]:
    monkeypatch.setenv("PANJEREH_APPLICATION_SLA_SWEEP_SECONDS", "0.2")
    bus, seen = InMemoryBus(), Seen()
    bus.subscribe([events.APPLICATION, events.CATALOG], seen, group="sla-watch")
    await bus.start()
    async with platform(
        application_db=database_url,
        inquiry_db=f"sqlite+aiosqlite:///{tmp_path}/inq.db",
        shared_bus=bus,
    ) as window:
        yield window, seen
    await bus.stop()


async def _service(window: Platform, action: str) -> str:
    """A manual service needing no evidence: its applications wait for an officer at once."""
    service_id = f"sla-{action.replace('_', '-')}"
    created = await window.applications.post(
        "/v1/catalog/services",
        json={
            "id": service_id, "name_fa": "خدمت آزمایشی", "name_en": "Test service",
            "decision": "manual", "sla_hours": 1, "sla_breach_action": action,
        },
        headers=AGENCY,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    assert created.json()["sla_breach_action"] == action
    return service_id


async def _waiting(window: Platform, service_id: str) -> str:
    accepted = await window.applications.post(
        "/v1/applications",
        json=submission(service_id, "complete"),
        headers=AGENCY | {"Idempotency-Key": uuid.uuid4().hex},
    )
    assert accepted.status_code == 202, accepted.text
    application_id: str = accepted.json()["id"]
    assert (await window.decided(application_id, AGENCY))["state"] == "needs_review"
    return application_id


async def _due_soon(window: Platform, application_id: str) -> None:
    engine = window.application_app.state.runtime.engine
    async with engine.begin() as connection:
        await connection.execute(
            applications.update()
            .where(applications.c.id == application_id)
            .values(sla_due_at=dt.datetime.now(dt.UTC) + SOON)
        )


async def _breached(window: Platform, application_id: str) -> dict[str, Any]:
    async with asyncio.timeout(30):
        while True:
            got = await window.applications.get(
                f"/v1/applications/{application_id}", headers=AGENCY
            )
            body: dict[str, Any] = got.json()
            if body["sla_breached"]:
                return body
            await asyncio.sleep(0.1)


async def test_each_action_does_what_the_contract_says(sweeping: tuple[Platform, Seen]) -> None:
    window, seen = sweeping
    waiting = {}
    for action in ACTIONS:
        waiting[action] = await _waiting(window, await _service(window, action))
        await _due_soon(window, waiting[action])
    after = {action: await _breached(window, app_id) for action, app_id in waiting.items()}

    assert after["notify"]["state"] == after["escalate"]["state"] == "needs_review"
    approved = after["deem_approved"]
    assert approved["state"] == "approved"
    assert (approved["decision"]["outcome"], approved["decision"]["by"]) == ("approved", "sla")
    assert approved["decision"]["officer"] is None
    assert approved["decision"]["reasons"] == [sla.DEEMED_APPROVAL.model_dump()]
    assert approved["events"][-1]["state"] == "approved"

    await seen.relayed(waiting["notify"], events.ApplicationSlaBreached)
    await seen.relayed(waiting["escalate"], events.ApplicationEscalated)
    await seen.relayed(waiting["deem_approved"], events.ApplicationDecided)
    await asyncio.sleep(0.5)  # two more rounds of the sweep, and their relay

    def after_submission(action: str) -> list[type[events.Event]]:
        kinds = [type(e) for e in seen.of(waiting[action])]
        return kinds[kinds.index(events.ApplicationSlaBreached) :]

    assert after_submission("notify") == [events.ApplicationSlaBreached]
    assert after_submission("escalate") == [
        events.ApplicationSlaBreached,
        events.ApplicationEscalated,
    ]
    assert after_submission("deem_approved") == [
        events.ApplicationSlaBreached,
        events.ApplicationStateChanged,
        events.ApplicationDecided,
    ]
    [escalated] = [
        e for e in seen.of(waiting["escalate"]) if type(e) is events.ApplicationEscalated
    ]
    assert isinstance(escalated, events.ApplicationEscalated)
    assert (escalated.agency_id, escalated.to) == ("passport-police", "agency-supervisors")
    referred, deemed = [
        e for e in seen.of(waiting["deem_approved"]) if isinstance(e, events.ApplicationDecided)
    ]
    assert (referred.outcome, referred.by) == ("needs_review", "rules")
    assert (deemed.outcome, deemed.by, deemed.reasons) == (
        "approved",
        "sla",
        (sla.DEEMED_APPROVAL,),
    )

    # An officer too late finds the application decided; the sweep never reports it again.
    late = await window.applications.post(
        f"/v1/applications/{waiting['deem_approved']}/review",
        json={"outcome": "rejected", "reason": "too late"},
        headers=AGENCY,
    )
    assert late.status_code == 409


async def test_the_action_is_in_the_catalogue_and_its_events(
    sweeping: tuple[Platform, Seen],
) -> None:
    window, seen = sweeping
    service_id = await _service(window, "escalate")
    body = (await window.applications.get(f"/v1/catalog/services/{service_id}")).json()
    assert body["sla_breach_action"] == "escalate"
    changed = await window.applications.put(
        f"/v1/catalog/services/{service_id}",
        json={k: v for k, v in body.items() if k in ("name_fa", "name_en", "decision", "sla_hours")}
        | {"sla_breach_action": "deem_approved"},
        headers=AGENCY,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["sla_breach_action"] == "deem_approved"

    def published() -> list[events.ServiceRegistered | events.ServiceUpdated]:
        return [
            e
            for e in seen.events
            if isinstance(e, events.ServiceRegistered | events.ServiceUpdated)
            and e.service_id == service_id
        ]

    await seen.until(lambda: len(published()) == 2)
    assert [(type(e), e.sla_breach_action) for e in published()] == [
        (events.ServiceRegistered, "escalate"),
        (events.ServiceUpdated, "deem_approved"),
    ]
    default = await window.applications.post(
        "/v1/catalog/services",
        json={"id": "sla-default", "name_fa": "خدمت", "name_en": "Service"},
        headers=AGENCY,
    )
    assert default.json()["sla_breach_action"] == "notify"


@pytest.mark.parametrize("action", ["ignore", "", "DEEM_APPROVED", None, 3])
async def test_an_unknown_action_is_refused_and_changes_nothing(
    sweeping: tuple[Platform, Seen], action: Any
) -> None:
    window, _ = sweeping
    refused = await window.applications.post(
        "/v1/catalog/services",
        json={
            "id": "sla-bad",
            "name_fa": "خدمت",
            "name_en": "Service",
            "sla_breach_action": action,
        },
        headers=AGENCY,
    )
    assert refused.status_code == 422, refused.text
    assert any("sla_breach_action" in e["field"] for e in refused.json()["errors"])
    assert (await window.applications.get("/v1/catalog/services/sla-bad")).status_code == 404


async def test_an_application_another_transaction_holds_is_left_to_the_next_round(
    postgres_url: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As an officer's review holds it (PostgreSQL row lock): the sweep skips it, and decides
    # nothing that the officer is deciding.
    monkeypatch.setenv("PANJEREH_APPLICATION_SLA_SWEEP_SECONDS", "3600")
    bus = InMemoryBus()
    await bus.start()
    async with platform(
        application_db=postgres_url,
        inquiry_db=f"sqlite+aiosqlite:///{tmp_path}/inq.db",
        shared_bus=bus,
    ) as window:
        application_id = await _waiting(window, await _service(window, "deem_approved"))
        engine = window.application_app.state.runtime.engine
        async with engine.begin() as connection:
            await connection.execute(
                applications.update()
                .where(applications.c.id == application_id)
                .values(sla_due_at=dt.datetime.now(dt.UTC) - SOON)
            )
        units = window.application_app.state.runtime.uow_of(ApplicationUnitOfWork)
        async with engine.connect() as officer:
            await officer.execute(
                sa.select(applications.c.id)
                .where(applications.c.id == application_id)
                .with_for_update()
            )
            assert await services.sweep_sla(units) == 0
            await officer.rollback()
        assert await services.sweep_sla(units) == 1
        after = (
            await window.applications.get(f"/v1/applications/{application_id}", headers=AGENCY)
        ).json()
        assert (after["state"], after["decision"]["by"]) == ("approved", "sla")
    await bus.stop()
