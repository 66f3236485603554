"""The application service's application factory; everything connects in the lifespan."""

import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Sequence

from fastapi import FastAPI

from application_service import handlers
from application_service.applications import api as applications_api
from application_service.applications import citizen_api as citizen_applications_api
from application_service.applications import citizen_services, decider, services
from application_service.catalog import api as catalog_api
from application_service.catalog import office_api
from application_service.catalog import services as catalog_services
from application_service.dossier import api as dossier_api
from application_service.dossier import signer as dossier_signer
from application_service.settings import ApplicationSettings
from application_service.state import SLOT, ApplicationState
from application_service.uow import signing, units
from panjereh import auth, consumers
from panjereh.background import Loop
from panjereh.bus.base import MessageBus
from panjereh.runtime import Runtime, Subscription
from panjereh.web.app import create_service_app

MIGRATIONS = "application_service.migrations"
SWEEP_BATCH = 200
log = logging.getLogger(__name__)


class SlaSweep(Loop):
    """Reports the applications that passed their SLA undecided, a batch per round."""

    def __init__(self, uow_factory: services.UnitOfWorkFactory, *, every: float) -> None:
        super().__init__(name="sla-sweep", poll_seconds=every)
        self._uow_factory = uow_factory

    async def round(self) -> bool:
        breached = await services.sweep_sla(self._uow_factory, batch=SWEEP_BATCH)
        if breached:
            log.warning("%s applications passed their SLA", breached)
        return breached == SWEEP_BATCH


class PreviewSweep(Loop):
    """Sends on the applications whose preview window ended unanswered, a batch per round."""

    def __init__(self, uow_factory: services.UnitOfWorkFactory, *, every: float) -> None:
        super().__init__(name="preview-sweep", poll_seconds=every)
        self._uow_factory = uow_factory

    async def round(self) -> bool:
        lapsed = await citizen_services.sweep_previews(self._uow_factory, batch=SWEEP_BATCH)
        if lapsed:
            log.info("%s preview windows ended unanswered", lapsed)
        return lapsed == SWEEP_BATCH


@contextlib.asynccontextmanager
async def components(
    app: FastAPI, runtime: Runtime, *, settings: ApplicationSettings
) -> AsyncIterator[Sequence[Subscription]]:
    """The demo catalogue (demo profiles), the SLA sweeper, and the evidence subscription."""
    seeding = settings.is_demo and settings.seed_demo_catalogue
    if seeding and (seeded := await catalog_services.seed_demo_catalogue(runtime.uow)):
        log.info("%s", seeded)
    signer = dossier_signer.load(settings)  # refuses to start without its key (production)
    SLOT.put(app, ApplicationState(settings=settings, dossier_signer=signer))
    with signing(runtime, signer):
        uow_factory = units(runtime)
        sweeper = SlaSweep(uow_factory, every=settings.sla_sweep_seconds)
        sweeper.start()
        previews = PreviewSweep(uow_factory, every=settings.preview_sweep_seconds)
        previews.start()
        try:
            async with decider.running(uow_factory, settings):  # the rule pool, off the loop
                yield [
                    consumers.subscription(
                        handlers.TABLE, consumer=settings.service_name, uow_factory=uow_factory
                    )
                ]
        finally:
            await previews.stop()
            await sweeper.stop()


def create_app(
    settings: ApplicationSettings | None = None,
    *,
    bus: MessageBus | None = None,
    token_verifier: auth.TokenVerifier | None = None,
    configure_logging: bool = True,
) -> FastAPI:
    """Build the application service; pass `bus` to share the embedded mode's in-process bus,
    and `configure_logging=False` to leave the process's logging to the caller (embedded)."""
    settings = settings or ApplicationSettings()
    return create_service_app(
        title="Panjereh application service",
        description=(
            "Service catalogue, the legal-basis office's decisions, paper-free intake, automatic "
            "decisions by published rules, manual review."
        ),
        settings=settings,
        migrations_package=MIGRATIONS,
        routers=[
            catalog_api.router,
            office_api.router,
            applications_api.router,
            citizen_applications_api.router,
            dossier_api.router,
            dossier_api.page,
        ],
        components=functools.partial(components, settings=settings),
        bus=bus,
        token_verifier=token_verifier,
        configure_logging=configure_logging,
    )
