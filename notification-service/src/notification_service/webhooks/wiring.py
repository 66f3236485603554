"""The webhook dispatcher's place in the service: one worker, woken by new deliveries."""

import datetime as dt
from collections.abc import Sequence

from fastapi import APIRouter

from notification_service.parts import Parts, Wiring
from notification_service.webhooks.dispatcher import Dispatcher, Policy
from notification_service.webhooks.sender import Sender
from notification_service.webhooks.uow import DispatchUnitOfWork


def routers() -> Sequence[APIRouter]:
    return ()


def lifespan_parts(wiring: Wiring) -> Parts:
    """The dispatcher, woken by `wiring.signals.on_deliveries_due`."""
    dispatcher = make_dispatcher(wiring)
    wiring.signals.on_deliveries_due(dispatcher.wake)
    return Parts(workers=[dispatcher])


def make_dispatcher(wiring: Wiring) -> Dispatcher:
    settings = wiring.settings
    make = wiring.runtime.uow_of(DispatchUnitOfWork)

    def units() -> DispatchUnitOfWork:
        uow = make()
        uow.signals = wiring.signals  # a disabled notice it enqueues wakes the dispatcher
        return uow

    policy = Policy(
        schedule=settings.webhook_schedule(),
        per_endpoint=settings.webhook_per_endpoint,
        in_flight=settings.webhook_in_flight,
        batch_size=settings.webhook_batch_size,
        lease=dt.timedelta(seconds=settings.webhook_lease_seconds),
        disable_after=settings.webhook_disable_after,
    )
    sender = Sender(
        profile=settings.profile,
        timeout_seconds=settings.webhook_timeout_seconds,
        connections=settings.webhook_in_flight,
        trusted=settings.webhook_trusted_networks,
        ca_file=settings.webhook_ca_file,
    )
    return Dispatcher(
        uow=units,
        sender=sender,
        secrets=wiring.secrets,
        policy=policy,
        poll_seconds=settings.webhook_poll_seconds,
    )
