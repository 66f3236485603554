"""A preview waiting for its applicant (issue 17) tells them by SMS, once, in Persian with
the window's end in Jalali and Persian digits; confirming, objecting or the window ending
sends nothing more (the decision's own SMS follows as usual)."""

import datetime as dt

import pytest

from notification_service.sms import templates
from panjereh import digits, events, jalali
from tests.unit.notification_sms import events_for_tests as ev
from tests.unit.notification_sms.fakes import InMemorySmsStore
from tests.unit.notification_sms.test_handlers import apply

pytestmark = pytest.mark.asyncio
DUE = ev.T0 + dt.timedelta(hours=24)


def opened(app: str) -> events.ApplicationPreviewOpened:
    return events.ApplicationPreviewOpened(
        application_id=app, tracking_code=ev.tracking(app), service_id="jobs",
        agency_id="labour-ministry", evidence_types=("national-id-card",), due_at=DUE, at=ev.T0,
    )  # fmt: skip


async def test_the_applicant_is_told_to_check_the_fetched_information_once() -> None:
    store = InMemorySmsStore()
    await apply(store, ev.submitted("a1"), ev.changed("a1", "awaiting_applicant"), opened("a1"))
    await apply(store, opened("a1"))  # redelivered: nothing more
    # The answer (application.preview_confirmed is not in the table: dropped when decoded,
    # tests/unit/test_preview_events.py) and its state change send nothing.
    await apply(store, ev.changed("a1", "evaluating"))
    assert [m.state for m in store.messages.values()] == ["submitted", "awaiting_applicant"]
    text = next(m.text for m in store.messages.values() if m.state == "awaiting_applicant")
    assert digits.to_persian(ev.tracking("a1")) in text
    assert jalali.to_jalali(DUE, persian_digits=True) in text
    assert "تأیید" in text and text.endswith("/track")


async def test_the_preview_message_fits_in_two_parts_in_both_languages() -> None:
    notice = templates.Notice("awaiting_applicant", "9" * 16, DUE)
    for language in ("fa", "en"):
        text = templates.render(
            notice, language=language, public_base_url="https://panjereh.example"
        )
        assert templates.segments(text) <= templates.MAX_SEGMENTS
