"""The /track page says what a missed SLA did and that no SMS could be sent (issue 15), in
Persian and, after the toggle, in English."""

from typing import Any

import pytest
from playwright.async_api import expect

from panjereh import events, labels
from panjereh.bus.memory import InMemoryBus
from tests.browser.test_track_page import page  # noqa: F401 — the browser fixture
from tests.integration.status.conftest import NATIONAL_CODE, Story, catalogue_fact, status_service
from tests.integration.status.test_sla_and_notes import DUE, NOT_CONFIRMED
from tests.support import serve

pytestmark = pytest.mark.asyncio


async def test_track_page_lists_the_sla_outcome_and_the_unsent_sms(
    page: Any,  # noqa: F811
    tmp_path: Any,
) -> None:
    bus = InMemoryBus()
    await bus.start()
    story = Story()
    story.add(catalogue_fact())
    story.submitted()
    story.add(
        events.ApplicationEscalated(
            application_id=story.application_id, tracking_code=story.tracking_code,
            service_id="passport-issuance", agency_id="passport-police", sla_due_at=DUE,
            escalated_at=DUE,
        )
    )  # fmt: skip
    story.add(
        events.NotificationSmsNotSent(
            application_id=story.application_id, tracking_code=story.tracking_code,
            reason=NOT_CONFIRMED, at=DUE,
        )
    )  # fmt: skip
    async with status_service(f"sqlite+aiosqlite:///{tmp_path}/status.db", bus) as client:
        await bus.publish_batch(story.messages())
        async with serve(client.service_app, lifespan="off") as url:
            await page.goto(f"{url}/track")
            await page.fill("#tracking", story.tracking_code)
            await page.fill("#national", NATIONAL_CODE)
            await page.click("button[type=submit]")
            notes = page.locator("#notes li")
            await expect(notes).to_have_count(2)
            await expect(notes.nth(0)).to_have_text(labels.sla_label("escalated")["fa"])
            sms = labels.note_label("sms_not_sent")
            await expect(notes.nth(1)).to_have_text(f"{sms['fa']}: {NOT_CONFIRMED.fa}")
            await page.click("#lang")
            await expect(notes.nth(0)).to_have_text(labels.sla_label("escalated")["en"])
            await expect(notes.nth(1)).to_have_text(f"{sms['en']}: {NOT_CONFIRMED.en}")
    await bus.stop()
