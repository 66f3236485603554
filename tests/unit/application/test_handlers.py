"""The application service's handlers and decider on a fake unit of work (no I/O)."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from application_service.applications import decider, domain, services
from application_service.applications.states import State
from application_service.catalog import rules
from application_service.catalog.model import Service
from application_service.handlers import TABLE
from panjereh import events
from panjereh.consumers import Received
from tests.unit.application.fakes import FakeApplicationUnitOfWork, InMemoryApplications

pytestmark = pytest.mark.asyncio
NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
TYPES = ("national-id-card", "birth-certificate")
ALIVE = rules.Rule(
    id="alive",
    expression='evidence["birth-certificate"].alive',
    reason_fa="متقاضی در قید حیات نیست.",
    reason_en="The applicant is not alive.",
)
AUTOMATIC = Service(
    id="passport", agency_id="police", name_fa="گذرنامه", name_en="Passport",
    required_evidence=TYPES, rules=(ALIVE,),
)  # fmt: skip
MANUAL = AUTOMATIC.model_copy(update={"id": "permit", "decision": "manual", "rules": ()})


def _uow() -> FakeApplicationUnitOfWork:
    return FakeApplicationUnitOfWork(AUTOMATIC, MANUAL)


async def _submitted(uow: FakeApplicationUnitOfWork, app_id: str, service: Service) -> None:
    app, _ = domain.submit(
        application_id=app_id,
        tracking_code=f"{app_id}-code",
        service=domain.view(service),
        applicant=domain.Applicant("0499370899", None, dt.date(1990, 3, 21)),
        form={},
        now=NOW,
    )
    uow.applications.add(app)
    await uow.applications.flush()


def _found(app_id: str, kind: str, service: Service = AUTOMATIC) -> Received[events.Event]:
    return _received(
        events.EvidenceRetrieved(
            application_id=app_id, evidence_type=kind, agency_id=service.agency_id,
            service_id=service.id, inquiry_id=f"inq-{app_id}-{kind}", status="found",
            data={"alive": True, "valid": True}, registry="sandbox", retrieved_at=NOW,
            purpose="test",
        )
    )  # fmt: skip


def _unavailable(app_id: str, kind: str) -> Received[events.Event]:
    return _received(
        events.EvidenceUnavailable(
            application_id=app_id, evidence_type=kind, agency_id="police", service_id="passport",
            registry="sandbox", reason="registry_unavailable", detail="down", attempts=3,
            given_up_at=NOW,
        )
    )  # fmt: skip


def _received(event: events.Event) -> Received[events.Event]:
    return Received(event, events.wrap(event, source="/test"))


def _stored(uow: FakeApplicationUnitOfWork, app_id: str) -> domain.Application:
    return uow.rows.rows[app_id]


class _CountingDecider:
    def __init__(self) -> None:
        self.wakes = 0

    def wake(self) -> None:
        self.wakes += 1


@pytest.fixture
def woken(monkeypatch: pytest.MonkeyPatch) -> _CountingDecider:
    counting = _CountingDecider()
    monkeypatch.setattr(decider, "_RUNNING", [counting])
    return counting


async def _apply(uow: FakeApplicationUnitOfWork, batch: Sequence[Received[events.Event]]) -> None:
    async with uow:
        await TABLE.apply(uow, batch)
        await uow.commit()


def _changes(uow: FakeApplicationUnitOfWork) -> list[tuple[str, str]]:
    return [
        (e.application_id, e.to_state)
        for e in uow.emitted
        if isinstance(e, events.ApplicationStateChanged)
    ]


async def test_the_table_reads_the_evidence_topic_only() -> None:
    assert TABLE.topics == (events.EVIDENCE,)
    assert TABLE.types == {events.EvidenceRetrieved.type, events.EvidenceUnavailable.type}


async def test_a_batch_loads_its_applications_once_and_readies_both(
    woken: _CountingDecider,
) -> None:
    uow = _uow()
    for app_id in ("app-b", "app-a"):
        await _submitted(uow, app_id, AUTOMATIC)
    batch = [
        _found("app-b", TYPES[0]),
        _found("app-a", TYPES[0]),
        _found("not-ours", TYPES[0]),  # an inquiry someone else made
        _found("app-a", TYPES[1]),
        _found("app-b", TYPES[1]),
    ]
    await _apply(uow, batch)
    assert uow.rows.loads == [["app-a", "app-b", "not-ours"]]  # one read, in key order
    assert _stored(uow, "app-a").state is State.EVALUATING
    assert _stored(uow, "app-b").state is State.EVALUATING
    assert _changes(uow) == [("app-a", "evaluating"), ("app-b", "evaluating")]
    assert uow.commits == 1
    assert woken.wakes == 1  # one wake for the batch, two applications ready


async def test_evidence_still_waiting_for_another_type_is_stored_without_events(
    woken: _CountingDecider,
) -> None:
    uow = _uow()
    await _submitted(uow, "app-1", AUTOMATIC)
    await _apply(uow, [_found("app-1", TYPES[0])])
    stored = _stored(uow, "app-1")
    assert stored.state is State.COLLECTING_EVIDENCE
    assert stored.evidence[TYPES[0]].status == "found"
    assert stored.evidence[TYPES[1]].status == "pending"
    assert uow.emitted == [] and woken.wakes == 0


async def test_a_batch_applied_one_event_at_a_time_ends_the_same(woken: _CountingDecider) -> None:
    whole, single = _uow(), _uow()
    for uow in (whole, single):
        await _submitted(uow, "app-1", AUTOMATIC)
    batch = [_found("app-1", TYPES[0]), _found("app-1", TYPES[1])]
    await _apply(whole, batch)
    for item in batch:  # the bus's replay path after a failed batch
        await _apply(single, [item])
    assert _stored(whole, "app-1").evidence == _stored(single, "app-1").evidence
    assert _stored(single, "app-1").state is State.EVALUATING
    assert _changes(whole) == _changes(single)


async def test_a_manual_service_is_referred_by_the_handler_itself(woken: _CountingDecider) -> None:
    uow = _uow()
    await _submitted(uow, "app-1", MANUAL)
    await _apply(uow, [_found("app-1", kind, MANUAL) for kind in TYPES])
    assert _stored(uow, "app-1").state is State.NEEDS_REVIEW
    [decided] = [e for e in uow.emitted if isinstance(e, events.ApplicationDecided)]
    assert decided.outcome == "needs_review" and decided.by == "rules"
    assert woken.wakes == 0  # nothing left for the decider


async def test_unavailable_evidence_fails_the_application(woken: _CountingDecider) -> None:
    uow = _uow()
    await _submitted(uow, "app-1", AUTOMATIC)
    await _apply(uow, [_found("app-1", TYPES[0]), _unavailable("app-1", TYPES[1])])
    stored = _stored(uow, "app-1")
    assert stored.state is State.FAILED
    assert stored.evidence[TYPES[1]].detail == "registry_unavailable: down"
    assert _changes(uow) == [("app-1", "failed")]


async def test_late_evidence_for_a_cancelled_application_changes_nothing(
    woken: _CountingDecider,
) -> None:
    uow = _uow()
    await _submitted(uow, "app-1", AUTOMATIC)
    await services.cancel(lambda: uow, agency_id="police", application_id="app-1")
    version = _stored(uow, "app-1").version
    await _apply(uow, [_found("app-1", TYPES[0])])
    assert _stored(uow, "app-1").version == version  # not written again
    assert _stored(uow, "app-1").evidence[TYPES[0]].status == "pending"
    assert _changes(uow) == [("app-1", "cancelled")]


async def _evaluating(uow: FakeApplicationUnitOfWork, *app_ids: str) -> None:
    for app_id in app_ids:
        await _submitted(uow, app_id, AUTOMATIC)
    await _apply(uow, [_found(app_id, kind) for app_id in app_ids for kind in TYPES])
    uow.emitted.clear()


class _Pool:
    """Evaluates in-process; refuses the applications named in `broken` (pool down)."""

    def __init__(self, *broken: str) -> None:
        self.broken = set(broken)

    async def evaluate_many(self, sets: Any) -> list[list[rules.Failure]]:
        if any(data["applicant"]["national_code"] in self.broken for _, data in sets):
            raise RuntimeError("rule pool broken")
        return [rules.evaluate(rule_set, data) for rule_set, data in sets]


async def test_the_decider_decides_a_batch_in_one_unit_of_work(woken: _CountingDecider) -> None:
    uow = _uow()
    await _evaluating(uow, "app-1", "app-2", "app-3")
    commits = uow.commits
    loop = decider.Decider(lambda: uow, _Pool(), poll_seconds=60, batch=2)  # type: ignore[arg-type]
    assert await loop.round() is True  # a full batch: more may wait
    assert uow.commits == commits + 1  # the decisions of the batch, in one unit of work
    assert [_stored(uow, a).state for a in ("app-1", "app-2", "app-3")] == [
        State.APPROVED, State.APPROVED, State.EVALUATING,
    ]  # fmt: skip
    assert await loop.round() is False
    assert _stored(uow, "app-3").state is State.APPROVED
    decided = [e.application_id for e in uow.emitted if isinstance(e, events.ApplicationDecided)]
    assert decided == ["app-1", "app-2", "app-3"]


async def test_the_decider_leaves_one_the_pool_could_not_run(woken: _CountingDecider) -> None:
    uow = _uow()
    await _evaluating(uow, "app-1")
    loop = decider.Decider(lambda: uow, _Pool("0499370899"), poll_seconds=60, batch=10)  # type: ignore[arg-type]
    assert await loop.round() is False
    assert _stored(uow, "app-1").state is State.EVALUATING  # waits, not referred
    assert uow.emitted == []


async def test_a_decision_skips_one_cancelled_while_its_rules_ran(
    woken: _CountingDecider,
) -> None:
    uow = _uow()
    await _evaluating(uow, "app-1", "app-2")
    async with uow:
        due = await uow.applications.evaluating(limit=10)
    await services.cancel(lambda: uow, agency_id="police", application_id="app-1")
    view = domain.view(AUTOMATIC)
    assert await decider.record(lambda: uow, [(app, view, []) for app in due]) == 1
    assert _stored(uow, "app-1").state is State.CANCELLED
    assert _stored(uow, "app-2").state is State.APPROVED


async def test_the_sla_sweep_reports_each_overdue_application_once() -> None:
    uow = _uow()
    await _submitted(uow, "app-1", AUTOMATIC)
    due = _stored(uow, "app-1").sla_due_at = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    assert isinstance(uow.applications, InMemoryApplications)
    assert await services.sweep_sla(lambda: uow) == 0  # not due yet
    _stored(uow, "app-1").sla_due_at = NOW  # long past
    assert await services.sweep_sla(lambda: uow) == 1
    assert await services.sweep_sla(lambda: uow) == 0
    [breach] = uow.emitted
    assert isinstance(breach, events.ApplicationSlaBreached)
    assert breach.application_id == "app-1" and breach.sla_due_at == NOW != due
