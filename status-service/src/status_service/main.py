"""The status service's application factory; everything connects in the lifespan."""

import contextlib
from collections.abc import AsyncIterator, Sequence

from fastapi import FastAPI

from panjereh import auth, consumers
from panjereh.bus.base import MessageBus
from panjereh.runtime import Runtime, Subscription
from panjereh.web.app import create_service_app
from status_service import api, fastpath, guard, handlers, page, state, streams
from status_service.cache import ViewCache
from status_service.citizen import api as citizen
from status_service.citizen import login_api, login_wiring
from status_service.domain import StatusView
from status_service.notifier import ChangeNotifier
from status_service.settings import StatusSettings
from status_service.uow import StatusUnitOfWork

MIGRATIONS = "status_service.migrations"


@contextlib.asynccontextmanager
async def components(
    app: FastAPI, runtime: Runtime[StatusSettings]
) -> AsyncIterator[Sequence[Subscription]]:
    """The change notifier, the miss guard, and the projection's subscription."""
    settings = runtime.settings
    notifier = ChangeNotifier()
    cache = ViewCache(ttl=settings.view_cache_seconds)
    state.SLOT.put(
        app,
        state.StatusState(
            runtime, notifier, cache, guard.Guard(settings), streams.admission(settings)
        ),
    )

    def changed(view: StatusView) -> None:
        cache.put(view.tracking_code, version=view.version, subject=view.subject, projected=True)
        notifier.notify(view.tracking_code)

    projection = handlers.table(
        subject_secret=settings.subject_key.get_secret_value().encode(),
        notify=changed,
        freshness_alarm_ms=settings.freshness_alarm_ms,
    )
    async with login_wiring.running(app, runtime, settings):  # the one-time codes' sender
        yield [
            consumers.subscription(
                projection,
                consumer=settings.service_name,
                uow_factory=runtime.uow_of(StatusUnitOfWork),
            )
        ]


def create_app(
    settings: StatusSettings | None = None,
    *,
    bus: MessageBus | None = None,
    token_verifier: auth.TokenVerifier | None = None,
    configure_logging: bool = True,
) -> FastAPI:
    """Build the status service; pass `bus` to share the embedded mode's in-process bus, and
    `configure_logging=False` to leave the process's logging to the caller (embedded)."""
    settings = settings or StatusSettings()
    return create_service_app(
        title="Panjereh status service",
        description="Every application's status for its applicant at any hour.",
        settings=settings,
        migrations_package=MIGRATIONS,
        routers=[
            api.router,
            api.oversight,
            citizen.router,
            citizen.oversight,
            login_api.router,
            login_api.internal,
            page.router,
        ],
        fast_paths=[fastpath.answer],
        components=components,
        bus=bus,
        token_verifier=token_verifier,
        configure_logging=configure_logging,
    )
