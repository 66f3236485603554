"""The application service's application factory; everything connects in the lifespan."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence

from fastapi import FastAPI

from application_service import handlers
from application_service.applications import api as applications_api
from application_service.applications import commands, decider
from application_service.catalog import api as catalog_api
from application_service.catalog import commands as catalog_commands
from application_service.catalog import office, office_api
from application_service.settings import ApplicationSettings
from panjereh import auth, consumers, events
from panjereh.bus.base import MessageBus
from panjereh.runtime import Runtime, Subscription
from panjereh.web.app import create_service_app

MIGRATIONS = "application_service.migrations"
log = logging.getLogger(__name__)


async def _sweep_sla_forever(runtime: Runtime, every: float) -> None:
    while True:
        try:
            if breached := await commands.sweep_sla(runtime.uow):
                log.warning("%s applications passed their SLA", breached)
        except Exception:
            log.exception("SLA sweep failed; trying again next round")
        await asyncio.sleep(every)


@contextlib.asynccontextmanager
async def components(app: FastAPI, runtime: Runtime) -> AsyncIterator[Sequence[Subscription]]:
    """The demo catalogue (demo profiles), the SLA sweeper, and the evidence subscription."""
    settings = runtime.settings
    assert isinstance(settings, ApplicationSettings)
    if settings.is_demo and settings.seed_demo_catalogue:
        async with runtime.uow() as uow:
            if await catalog_commands.seed_demo(uow):
                await uow.commit()
                log.info("seeded the demo catalogue")
            elif approved := await office.approve_demo_seeds(uow):
                await uow.commit()  # a demo database older than the office (migration 0003)
                log.info("approved %s legal bases of the demo seeds", approved)
    sweeper = asyncio.create_task(_sweep_sla_forever(runtime, settings.sla_sweep_seconds))
    handler = consumers.idempotent(
        consumer=settings.service_name, uow_factory=runtime.uow, handlers=handlers.TABLE
    )
    try:
        async with decider.running(runtime.uow, settings):  # the rule pool, off the loop
            yield [([events.EVIDENCE], handler)]
    finally:
        sweeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sweeper


def create_app(
    settings: ApplicationSettings | None = None,
    *,
    bus: MessageBus | None = None,
    token_verifier: auth.TokenVerifier | None = None,
) -> FastAPI:
    """Build the application service; pass `bus` to share the embedded mode's in-process bus."""
    return create_service_app(
        title="Panjereh application service",
        description=(
            "Service catalogue, the legal-basis office's decisions, paper-free intake, automatic "
            "decisions by published rules, manual review."
        ),
        settings=settings or ApplicationSettings(),
        migrations_package=MIGRATIONS,
        routers=[catalog_api.router, office_api.router, applications_api.router],
        components=components,
        bus=bus,
        token_verifier=token_verifier,
        configure_logging=bus is None,
    )
