"""Idempotent consumers: each applied event id is recorded in the same transaction as its effect."""

import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.exc import IntegrityError

from panjereh import context
from panjereh.bus.base import Delivery, Handler
from panjereh.db.uow import UnitOfWork, UnitOfWorkFactory
from panjereh.events import CloudEvent, Event, unwrap
from panjereh.tables import inbox

log = logging.getLogger(__name__)

EventHandler = Callable[[Event, CloudEvent, UnitOfWork], Awaitable[None]]
"""A service's handler: the typed event, its envelope, and an open unit of work to use."""


async def claim(uow: UnitOfWork, *, consumer: str, envelope: CloudEvent) -> bool:
    """Record the event as applied by `consumer`, in the unit of work's transaction.

    Returns False if it already was. Recording first makes a racing second delivery wait on
    the first one's row lock (PostgreSQL) and then find the row, instead of applying twice.
    """
    try:
        await uow.session.execute(
            inbox.insert().values(
                consumer=consumer,
                event_id=envelope.id,
                event_type=envelope.type,
                applied_at=dt.datetime.now(dt.UTC),
            )
        )
    except IntegrityError:
        return False
    return True


def idempotent(
    *,
    consumer: str,
    uow_factory: UnitOfWorkFactory,
    handlers: dict[type[Event], EventHandler],
) -> Handler:
    """A bus handler that applies each event at most once, dispatching by event class.

    Events of types `handlers` does not list are skipped without a trace: they have no
    effect to protect, and a topic carries many of them.
    """

    async def handle(delivery: Delivery) -> None:
        envelope = delivery.envelope()
        event = unwrap(envelope)
        handler = handlers.get(type(event))
        if handler is None:
            return
        request_token = context.request_id.set(envelope.requestid)
        try:
            async with uow_factory() as uow:
                if not await claim(uow, consumer=consumer, envelope=envelope):
                    log.info("event %s already applied by %s; skipped", envelope.id, consumer)
                    return
                await handler(event, envelope, uow)
                await uow.commit()
        finally:
            context.request_id.reset(request_token)

    return handle
