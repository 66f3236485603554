"""The preview's events (issue 17) flow everywhere without harm: each consumer's table drops
the types it does not handle before decoding them (never a dead letter, by header or without
one), and the state awaiting_applicant is an ordinary state wherever a state is read."""

import datetime as dt

import pytest

from compliance_service import handlers as compliance
from notification_service import handlers as webhooks
from notification_service.sealing import SecretBox
from notification_service.sms import handlers as sms
from panjereh import events, labels
from panjereh.bus.base import Delivery
from panjereh.consumers import TYPE_HEADER, HandlerTable
from status_service import handlers as status

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
PREVIEW_EVENTS: tuple[events.Event, ...] = (
    events.ApplicationPreviewOpened(
        application_id="a-1", tracking_code="t", service_id="s", agency_id="g",
        evidence_types=("national-id-card",), due_at=NOW, at=NOW,
    ),
    events.ApplicationPreviewConfirmed(
        application_id="a-1", tracking_code="t", service_id="s", agency_id="g",
        by="window", at=NOW,
    ),
    events.ApplicationObjected(
        application_id="a-1", tracking_code="t", service_id="s", agency_id="g",
        evidence_type="national-id-card", at=NOW,
    ),
)  # fmt: skip


def _tables() -> dict[str, HandlerTable]:  # type: ignore[type-arg]
    return {
        "status": status.table(subject_secret=b"k" * 32, notify=lambda view: None),
        "compliance": compliance.table(freshness_bound_seconds=5),
        "webhooks": webhooks.table(),
        "sms": sms.table(
            box=SecretBox("a-key-for-unit-tests-only"),
            public_base_url="http://127.0.0.1:8000",
            clock=lambda: NOW,
        ),
    }


def _delivery(event: events.Event, *, header: bool) -> Delivery:
    envelope = events.wrap(event, source="/test")
    headers = {TYPE_HEADER: envelope.type} if header else {}
    return Delivery(event.topic, 0, 0, "a-1", envelope.to_json(), headers)


# The SMS consumer tells the applicant a preview waits (application.preview_opened).
HANDLED = {"sms": {events.ApplicationPreviewOpened.type}}


@pytest.mark.parametrize("name", ["status", "compliance", "webhooks", "sms"])
def test_every_consumer_drops_the_preview_events_it_does_not_handle(name: str) -> None:
    table = _tables()[name]
    for event in PREVIEW_EVENTS:
        if event.type in HANDLED.get(name, set()):
            assert event.type in table.types
            continue
        assert event.type not in table.types
        for header in (True, False):
            assert table.decode([_delivery(event, header=header)]) == []


@pytest.mark.parametrize("name", ["status", "compliance", "webhooks", "sms"])
def test_a_change_into_awaiting_applicant_is_read_like_any_state_change(name: str) -> None:
    change = events.ApplicationStateChanged(
        application_id="a-1", tracking_code="t", from_state="collecting_evidence",
        to_state="awaiting_applicant", at=NOW,
    )  # fmt: skip
    [received] = _tables()[name].decode([_delivery(change, header=True)])
    assert received.event == change


def test_the_new_state_has_its_labels_where_people_read_states() -> None:
    label = labels.state_label("awaiting_applicant")
    assert label["fa"] and label["en"] and label["fa"] != label["en"]
