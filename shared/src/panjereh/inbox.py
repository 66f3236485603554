"""Idempotent consumers: each applied event id is recorded in the same transaction as its effect."""

import datetime as dt
import logging
from collections.abc import Awaitable, Callable

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from panjereh import context
from panjereh.bus.base import Delivery, Handler
from panjereh.db.uow import UnitOfWork, UnitOfWorkFactory
from panjereh.events import CloudEvent, Event, unwrap
from panjereh.tables import inbox

log = logging.getLogger(__name__)

EventHandler = Callable[[Event, CloudEvent, UnitOfWork], Awaitable[None]]
"""A service's handler: the typed event, its envelope, and an open unit of work to use."""


async def already_applied(uow: UnitOfWork, *, consumer: str, event_id: str) -> bool:
    query = sa.select(inbox.c.event_id).where(
        inbox.c.consumer == consumer, inbox.c.event_id == event_id
    )
    return (await uow.session.execute(query)).first() is not None


async def record(uow: UnitOfWork, *, consumer: str, envelope: CloudEvent) -> None:
    await uow.session.execute(
        inbox.insert().values(
            consumer=consumer,
            event_id=envelope.id,
            event_type=envelope.type,
            applied_at=dt.datetime.now(dt.UTC),
        )
    )


def idempotent(
    *,
    consumer: str,
    uow_factory: UnitOfWorkFactory,
    handlers: dict[type[Event], EventHandler],
) -> Handler:
    """A bus handler that applies each event at most once, dispatching by event class.

    Events of types `handlers` does not list are recorded as seen and otherwise ignored.
    """

    async def handle(delivery: Delivery) -> None:
        envelope = delivery.envelope()
        event = unwrap(envelope)
        request_token = context.request_id.set(envelope.requestid)
        try:
            async with uow_factory() as uow:
                if await already_applied(uow, consumer=consumer, event_id=envelope.id):
                    return
                handler = handlers.get(type(event))
                if handler is not None:
                    await handler(event, envelope, uow)
                await record(uow, consumer=consumer, envelope=envelope)
                try:
                    await uow.commit()
                except IntegrityError:
                    # A concurrent delivery of the same event committed first: nothing to do.
                    log.info("event %s already applied by %s", envelope.id, consumer)
        finally:
            context.request_id.reset(request_token)

    return handle
