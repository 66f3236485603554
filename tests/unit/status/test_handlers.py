"""Must show: the projection folds a batch in memory (one load, set-based writes), stays
idempotent, waits for a change's submission, reports freshness once per application (and at
once for a late change), and notifies each changed code once, after commit."""

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

import pytest

from panjereh import events
from panjereh.consumers import Received
from panjereh.identity import subject_key as subject_of
from status_service import handlers
from status_service.schemas import Status
from tests.unit.status.fakes import FakeStatusUnitOfWork, FakeStore

pytestmark = pytest.mark.asyncio
SECRET = b"test-subject-key"
NATIONAL_CODE = "0018392741"
NOW = dt.datetime.now(dt.UTC)


class Application:
    """One application's events, as the application and inquiry services publish them."""

    def __init__(self) -> None:
        self.id = str(uuid.uuid4())
        self.code = uuid.uuid4().hex[:10].upper()

    def submitted(self, *, late_s: float = 0.0) -> events.CloudEvent:
        fact = events.ApplicationSubmitted(
            application_id=self.id,
            tracking_code=self.code,
            service_id="passport-issuance",
            agency_id="passport-police",
            national_code=NATIONAL_CODE,
            submitted_at=NOW,
            sla_due_at=NOW + dt.timedelta(hours=72),
            required_evidence=("national-id-card",),
        )
        return _wrap(fact, late_s)

    def moved(self, source: str | None, target: str, *, late_s: float = 0.0) -> events.CloudEvent:
        fact = events.ApplicationStateChanged(
            application_id=self.id,
            tracking_code=self.code,
            from_state=source,  # type: ignore[arg-type]
            to_state=target,  # type: ignore[arg-type]
            at=NOW,
            reason="No military card." if target == "rejected" else None,
        )
        return _wrap(fact, late_s)

    def decided(self, outcome: str = "rejected") -> events.CloudEvent:
        reason = events.Reason(code="military", fa="کارت پایان خدمت ندارد.", en="No military card.")
        fact = events.ApplicationDecided(
            application_id=self.id,
            tracking_code=self.code,
            service_id="passport-issuance",
            agency_id="passport-police",
            outcome=outcome,  # type: ignore[arg-type]
            by="rules",
            reasons=(reason,),
            decided_at=NOW,
        )
        return _wrap(fact)

    def evidence(self, inquiry_id: str | None = None) -> events.CloudEvent:
        fact = events.EvidenceRetrieved(
            application_id=self.id,
            evidence_type="national-id-card",
            agency_id="passport-police",
            service_id="passport-issuance",
            inquiry_id=inquiry_id or str(uuid.uuid4()),
            status="found",
            registry="civil-registration",
            retrieved_at=NOW,
            purpose="passport issuance",
        )
        return _wrap(fact)

    def unavailable(self) -> events.CloudEvent:
        fact = events.EvidenceUnavailable(
            application_id=self.id,
            evidence_type="military-service-card",
            agency_id="passport-police",
            service_id="passport-issuance",
            registry="conscription",
            reason="registry_unavailable",
            detail="timeout",
            attempts=3,
            given_up_at=NOW,
        )
        return _wrap(fact)

    def opening(self) -> list[events.CloudEvent]:
        """Submitted and its first two changes, as the application service publishes them."""
        return [
            self.submitted(),
            self.moved(None, "submitted"),
            self.moved("submitted", "collecting_evidence"),
        ]

    def rejection(self) -> list[events.CloudEvent]:
        return [self.moved("collecting_evidence", "rejected"), self.decided()]


def _wrap(fact: events.Event, late_s: float = 0.0) -> events.CloudEvent:
    at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=late_s)
    return events.wrap(fact, source="/test", time=at)


def _inquiry(application_id: str | None, inquiry_id: str | None = None) -> events.CloudEvent:
    fact = events.InquiryRecorded(
        inquiry_id=inquiry_id or str(uuid.uuid4()),
        national_code="۰۰۱۸۳۹۲۷۴۱",  # Persian digits: normalised before it is hashed
        agency_id="tax-office",
        client_id="tax-client",
        evidence_type="birth-certificate",
        service_id="tax-file",
        application_id=application_id,
        outcome="found",
        registry="civil-registration",
        at=NOW,
    )
    return _wrap(fact)


def _service(name_en: str) -> events.CloudEvent:
    fact = events.ServiceRegistered(
        service_id="passport-issuance",
        agency_id="passport-police",
        name_fa="صدور گذرنامه",
        name_en=name_en,
        required_evidence=("national-id-card",),
        decision="automatic",
        on_window=True,
        sla_hours=72,
        smart_by_design=True,
    )
    return _wrap(fact)


class Projection:
    """The table under test over one fake database, a batch per `apply`."""

    def __init__(self, *, alarm_ms: float = 5000.0) -> None:
        self.store = FakeStore()
        self.notified: list[str] = []
        self.table = handlers.table(
            subject_secret=SECRET,
            notify=lambda view: self.notified.append(view.tracking_code),
            freshness_alarm_ms=alarm_ms,
        )
        self.reports: list[events.StatusFreshness] = []

    async def apply(self, batch: Sequence[events.CloudEvent]) -> FakeStatusUnitOfWork:
        uow, notified = FakeStatusUnitOfWork(self.store), len(self.notified)
        async with uow:
            await self.table.apply(uow, [Received(events.unwrap(e), e) for e in batch])
            assert len(self.notified) == notified, "notified before the commit"
            await uow.commit()
        self.reports += [e for e in uow.emitted if isinstance(e, events.StatusFreshness)]
        return uow


def _ids(envelopes: Sequence[events.CloudEvent], *types: type[events.Event]) -> set[str]:
    return {e.id for e in envelopes if e.type in {t.type for t in types}}


SHOWN = (events.ApplicationSubmitted, events.ApplicationStateChanged)


async def test_a_batch_with_a_submission_and_its_changes_builds_the_view_in_one_load() -> None:
    projection, app = Projection(), Application()
    batch = [*app.opening(), *app.rejection()]
    await projection.apply(batch)
    view = projection.store.views[app.id]
    assert view.state == "rejected" and view.tracking_code == app.code
    assert [s.get("state") for s in view.timeline] == [
        None,  # the submission's entry: its lag, not a step
        "submitted",
        "collecting_evidence",
        "rejected",
    ]
    assert view.timeline[-1]["reason"] == {"fa": "No military card.", "en": "No military card."}
    assert view.reasons == [
        {"code": "military", "fa": "کارت پایان خدمت ندارد.", "en": "No military card."}
    ]
    assert view.version == 1 + 3 + 1  # created, three steps, the reasons
    assert view.subject == subject_of(SECRET, NATIONAL_CODE)
    assert view.agency_id == "passport-police", "the citizen's flags judge fetches by it"
    assert projection.store.fetches == [[app.id]], "one load for the whole batch"
    assert projection.notified == [app.code], "once per code per batch, after commit"


async def test_changes_in_later_batches_update_the_stored_view() -> None:
    projection, app = Projection(), Application()
    await projection.apply(app.opening())
    await projection.apply([app.moved("collecting_evidence", "evaluating")])
    await projection.apply(app.rejection())
    view = projection.store.views[app.id]
    assert [s.get("state") for s in view.timeline][-2:] == ["evaluating", "rejected"]
    assert view.version == 1 + 4 + 1
    assert projection.notified == [app.code] * 3


async def test_a_batch_of_several_applications_loads_them_at_once_in_key_order() -> None:
    projection = Projection()
    apps = [Application() for _ in range(3)]
    await projection.apply([a.opening()[0] for a in apps])
    await projection.apply([a.moved(None, "submitted") for a in reversed(apps)])
    assert projection.store.fetches[-1] == sorted(a.id for a in apps)
    assert {projection.store.views[a.id].state for a in apps} == {"submitted"}
    assert sorted(projection.notified[3:]) == sorted(a.code for a in apps)


async def test_a_change_before_its_submission_fails_the_batch_until_the_view_exists() -> None:
    projection, app = Projection(), Application()
    early = app.moved(None, "submitted")
    with pytest.raises(handlers.ViewNotReady):
        await projection.apply([early, app.evidence()])
    assert projection.store.views == {} and projection.store.access == {}, "nothing written"
    assert projection.notified == [] and projection.reports == []
    with pytest.raises(handlers.ViewNotReady):  # the bus retries it alone: still not ready
        await projection.apply([early])
    await projection.apply([app.submitted()])
    await projection.apply([early])
    assert projection.store.views[app.id].state == "submitted"


async def test_a_decision_before_its_submission_is_not_ready_either() -> None:
    projection, app = Projection(), Application()
    with pytest.raises(handlers.ViewNotReady):
        await projection.apply([app.decided()])


async def test_every_event_again_changes_nothing() -> None:
    """A replay after the inbox's retention: no step, version, report or notice twice."""
    projection, app = Projection(), Application()
    batch = [*app.opening(), app.evidence(), *app.rejection()]
    await projection.apply(batch)
    before = (projection.store.views[app.id], dict(projection.store.access), projection.reports)
    projection.reports, projection.notified = [], []
    await projection.apply(batch)
    await projection.apply(batch[2:3])
    assert projection.store.views[app.id] == before[0]
    assert projection.store.access == before[1]
    assert projection.reports == [] and projection.notified == []


async def test_one_freshness_report_per_application_at_its_final_state_with_every_change() -> None:
    projection, app, other = Projection(), Application(), Application()
    opening = app.opening()
    await projection.apply([*opening, *other.opening()])
    assert projection.reports == [], "nothing final, nothing late"
    later = [app.moved("collecting_evidence", "evaluating")]
    await projection.apply(later)
    ending = app.rejection()
    await projection.apply([*ending, other.moved("collecting_evidence", "cancelled")])
    reports = {r.application_id: r for r in projection.reports}
    assert len(projection.reports) == 2 and set(reports) == {app.id, other.id}
    report = reports[app.id]
    assert report.final is True
    # The submission and each state change (the ids compliance counts), not the decision:
    assert set(report.lags_ms) == _ids([*opening, *later, *ending], *SHOWN)
    assert len(report.lags_ms) == 5
    assert all(0 <= lag < 5000 for lag in report.lags_ms.values())


@pytest.mark.parametrize("final", ["approved", "rejected", "cancelled", "failed"])
async def test_each_final_state_ends_with_a_report(final: str) -> None:
    projection, app = Projection(), Application()
    await projection.apply([*app.opening(), app.moved("collecting_evidence", final)])
    [report] = projection.reports
    assert report.final and len(report.lags_ms) == 4


async def test_needs_review_is_not_final() -> None:
    projection, app = Projection(), Application()
    await projection.apply([*app.opening(), app.moved("collecting_evidence", "needs_review")])
    assert projection.reports == []


async def test_a_late_change_is_reported_at_once_and_again_with_the_rest() -> None:
    projection, app = Projection(alarm_ms=1000), Application()
    late = app.moved("submitted", "collecting_evidence", late_s=3)
    await projection.apply([app.submitted(), app.moved(None, "submitted"), late])
    [alarm] = projection.reports
    assert alarm.final is False and list(alarm.lags_ms) == [late.id]
    assert alarm.lags_ms[late.id] >= 3000
    await projection.apply(app.rejection())
    final = projection.reports[-1]
    assert final.final and final.lags_ms[late.id] == alarm.lags_ms[late.id]
    assert len(projection.reports) == 2


async def test_a_late_submission_is_reported_at_once() -> None:
    projection, app = Projection(alarm_ms=1000), Application()
    late = app.submitted(late_s=2)
    await projection.apply([late])
    [alarm] = projection.reports
    assert not alarm.final and list(alarm.lags_ms) == [late.id]


async def test_a_late_final_change_is_in_the_final_report_only() -> None:
    projection, app = Projection(alarm_ms=1000), Application()
    await projection.apply(app.opening())
    late = app.moved("collecting_evidence", "approved", late_s=2)
    await projection.apply([late])
    [report] = projection.reports
    assert report.final and report.lags_ms[late.id] >= 2000


async def test_evidence_before_its_submission_in_one_batch_learns_whose_it_is() -> None:
    projection, app = Projection(), Application()
    await projection.apply([app.evidence(), app.unavailable(), *app.opening()])
    rows = list(projection.store.access.values())
    assert len(rows) == 2
    assert {row.subject for row in rows} == {subject_of(SECRET, NATIONAL_CODE)}
    assert {row.outcome for row in rows} == {"found", "registry_unavailable"}


async def test_evidence_in_an_earlier_batch_is_claimed_when_the_submission_comes() -> None:
    projection, app = Projection(), Application()
    await projection.apply([app.evidence()])
    [row] = projection.store.access.values()
    assert row.subject is None and row.path == "application"
    await projection.apply(app.opening())
    [row] = projection.store.access.values()
    assert row.subject == subject_of(SECRET, NATIONAL_CODE)


async def test_evidence_after_its_view_is_the_applicants_at_once() -> None:
    projection, app = Projection(), Application()
    await projection.apply(app.opening())
    await projection.apply([app.evidence()])
    [row] = projection.store.access.values()
    assert row.subject == subject_of(SECRET, NATIONAL_CODE)
    assert row.purpose == "passport issuance" and row.inquiry_id is not None


async def test_the_same_inquiry_by_both_paths_is_one_entry_in_a_batch_and_across() -> None:
    projection, app = Projection(), Application()
    together, apart = str(uuid.uuid4()), str(uuid.uuid4())
    await projection.apply([*app.opening(), app.evidence(together), _inquiry(app.id, together)])
    await projection.apply([app.evidence(apart)])
    await projection.apply([_inquiry(app.id, apart)])
    paths = sorted(row.path for row in projection.store.access.values())
    assert paths == ["application", "application"]


async def test_a_direct_inquiry_is_the_persons_by_the_normalised_code() -> None:
    projection = Projection()
    await projection.apply([_inquiry(None)])
    [row] = projection.store.access.values()
    assert row.path == "direct" and row.subject == subject_of(SECRET, NATIONAL_CODE)
    assert row.client_id == "tax-client"
    assert projection.notified == [], "no view changed"


async def test_a_direct_inquiry_with_a_malformed_national_code_fails() -> None:
    projection = Projection()
    bad = _inquiry(None)
    bad.data["national_code"] = "123"
    with pytest.raises(ValueError):
        await projection.apply([bad])
    assert projection.store.access == {}


async def test_service_names_the_last_of_a_batch_wins() -> None:
    projection = Projection()
    await projection.apply([_service("Passport"), _service("Ordinary passport issuance")])
    assert projection.store.services["passport-issuance"].name_en == "Ordinary passport issuance"
    await projection.apply([_service("Passport")])
    assert projection.store.services["passport-issuance"].name_en == "Passport"


async def test_the_public_status_shows_steps_without_lags() -> None:
    projection, app = Projection(), Application()
    await projection.apply([*app.opening(), *app.rejection()])
    view = projection.store.views[app.id]
    row: Any = type("Row", (), {**vars(view), "name_fa": None, "name_en": None})
    public = Status.of(row).model_dump_json()
    assert [s["state"] for s in Status.of(row).model_dump()["timeline"]] == [
        "submitted",
        "collecting_evidence",
        "rejected",
    ]
    assert "lag" not in public and "event_id" not in public
