"""The SLA sweep on a fake unit of work: each service's action, in the sweep's one commit."""

import datetime as dt
from typing import Any

import pytest

from application_service.applications import decider, domain, services, sla
from application_service.applications.states import State
from application_service.catalog.model import Service
from panjereh import events
from panjereh.problems import ProblemError
from tests.unit.application.fakes import FakeApplicationUnitOfWork

pytestmark = pytest.mark.asyncio
LONG_AGO = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
BASE = Service(
    id="notify", agency_id="police", name_fa="خدمت", name_en="Service",
    required_evidence=("national-id-card",),
)  # fmt: skip
SERVICES = {
    action: BASE.model_copy(update={"id": action, "sla_breach_action": action})
    for action in ("notify", "escalate", "deem_approved")
}


async def _overdue(uow: FakeApplicationUnitOfWork, app_id: str, service: Service) -> None:
    app, _ = domain.submit(
        application_id=app_id,
        tracking_code=f"{app_id}-code",
        service=domain.view(service),
        applicant=domain.Applicant("0499370899"),
        form={},
        now=LONG_AGO,
    )
    uow.applications.add(app)
    await uow.applications.flush()


def _of(uow: FakeApplicationUnitOfWork, app_id: str) -> list[type[events.Event]]:
    return [type(e) for e in uow.emitted if getattr(e, "application_id", None) == app_id]


def _stored(uow: FakeApplicationUnitOfWork, app_id: str) -> domain.Application:
    return uow.rows.rows[app_id]


async def test_one_sweep_acts_on_each_service_as_its_catalogue_entry_says() -> None:
    uow = FakeApplicationUnitOfWork(*SERVICES.values())
    for action, service in SERVICES.items():
        await _overdue(uow, f"app-{action}", service)
    assert await services.sweep_sla(lambda: uow) == 3
    assert uow.commits == 1
    assert _of(uow, "app-notify") == [events.ApplicationSlaBreached]
    assert _of(uow, "app-escalate") == [events.ApplicationSlaBreached, events.ApplicationEscalated]
    assert _of(uow, "app-deem_approved") == [
        events.ApplicationSlaBreached,
        events.ApplicationStateChanged,
        events.ApplicationDecided,
    ]
    assert _stored(uow, "app-notify").state is State.COLLECTING_EVIDENCE
    assert _stored(uow, "app-escalate").state is State.COLLECTING_EVIDENCE
    approved = _stored(uow, "app-deem_approved")
    assert approved.state is State.APPROVED and approved.sla_breached
    assert approved.decision is not None and approved.decision.by == "sla"
    assert approved.decision.reasons == [sla.DEEMED_APPROVAL]


async def test_a_second_sweep_finds_nothing_to_do() -> None:
    uow = FakeApplicationUnitOfWork(*SERVICES.values())
    for action, service in SERVICES.items():
        await _overdue(uow, f"app-{action}", service)
    await services.sweep_sla(lambda: uow)
    uow.emitted.clear()
    assert await services.sweep_sla(lambda: uow) == 0
    assert uow.emitted == []


async def test_an_officer_who_decided_first_is_never_overruled() -> None:
    uow = FakeApplicationUnitOfWork(SERVICES["deem_approved"])
    await _overdue(uow, "app-1", SERVICES["deem_approved"])
    _stored(uow, "app-1").state = State.NEEDS_REVIEW
    await services.review(
        lambda: uow,
        agency_id="police",
        application_id="app-1",
        outcome="rejected",
        reason="no",
        officer="officer-7",
    )
    assert await services.sweep_sla(lambda: uow) == 0
    stored = _stored(uow, "app-1")
    assert stored.state is State.REJECTED and stored.decision is not None
    assert stored.decision.by == "officer"


async def test_an_officer_too_late_after_the_deemed_approval_gets_a_conflict() -> None:
    uow = FakeApplicationUnitOfWork(SERVICES["deem_approved"])
    await _overdue(uow, "app-1", SERVICES["deem_approved"])
    _stored(uow, "app-1").state = State.NEEDS_REVIEW
    await services.sweep_sla(lambda: uow)
    with pytest.raises(ProblemError) as refused:
        await services.review(
            lambda: uow,
            agency_id="police",
            application_id="app-1",
            outcome="rejected",
            reason="no",
            officer="officer-7",
        )
    assert (refused.value.status, refused.value.code) == (409, "illegal-state")
    assert _stored(uow, "app-1").state is State.APPROVED


async def test_the_decider_leaves_an_application_the_sweep_approved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(decider, "_RUNNING", [])
    service = SERVICES["deem_approved"]
    uow = FakeApplicationUnitOfWork(service)
    await _overdue(uow, "app-1", service)
    _stored(uow, "app-1").state = State.EVALUATING
    async with uow:
        due = await uow.applications.evaluating(limit=10)
    await services.sweep_sla(lambda: uow)
    failures: Any = []
    assert await decider.record(lambda: uow, [(due[0], domain.view(service), failures)]) == 0
    stored = _stored(uow, "app-1")
    assert stored.state is State.APPROVED and stored.decision is not None
    assert stored.decision.by == "sla"
