"""Events in, pending webhook deliveries out: one handler table, applied a batch at a time.

Each application event becomes one pending delivery per active subscription of that
application's agency that asked for its public type (or `*`). `prepare` loads, once per
batch, which agency each application belongs to (a state change does not say) and those
agencies' live subscriptions; the deliveries are written in one insert at flush, in the
batch's order (their `seq` is the order a receiver gets them in), and a redelivered event
makes no second delivery (the inbox, and UNIQUE(subscription_id, event_id) behind it).
"""

import datetime as dt
import logging
from collections.abc import Sequence

from notification_service import domain
from notification_service.uow import NotificationUnitOfWork
from panjereh import events
from panjereh.consumers import HandlerTable, Received

log = logging.getLogger(__name__)
Uow = NotificationUnitOfWork
CONSUMER = "notification-webhooks"


def table() -> HandlerTable[NotificationUnitOfWork]:
    """The webhook consumer's handlers (its inbox is CONSUMER's)."""
    handlers: HandlerTable[NotificationUnitOfWork] = HandlerTable()

    @handlers.prepare
    async def load(uow: Uow, batch: Sequence[Received[events.Event]]) -> None:
        await uow.applications.load(
            item.event.application_id
            for item in batch
            if isinstance(item.event, events.ApplicationStateChanged)
        )
        named = domain.agencies_of(item.event for item in batch)
        known = {
            agency
            for item in batch
            if isinstance(item.event, events.ApplicationStateChanged)
            and (agency := uow.applications.agency_of(item.event.application_id))
        }
        await uow.subscriptions.load_live(named | known)

    @handlers.on(events.ApplicationSubmitted)
    async def submitted(
        event: events.ApplicationSubmitted, envelope: events.CloudEvent, uow: Uow
    ) -> None:
        uow.applications.remember(event.application_id, event.agency_id)
        enqueue(uow, envelope, event, agency_id=event.agency_id)

    @handlers.on(events.ApplicationStateChanged)
    async def state_changed(
        event: events.ApplicationStateChanged, envelope: events.CloudEvent, uow: Uow
    ) -> None:
        agency_id = uow.applications.agency_of(event.application_id)
        if agency_id is None:
            # Submitted before this service kept the mapping (its topic read from a later
            # offset): there is no agency to send it to.
            log.warning("no agency known for application %s; not sent", event.application_id)
            return
        enqueue(uow, envelope, event, agency_id=agency_id)

    @handlers.on(
        events.ApplicationDecided, events.ApplicationSlaBreached, events.ApplicationEscalated
    )
    async def named_agency(
        event: events.ApplicationDecided
        | events.ApplicationSlaBreached
        | events.ApplicationEscalated,
        envelope: events.CloudEvent,
        uow: Uow,
    ) -> None:
        enqueue(uow, envelope, event, agency_id=event.agency_id)

    return handlers


def enqueue(uow: Uow, envelope: events.CloudEvent, event: events.Event, *, agency_id: str) -> None:
    """One pending delivery per live subscription of the agency that wants the event."""
    subscriptions = uow.subscriptions.live_of(agency_id)
    if not subscriptions:
        return
    now = dt.datetime.now(dt.UTC)
    for outgoing in domain.outgoing(envelope, event):
        for subscription in subscriptions:
            if subscription.wants(outgoing.event_type):
                uow.deliveries.add(subscription, outgoing, now=now)
