"""The status service's application factory; everything connects in the lifespan."""

from fastapi import FastAPI

from panjereh import auth
from panjereh.bus.base import MessageBus
from panjereh.web.app import create_service_app
from status_service.settings import StatusSettings

MIGRATIONS = "status_service.migrations"


def create_app(
    settings: StatusSettings | None = None,
    *,
    bus: MessageBus | None = None,
    token_verifier: auth.TokenVerifier | None = None,
) -> FastAPI:
    """Build the status service; pass `bus` to share the embedded mode's in-process bus."""
    return create_service_app(
        title="Panjereh status service",
        description=("Every application's status for its applicant at any hour."),
        settings=settings or StatusSettings(),
        migrations_package=MIGRATIONS,
        bus=bus,
        token_verifier=token_verifier,
        configure_logging=bus is None,
    )
