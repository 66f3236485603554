"""The applicant's view of a missed SLA (breached, escalated, deemed approved) and of an SMS
that could not be sent: folded by the projection, idempotent, shown in Persian and English."""

import datetime as dt
from typing import Any

import pytest

from panjereh import events, jalali
from status_service import handlers
from status_service.schemas import Status
from tests.unit.status.test_handlers import NOW, Application, Projection

pytestmark = pytest.mark.asyncio
DUE = NOW + dt.timedelta(hours=72)
LATE = DUE + dt.timedelta(minutes=1)
DEEMED = events.Reason(code="sla-deemed-approved", fa="سکوت به منزلهٔ موافقت است.", en="Silence.")
NOT_OWNED = events.Reason(
    code="mobile-not-confirmed",
    fa="شماره همراه به نام متقاضی نیست.",
    en="The mobile is not the applicant's.",
)


def _breached(app: Application) -> events.CloudEvent:
    return events.wrap(
        events.ApplicationSlaBreached(
            application_id=app.id, tracking_code=app.code, service_id="passport-issuance",
            agency_id="passport-police", state="collecting_evidence", sla_due_at=DUE,
            detected_at=LATE,
        ),
        source="/test",
    )  # fmt: skip


def _escalated(app: Application) -> events.CloudEvent:
    return events.wrap(
        events.ApplicationEscalated(
            application_id=app.id, tracking_code=app.code, service_id="passport-issuance",
            agency_id="passport-police", sla_due_at=DUE, escalated_at=LATE,
        ),
        source="/test",
    )  # fmt: skip


def _deemed(app: Application) -> list[events.CloudEvent]:
    decided = events.ApplicationDecided(
        application_id=app.id, tracking_code=app.code, service_id="passport-issuance",
        agency_id="passport-police", outcome="approved", by="sla", reasons=(DEEMED,),
        decided_at=LATE,
    )  # fmt: skip
    return [
        app.moved("collecting_evidence", "approved"),
        events.wrap(decided, source="/test"),
    ]


def _not_sent(app: Application, reason: events.Reason = NOT_OWNED) -> events.CloudEvent:
    fact = events.NotificationSmsNotSent(
        application_id=app.id, tracking_code=app.code, reason=reason, at=NOW
    )
    return events.wrap(fact, source="/test")


def _public(projection: Projection, app: Application) -> dict[str, Any]:
    view = projection.store.views[app.id]
    row: Any = type("Row", (), {**vars(view), "name_fa": None, "name_en": None})
    return Status.of(row).model_dump(mode="json")


async def test_a_breach_shows_with_its_labels_and_jalali_time() -> None:
    projection, app = Projection(), Application()
    await projection.apply([*app.opening(), _breached(app)])
    view = projection.store.views[app.id]
    assert view.version == 1 + 2 + 1
    sla = _public(projection, app)["sla"]
    assert sla["outcome"] == "breached" and sla["reason"] is None
    assert sla["label"]["en"] == "The service's deadline has passed"
    assert sla["label"]["fa"] == "مهلت رسیدگی به درخواست گذشت"
    assert sla["at_jalali"] == jalali.to_jalali(LATE)
    assert projection.notified == [app.code]


async def test_an_escalation_follows_the_breach_in_one_batch() -> None:
    projection, app = Projection(), Application()
    await projection.apply([*app.opening(), _breached(app), _escalated(app)])
    sla = _public(projection, app)["sla"]
    assert sla["outcome"] == "escalated"
    assert "supervisors" in sla["label"]["en"] and "مدیران" in sla["label"]["fa"]


async def test_a_deemed_approval_shows_its_reason_in_both_languages() -> None:
    projection, app = Projection(), Application()
    await projection.apply(app.opening())
    await projection.apply([_breached(app), *_deemed(app)])
    public = _public(projection, app)
    assert public["state"] == "approved"
    assert public["sla"]["outcome"] == "deemed_approved"
    assert public["sla"]["reason"] == {"fa": DEEMED.fa, "en": DEEMED.en}
    assert "silence is consent" in public["sla"]["label"]["en"]
    assert "سکوت" in public["sla"]["label"]["fa"]
    assert public["reasons"] == [DEEMED.model_dump()]


async def test_an_outcome_never_goes_back_and_a_replay_changes_nothing() -> None:
    projection, app = Projection(), Application()
    batch = [*app.opening(), _breached(app), _escalated(app), *_deemed(app)]
    await projection.apply(batch)
    before = projection.store.views[app.id]
    projection.notified = []
    await projection.apply(batch)
    await projection.apply([_breached(app)])  # a breach again after the approval
    assert projection.store.views[app.id] == before
    assert before.sla is not None and before.sla["outcome"] == "deemed_approved"
    assert projection.notified == []


async def test_a_decision_by_rules_or_officer_is_no_sla_outcome() -> None:
    projection, app = Projection(), Application()
    await projection.apply([*app.opening(), *app.rejection()])
    assert _public(projection, app)["sla"] is None


async def test_an_sms_not_sent_is_noted_once_per_reason() -> None:
    projection, app = Projection(), Application()
    await projection.apply([*app.opening(), _not_sent(app)])
    await projection.apply([_not_sent(app)])  # the decision's message failed too
    other = events.Reason(code="provider-failed", fa="سامانه پیامک پاسخ نداد.", en="No answer.")
    await projection.apply([_not_sent(app, other)])
    [first, second] = _public(projection, app)["notifications"]
    assert (first["kind"], first["reason"]) == ("sms_not_sent", NOT_OWNED.model_dump())
    assert first["label"] == {
        "fa": "پیامکی برای شما فرستاده نشد",
        "en": "No SMS could be sent to you",
    }
    assert first["at_jalali"] == jalali.to_jalali(NOW)
    assert second["reason"]["code"] == "provider-failed"
    assert projection.store.views[app.id].version == 1 + 2 + 2


async def test_a_view_without_notes_or_sla_shows_none() -> None:
    projection, app = Projection(), Application()
    await projection.apply(app.opening())
    public = _public(projection, app)
    assert (public["sla"], public["notifications"]) == (None, [])


@pytest.mark.parametrize("early", [_breached, _escalated])
async def test_an_outcome_before_its_submission_waits_for_the_view(early: Any) -> None:
    # Same partition as the submission: only a broken order brings it first, and the bus
    # retries it alone until the view is there.
    projection, app = Projection(), Application()
    event = early(app)
    with pytest.raises(handlers.ViewNotReady):
        await projection.apply([event])
    assert projection.store.views == {}
    await projection.apply(app.opening())
    await projection.apply([event])
    assert _public(projection, app)["sla"] is not None


async def test_a_note_before_its_submission_is_parked_until_the_view_is_made() -> None:
    projection, app, other = Projection(), Application(), Application()
    await projection.apply([_not_sent(app), _not_sent(app), _not_sent(other)])
    assert projection.store.views == {} and len(projection.store.parked) == 3
    await projection.apply(app.opening())
    assert projection.store.parked_fetches[-1] == [app.id], "one read, for the submission"
    [note] = _public(projection, app)["notifications"]
    assert note["reason"] == NOT_OWNED.model_dump()
    assert projection.store.views[app.id].version == 1 + 1 + 2  # created, its note, two steps
    assert {a for a, _ in projection.store.parked.values()} == {other.id}, "claimed, deleted"
    await projection.apply(app.opening())  # a replayed submission finds nothing more
    assert len(_public(projection, app)["notifications"]) == 1


async def test_a_note_and_its_submission_in_one_batch_in_either_order() -> None:
    before, after = Projection(), Projection()
    app = Application()
    await before.apply([_not_sent(app), *app.opening()])
    await after.apply([*app.opening(), _not_sent(app)])
    assert _public(before, app)["notifications"] == _public(after, app)["notifications"] != []
    assert before.store.parked == {} == after.store.parked


async def test_a_batch_without_submissions_reads_no_parked_notes() -> None:
    projection, app = Projection(), Application()
    await projection.apply(app.opening())
    reads = len(projection.store.parked_fetches)
    await projection.apply([_breached(app), _not_sent(app)])
    assert len(projection.store.parked_fetches) == reads


async def test_the_projection_reads_the_notification_topic() -> None:
    table = Projection().table
    assert events.NOTIFICATION in table.topics
    assert {
        events.NotificationSmsNotSent.type,
        events.ApplicationEscalated.type,
        events.ApplicationSlaBreached.type,
    } <= table.types
