"""The notification service's application factory; everything connects in the lifespan.

The service has two halves beside the subscriptions: the webhook dispatcher (`webhooks/`)
and SMS to applicants (`sms/`). Each plugs in through its `service` module (parts.py).
"""

import contextlib
import datetime as dt
import functools
from collections.abc import AsyncIterator, Callable, Sequence

from fastapi import APIRouter, FastAPI

from notification_service import api, handlers, retention, state
from notification_service.parts import Parts, Wiring
from notification_service.settings import NotificationSettings
from notification_service.signals import Signals
from notification_service.sms import wiring as sms
from notification_service.uow import NotificationUnitOfWork
from notification_service.webhooks import ssrf
from notification_service.webhooks import wiring as webhooks
from panjereh import auth, consumers
from panjereh.bus.base import MessageBus
from panjereh.runtime import Runtime, Subscription
from panjereh.web.app import create_service_app

MIGRATIONS = "notification_service.migrations"


def units(runtime: Runtime, signals: Signals) -> Callable[[], NotificationUnitOfWork]:
    """The service's units of work, whose new deliveries wake the dispatcher."""
    make = runtime.uow_of(NotificationUnitOfWork)

    def build() -> NotificationUnitOfWork:
        uow = make()
        uow.signals = signals
        return uow

    return build


def one_subscription(subscriptions: Sequence[Subscription]) -> list[Subscription]:
    """Every half's handler behind one subscription of the service's consumer group."""
    if len(subscriptions) <= 1:
        return list(subscriptions)
    together = consumers.Together(subscriptions)
    return [(together.topics, together)]


@contextlib.asynccontextmanager
async def components(
    app: FastAPI, runtime: Runtime, *, settings: NotificationSettings
) -> AsyncIterator[Sequence[Subscription]]:
    """The webhook consumer, then each half's subscriptions and workers."""
    signals = Signals()
    shared = state.NotificationState(
        units=units(runtime, signals),
        secrets=settings.secret_box(),
        check_url=functools.partial(
            ssrf.check_url, profile=settings.profile, trusted=settings.webhook_trusted_networks
        ),
    )
    state.SLOT.put(app, shared)
    wiring = Wiring(app, runtime, settings, signals, shared.secrets, shared.units)
    parts: list[Parts] = [webhooks.lifespan_parts(wiring), sms.lifespan_parts(wiring)]
    own = consumers.subscription(
        handlers.table(), consumer=handlers.CONSUMER, uow_factory=shared.units
    )
    subscriptions = [own, *(s for part in parts for s in part.subscriptions)]
    purge = retention.DeliveryPurge(
        runtime.uow, retention=dt.timedelta(days=settings.deliveries_retention_days)
    )
    workers = [purge, *(worker for part in parts for worker in part.workers)]
    async with contextlib.AsyncExitStack() as stack:
        for worker in workers:
            worker.start()
            stack.push_async_callback(worker.stop)
        yield one_subscription(subscriptions)


def create_app(
    settings: NotificationSettings | None = None,
    *,
    bus: MessageBus | None = None,
    token_verifier: auth.TokenVerifier | None = None,
    configure_logging: bool = True,
) -> FastAPI:
    """Build the notification service; pass `bus` to share the embedded mode's bus, and
    `configure_logging=False` to leave the process's logging to the caller (embedded)."""
    settings = settings or NotificationSettings()
    routers: list[APIRouter] = [api.router, *webhooks.routers(), *sms.routers()]
    return create_service_app(
        title="Panjereh notification service",
        description=(
            "Signed webhooks (CloudEvents, Standard Webhooks) to agencies' backends, and SMS "
            "to applicants."
        ),
        settings=settings,
        migrations_package=MIGRATIONS,
        routers=routers,
        components=functools.partial(components, settings=settings),
        bus=bus,
        token_verifier=token_verifier,
        configure_logging=configure_logging,
    )
