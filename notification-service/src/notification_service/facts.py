"""The facts the notification service publishes about what it delivered (pure).

Emit one through the unit of work in the transaction that records a notification's end, so
the fact is published exactly when the state change commits (the outbox):

    uow.emit(facts.delivered_fact(kind="webhook", notification_id=delivery.id, ...))

The compliance service folds them into the dashboard's day tallies (webhook success and
latency, SMS sent per state). They carry no content and no address: no URL, no mobile.
"""

import datetime as dt

from panjereh import events


def delivered_fact(
    *,
    kind: events.observations.DeliveryKind,
    notification_id: str,
    delivered: bool,
    label: str,
    attempts: int,
    at: dt.datetime,
    since: dt.datetime | None = None,
    application_id: str | None = None,
    agency_id: str | None = None,
) -> events.Event:
    """A webhook delivery or an SMS at its end: `delivered` (2xx from the receiver, or the
    provider took the SMS) or given up on (dead, not sent). `label` is the public event type
    of a webhook (`application.decided`) or the application state an SMS was about;
    `since` the moment the latency counts from (the event's commit, its CloudEvent `time`)."""
    latency_ms = None
    if delivered and since is not None:
        latency_ms = max(0.0, (at - since).total_seconds() * 1000)
    return events.NotificationDelivered(
        notification_id=notification_id,
        kind=kind,
        outcome="delivered" if delivered else "failed",
        label=label,
        application_id=application_id,
        agency_id=agency_id,
        attempts=attempts,
        latency_ms=latency_ms,
        at=at,
    )
