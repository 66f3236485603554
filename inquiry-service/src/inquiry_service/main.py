"""The inquiry service's application factory; everything connects in the lifespan."""

from fastapi import FastAPI

from inquiry_service.settings import InquirySettings
from panjereh import auth
from panjereh.bus.base import MessageBus
from panjereh.web.app import create_service_app

MIGRATIONS = "inquiry_service.migrations"


def create_app(
    settings: InquirySettings | None = None,
    *,
    bus: MessageBus | None = None,
    token_verifier: auth.TokenVerifier | None = None,
) -> FastAPI:
    """Build the inquiry service; pass `bus` to share the embedded mode's in-process bus."""
    return create_service_app(
        title="Panjereh inquiry service",
        description=(
            "Online evidence from the national registries, with legal-basis checks and a "
            "hash-chained audit log."
        ),
        settings=settings or InquirySettings(),
        migrations_package=MIGRATIONS,
        bus=bus,
        token_verifier=token_verifier,
        configure_logging=bus is None,
    )
