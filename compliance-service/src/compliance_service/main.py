"""The compliance service's application factory; everything connects in the lifespan."""

from fastapi import FastAPI

from compliance_service.settings import ComplianceSettings
from panjereh import auth
from panjereh.bus.base import MessageBus
from panjereh.web.app import create_service_app

MIGRATIONS = "compliance_service.migrations"


def create_app(
    settings: ComplianceSettings | None = None,
    *,
    bus: MessageBus | None = None,
    token_verifier: auth.TokenVerifier | None = None,
) -> FastAPI:
    """Build the compliance service; pass `bus` to share the embedded mode's in-process bus."""
    return create_service_app(
        title="Panjereh compliance service",
        description=(
            "The four smart-service criteria measured from real traffic, against the policy "
            "targets."
        ),
        settings=settings or ComplianceSettings(),
        migrations_package=MIGRATIONS,
        bus=bus,
        token_verifier=token_verifier,
        configure_logging=bus is None,
    )
