"""Must show (issue 15): the applicant's status says what a missed SLA did and that no SMS
could be sent, in Persian and English, on SQLite and PostgreSQL (migration 0004), with a new
ETag for each; the note comes on the notification topic, which the projection subscribes to."""

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
import sqlalchemy as sa

from panjereh import events, jalali, labels
from panjereh.bus.memory import InMemoryBus
from status_service.models import parked_notes
from tests.integration.status.conftest import NATIONAL_CODE, Story, catalogue_fact, status_service

pytestmark = pytest.mark.asyncio
WHO = {"X-National-Code": NATIONAL_CODE}
DUE = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)
DEEMED = events.Reason(
    code="sla-deemed-approved", fa="سکوت دستگاه به منزلهٔ موافقت است.", en="Silence is consent."
)
NOT_CONFIRMED = events.Reason(
    code="mobile-not-confirmed",
    fa="شماره همراه به نام متقاضی ثبت نشده است.",
    en="The mobile is not registered to the applicant.",
)


@pytest_asyncio.fixture
async def fed(database_url: str) -> AsyncIterator[tuple[httpx.AsyncClient, InMemoryBus, Story]]:
    bus = InMemoryBus()
    await bus.start()
    story = Story()
    story.add(catalogue_fact())
    story.submitted()
    async with status_service(database_url, bus, projection_wait_seconds=0.0) as client:
        await bus.publish_batch(story.messages())
        yield client, bus, story


async def _publish(bus: InMemoryBus, story: Story, *facts: events.Event) -> None:
    await bus.publish_batch(story.messages([story.add(fact) for fact in facts]))


async def _changed(client: httpx.AsyncClient, story: Story, etag: str) -> httpx.Response:
    async with asyncio.timeout(30):
        while True:
            got = await client.get(f"/v1/status/{story.tracking_code}", headers=WHO)
            if got.headers.get("etag") != etag:
                return got
            await asyncio.sleep(0.05)


def _breach(story: Story) -> events.ApplicationSlaBreached:
    return events.ApplicationSlaBreached(
        application_id=story.application_id, tracking_code=story.tracking_code,
        service_id="passport-issuance", agency_id="passport-police",
        state="collecting_evidence", sla_due_at=DUE, detected_at=DUE + dt.timedelta(seconds=5),
    )  # fmt: skip


def _escalation(story: Story) -> events.ApplicationEscalated:
    return events.ApplicationEscalated(
        application_id=story.application_id, tracking_code=story.tracking_code,
        service_id="passport-issuance", agency_id="passport-police", sla_due_at=DUE,
        escalated_at=DUE + dt.timedelta(seconds=5),
    )  # fmt: skip


async def _current(client: httpx.AsyncClient, story: Story) -> httpx.Response:
    return await client.get(f"/v1/status/{story.tracking_code}", headers=WHO)


async def test_a_breach_then_its_escalation_show_on_the_status(fed: Any) -> None:
    client, bus, story = fed
    before = await _current(client, story)
    assert before.json()["sla"] is None and before.json()["notifications"] == []
    await _publish(bus, story, _breach(story))
    breached = await _changed(client, story, before.headers["etag"])
    sla = breached.json()["sla"]
    assert (sla["outcome"], sla["label"]) == ("breached", labels.sla_label("breached"))
    assert sla["at_jalali"] == jalali.to_jalali(DUE + dt.timedelta(seconds=5))
    await _publish(bus, story, _escalation(story))
    escalated = await _changed(client, story, breached.headers["etag"])
    assert escalated.json()["sla"]["outcome"] == "escalated"
    assert escalated.json()["sla"]["label"] == labels.sla_label("escalated")
    assert escalated.json()["state"] == "collecting_evidence"


async def test_a_deemed_approval_shows_approved_by_sla_with_its_reason(fed: Any) -> None:
    client, bus, story = fed
    before = await _current(client, story)
    decided = events.ApplicationDecided(
        application_id=story.application_id, tracking_code=story.tracking_code,
        service_id="passport-issuance", agency_id="passport-police", outcome="approved",
        by="sla", reasons=(DEEMED,), decided_at=DUE + dt.timedelta(seconds=5),
    )  # fmt: skip
    breach = story.add(_breach(story))
    story.moved("collecting_evidence", "approved", reason=DEEMED.en, reason_fa=DEEMED.fa)
    moved = story.envelopes[-1]
    await bus.publish_batch(story.messages([breach, moved, story.add(decided)]))
    body = (await _changed(client, story, before.headers["etag"])).json()
    assert body["state"] == "approved"
    assert body["sla"]["outcome"] == "deemed_approved"
    assert body["sla"]["reason"] == {"fa": DEEMED.fa, "en": DEEMED.en}
    assert body["sla"]["label"] == labels.sla_label("deemed_approved")
    assert body["timeline"][-1]["reason"] == {"fa": DEEMED.fa, "en": DEEMED.en}


async def test_no_sms_could_be_sent_is_noted_once(fed: Any) -> None:
    client, bus, story = fed
    before = await _current(client, story)
    fact = events.NotificationSmsNotSent(
        application_id=story.application_id,
        tracking_code=story.tracking_code,
        reason=NOT_CONFIRMED,
        at=DUE,
    )
    await _publish(bus, story, fact)
    noted = await _changed(client, story, before.headers["etag"])
    [note] = noted.json()["notifications"]
    assert note["kind"] == "sms_not_sent"
    assert note["label"] == {
        "fa": "پیامکی برای شما فرستاده نشد",
        "en": "No SMS could be sent to you",
    }
    assert note["reason"] == NOT_CONFIRMED.model_dump()
    assert note["at_jalali"] == jalali.to_jalali(DUE)
    again = fact.model_copy(update={"at": DUE + dt.timedelta(hours=1)})  # the next message
    await _publish(bus, story, again)
    await asyncio.sleep(0.3)
    same = await _current(client, story)
    assert same.headers["etag"] == noted.headers["etag"] and same.json() == noted.json()


async def test_a_note_before_its_submission_waits_parked_then_shows(database_url: str) -> None:
    bus = InMemoryBus()
    await bus.start()
    story = Story()
    early = story.add(
        events.NotificationSmsNotSent(
            application_id=story.application_id,
            tracking_code=story.tracking_code,
            reason=NOT_CONFIRMED,
            at=DUE,
        )
    )
    async with status_service(database_url, bus, projection_wait_seconds=0.0) as client:
        await bus.publish_batch(story.messages([early]))  # the status service saw nothing yet
        story.submitted()
        await bus.publish_batch(story.messages(story.envelopes[1:]))
        body = (await _current(client, story)).json()
        assert [note["reason"]["code"] for note in body["notifications"]] == [NOT_CONFIRMED.code]
        engine = client.service_app.state.runtime.engine  # type: ignore[attr-defined]
        async with engine.connect() as connection:
            left = await connection.execute(sa.select(sa.func.count()).select_from(parked_notes))
            assert left.scalar_one() == 0
    await bus.stop()
