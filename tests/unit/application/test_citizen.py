"""The applicant's use cases on a fake unit of work: only their own application, only while it
awaits them, bad input changing nothing; the preview sweep on a driven clock; a preview
service's evidence through the handler table."""

import datetime as dt
from collections.abc import Callable

import pytest

from application_service import handlers
from application_service.applications import citizen_services, domain
from application_service.applications.states import State
from application_service.catalog import seed
from application_service.catalog.model import Service
from panjereh import events
from panjereh.consumers import Received
from panjereh.problems import ProblemError
from tests.unit.application.fakes import FakeApplicationUnitOfWork

pytestmark = pytest.mark.asyncio
NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
MINE, OTHER = "0499370899", "0018392741"
SERVICE = Service(
    id="jobs", agency_id="labour", name_fa="ثبت‌نام", name_en="Registration",
    required_evidence=("national-id-card",), preview=True, preview_window_minutes=30,
    rules=(seed.ID_CARD_VALID,),
)  # fmt: skip


async def _waiting(uow: FakeApplicationUnitOfWork, app_id: str = "app-1") -> None:
    app, _ = domain.submit(
        application_id=app_id, tracking_code=f"t-{app_id}", service=domain.view(SERVICE),
        applicant=domain.Applicant(MINE), form={}, now=NOW,
    )  # fmt: skip
    slot = domain.EvidenceSlot("found", {"national_code": MINE, "valid": True}, NOW, "sandbox")
    domain.record_evidence(
        app, evidence_type="national-id-card", slot=slot, service=domain.view(SERVICE), now=NOW
    )
    uow.applications.add(app)
    await uow.applications.flush()


def _factory(uow: FakeApplicationUnitOfWork) -> Callable[[], FakeApplicationUnitOfWork]:
    return lambda: uow


async def test_the_applicant_confirms_their_own_application() -> None:
    uow = FakeApplicationUnitOfWork(SERVICE)
    await _waiting(uow)
    app, service = await citizen_services.confirm(
        _factory(uow), national_code=MINE, application_id="app-1"
    )
    assert app.state is State.EVALUATING and service == SERVICE
    assert uow.commits == 1
    assert [type(e) for e in uow.emitted] == [
        events.ApplicationPreviewConfirmed,
        events.ApplicationStateChanged,
    ]
    assert uow.rows.rows["app-1"].state is State.EVALUATING


@pytest.mark.parametrize(("who", "which"), [(OTHER, "app-1"), (MINE, "no-such-app")])
async def test_another_persons_or_an_unknown_application_is_404_and_unchanged(
    who: str, which: str
) -> None:
    uow = FakeApplicationUnitOfWork(SERVICE)
    await _waiting(uow)
    for step in (
        citizen_services.confirm(_factory(uow), national_code=who, application_id=which),
        citizen_services.object_to(
            _factory(uow),
            national_code=who,
            application_id=which,
            evidence_type="national-id-card",
            reason="wrong",
        ),
        citizen_services.view(_factory(uow), national_code=who, application_id=which),
    ):
        with pytest.raises(ProblemError) as refused:
            await step
        assert refused.value.status == 404
    assert uow.commits == 0 and uow.emitted == []
    assert uow.rows.rows["app-1"].state is State.AWAITING_APPLICANT


async def test_confirming_twice_is_a_conflict_the_second_time() -> None:
    uow = FakeApplicationUnitOfWork(SERVICE)
    await _waiting(uow)
    await citizen_services.confirm(_factory(uow), national_code=MINE, application_id="app-1")
    with pytest.raises(ProblemError) as refused:
        await citizen_services.confirm(_factory(uow), national_code=MINE, application_id="app-1")
    assert (refused.value.status, refused.value.code) == (409, "illegal-state")
    assert uow.commits == 1


async def test_an_objection_to_an_evidence_type_it_does_not_hold_is_422_and_changes_nothing() -> (
    None
):
    uow = FakeApplicationUnitOfWork(SERVICE)
    await _waiting(uow)
    with pytest.raises(ProblemError) as refused:
        await citizen_services.object_to(
            _factory(uow), national_code=MINE, application_id="app-1",
            evidence_type="driving-license", reason="wrong",
        )  # fmt: skip
    assert refused.value.status == 422
    assert uow.commits == 0 and uow.rows.rows["app-1"].preview.answer is None  # type: ignore[union-attr]


async def test_an_objection_goes_to_review_and_is_kept_with_the_application() -> None:
    uow = FakeApplicationUnitOfWork(SERVICE)
    await _waiting(uow)
    await citizen_services.object_to(
        _factory(uow), national_code=MINE, application_id="app-1",
        evidence_type="national-id-card", reason="نام من اشتباه است",
    )  # fmt: skip
    stored = uow.rows.rows["app-1"]
    assert stored.state is State.NEEDS_REVIEW
    assert stored.preview and stored.preview.objection
    assert stored.preview.objection.reason == "نام من اشتباه است"
    assert [type(e) for e in uow.emitted] == [
        events.ApplicationObjected,
        events.ApplicationStateChanged,
    ]


async def test_the_sweep_sends_on_only_the_windows_that_ended() -> None:
    uow = FakeApplicationUnitOfWork(SERVICE)
    await _waiting(uow, "app-1")
    await _waiting(uow, "app-2")
    await citizen_services.confirm(_factory(uow), national_code=MINE, application_id="app-2")
    uow.emitted.clear()
    early = NOW + dt.timedelta(minutes=29)
    assert await citizen_services.sweep_previews(_factory(uow), now=lambda: early) == 0
    assert uow.rows.rows["app-1"].state is State.AWAITING_APPLICANT
    ended = NOW + dt.timedelta(minutes=30)
    assert await citizen_services.sweep_previews(_factory(uow), now=lambda: ended) == 1
    assert uow.rows.rows["app-1"].state is State.EVALUATING
    confirmed = [e for e in uow.emitted if isinstance(e, events.ApplicationPreviewConfirmed)]
    assert [(e.application_id, e.by) for e in confirmed] == [("app-1", "window")]
    uow.emitted.clear()
    assert await citizen_services.sweep_previews(_factory(uow), now=lambda: ended) == 0
    assert uow.emitted == []


async def test_evidence_for_a_preview_service_stops_at_the_applicant_through_the_table() -> None:
    uow = FakeApplicationUnitOfWork(SERVICE)
    app, _ = domain.submit(
        application_id="app-9", tracking_code="t-9", service=domain.view(SERVICE),
        applicant=domain.Applicant(MINE), form={}, now=NOW,
    )  # fmt: skip
    uow.applications.add(app)
    await uow.applications.flush()
    retrieved = events.EvidenceRetrieved(
        application_id="app-9", evidence_type="national-id-card", agency_id="labour",
        service_id="jobs", inquiry_id="i-1", status="found",
        data={"national_code": MINE, "valid": True}, registry="civil-registration",
        retrieved_at=NOW, purpose="jobs",
    )  # fmt: skip
    envelope = events.wrap(retrieved, source="/test")
    await handlers.TABLE.apply(uow, [Received(retrieved, envelope)])
    await uow.commit()
    assert uow.rows.rows["app-9"].state is State.AWAITING_APPLICANT
    assert [type(e) for e in uow.emitted] == [
        events.ApplicationStateChanged,
        events.ApplicationPreviewOpened,
    ]
