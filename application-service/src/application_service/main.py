"""The application service's application factory; everything connects in the lifespan."""

from fastapi import FastAPI

from application_service.settings import ApplicationSettings
from panjereh import auth
from panjereh.bus.base import MessageBus
from panjereh.web.app import create_service_app

MIGRATIONS = "application_service.migrations"


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
            "Service catalogue, paper-free intake, automatic decisions by published rules, "
            "manual review."
        ),
        settings=settings or ApplicationSettings(),
        migrations_package=MIGRATIONS,
        bus=bus,
        token_verifier=token_verifier,
        configure_logging=bus is None,
    )
