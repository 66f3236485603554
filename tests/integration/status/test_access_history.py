"""One access history per person, from both paths, built the same whatever the order and
however often the events come (issue #14: every inquiry in the person's view)."""

import datetime as dt
import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from panjereh import events
from panjereh.bus.memory import InMemoryBus
from panjereh.identity import subject_key as subject_of
from status_service import repository
from tests.integration.status.conftest import NATIONAL_CODE, Story, catalogue_fact, status_service

pytestmark = pytest.mark.asyncio
WHO = {"X-National-Code": NATIONAL_CODE}


def _direct(story: Story, *, application_id: str | None, **fields: Any) -> events.CloudEvent:
    return story.add(
        events.InquiryRecorded(
            inquiry_id=fields.pop("inquiry_id", str(uuid.uuid4())),
            national_code=fields.pop("national_code", NATIONAL_CODE),
            agency_id="passport-police",
            client_id="passport-police-backend",
            evidence_type="birth-certificate",
            service_id="passport-issuance",
            application_id=application_id,
            outcome="found",
            registry="civil-registration",
            law_reference="قانون گذرنامه، ماده ۱۷" + "ـ" * 600,  # longer than its column
            at=dt.datetime.now(dt.UTC),
            **fields,
        )
    )


async def _rows(client: Any) -> list[tuple[Any, ...]]:
    engine = client.service_app.state.runtime.engine
    async with engine.connect() as connection:
        query = "SELECT event_id, subject, path, application_id, law_reference FROM access_history"
        return [tuple(r) for r in (await connection.execute(sa.text(query + " ORDER BY 1")))]


async def _history(client: Any, national_code: str) -> list[Any]:
    runtime = client.service_app.state.runtime
    subject = subject_of(runtime.settings.subject_key.get_secret_value().encode(), national_code)
    async with runtime.engine.connect() as connection:
        return await repository.person_history(connection, subject, limit=50, before=None)


async def test_evidence_before_its_view_and_direct_inquiries_build_one_history(
    database_url: str,
) -> None:
    story = Story()
    story.add(catalogue_fact())
    story.evidence()  # on its own topic, it may come before the application's submission
    story.submitted()
    _direct(story, application_id=story.application_id)
    _direct(story, application_id=None)
    _direct(story, application_id=None, national_code="0499370899")  # someone else
    bus = InMemoryBus()
    await bus.start()
    async with status_service(database_url, bus) as client:
        await bus.publish_batch(story.messages())
        await bus.publish_batch(story.messages())  # every event again: nothing changes
        rows = await _rows(client)
        assert len(rows) == 4
        assert {row[2] for row in rows} == {"application", "direct"}
        # Only keyed hashes (an application path row that raced its view has none yet).
        assert all(row[1] is None or NATIONAL_CODE not in row[1] for row in rows)
        assert all(row[4] is None or len(row[4]) == 500 for row in rows)
        assert len(await _history(client, NATIONAL_CODE)) == 3
        assert len(await _history(client, "0499370899")) == 1
        log = await client.get(f"/v1/status/{story.tracking_code}/access-log", headers=WHO)
        assert log.status_code == 200
        assert [(e["path"], e["evidence_type"]) for e in log.json()["items"]] == [
            ("application", "national-id-card"),
            ("direct", "birth-certificate"),
        ]


async def test_the_same_inquiry_by_both_paths_is_one_entry(database_url: str) -> None:
    story = Story().submitted().evidence()
    inquiry_id = story.envelopes[-1].data["inquiry_id"]
    _direct(story, application_id=story.application_id, inquiry_id=inquiry_id)
    bus = InMemoryBus()
    await bus.start()
    async with status_service(database_url, bus) as client:
        await bus.publish_batch(story.messages())
        # One entry, whichever of the two came first (they travel on different topics).
        assert len(await _rows(client)) == 1


async def test_evidence_learns_its_subject_in_its_batch_or_a_later_one(database_url: str) -> None:
    """Set-based claims: one application's evidence comes a batch before its submission,
    another's in the submission's own batch; both end up the applicant's."""
    earlier, together = Story(), Story()
    earlier.evidence()
    together.evidence().submitted()
    bus = InMemoryBus()
    await bus.start()
    async with status_service(database_url, bus) as client:
        await bus.publish_batch(earlier.messages())
        [row] = await _rows(client)
        assert row[1] is None, "no view yet: whose it is waits for the submission"
        await bus.publish_batch(earlier.submitted().messages()[1:] + together.messages())
        subject = subject_of(b"demo-status-subject-key", NATIONAL_CODE)
        assert [row[1] for row in await _rows(client)] == [subject, subject]
