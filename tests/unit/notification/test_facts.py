"""The delivery facts the notification service publishes for the compliance dashboard."""

import datetime as dt

from notification_service import facts
from panjereh import events

COMMITTED = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


def test_a_delivered_webhook_carries_its_latency_from_the_commit() -> None:
    fact = facts.delivered_fact(
        kind="webhook",
        notification_id="d-1",
        delivered=True,
        label="application.decided",
        attempts=3,
        at=COMMITTED + dt.timedelta(seconds=1.25),
        since=COMMITTED,
        application_id="a-1",
        agency_id="passport-police",
    )
    assert isinstance(fact, events.NotificationDelivered)
    assert (fact.outcome, fact.latency_ms, fact.attempts) == ("delivered", 1250.0, 3)
    assert fact.key == "a-1"  # in order with the application's other events
    assert fact.topic == events.NOTIFICATION


def test_a_failure_has_no_latency_and_a_clock_behind_the_commit_none_below_zero() -> None:
    dead = facts.delivered_fact(
        kind="webhook",
        notification_id="d-2",
        delivered=False,
        label="application.submitted",
        attempts=14,
        at=COMMITTED,
        since=COMMITTED - dt.timedelta(hours=26),
    )
    assert (dead.outcome, dead.latency_ms) == ("failed", None)
    assert dead.key == "d-2"  # no application (a test ping): keyed by the delivery
    early = facts.delivered_fact(
        kind="sms",
        notification_id="m-1",
        delivered=True,
        label="submitted",
        attempts=1,
        at=COMMITTED,
        since=COMMITTED + dt.timedelta(milliseconds=5),  # another host's clock, a bit ahead
    )
    assert early.latency_ms == 0.0


def test_the_fact_names_no_address() -> None:
    fields = set(events.NotificationDelivered.model_fields)
    assert not fields & {"url", "mobile", "text", "payload", "national_code"}
