"""Compose the embedded default: one in-process bus, SQLite files, services mounted in-process.

The gateway reaches each service through an in-process ASGI transport instead of a socket
(streaming, and telling the service when its caller has gone);
everything else (outbox, relay, inbox, migrations) runs exactly as in the distributed mode.
"""

import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI

from application_service.main import create_app as application_app
from application_service.settings import ApplicationSettings
from compliance_service.main import create_app as compliance_app
from compliance_service.settings import ComplianceSettings
from gateway.main import create_app as gateway_app
from gateway.settings import GatewaySettings
from inquiry_service.main import create_app as inquiry_app
from inquiry_service.settings import InquirySettings
from notification_service.main import create_app as notification_app
from notification_service.settings import NotificationSettings
from panjereh import auth
from panjereh import logging as panjereh_logging
from panjereh.bus.memory import InMemoryBus
from panjereh.runtime import retry_policy
from panjereh.settings import ServiceSettings
from panjereh.web.asgi_stream import StreamingASGITransport
from status_service.main import create_app as status_app
from status_service.settings import StatusSettings

ServiceFactory = Callable[..., FastAPI]
_SERVICES: dict[str, tuple[ServiceFactory, type[ServiceSettings]]] = {
    "application": (application_app, ApplicationSettings),
    "inquiry": (inquiry_app, InquirySettings),
    "status": (status_app, StatusSettings),
    "compliance": (compliance_app, ComplianceSettings),
    # Webhooks to receivers on this machine (the embedded profile allows http://127.0.0.1)
    # and SMS through the sandbox provider (GET /v1/sandbox/sms).
    "notification": (notification_app, NotificationSettings),
}


def create_app(
    data_dir: Path | str = ".data", *, key: ec.EllipticCurvePrivateKey | None = None
) -> FastAPI:
    """The whole of Panjereh as one ASGI app, its SQLite files under `data_dir`."""
    data = Path(data_dir).resolve()
    gateway_settings = GatewaySettings()
    bus = InMemoryBus(policy=retry_policy(gateway_settings))
    # One signing key per process: tokens die with it, and no private key is ever on disk.
    signing_key = key or auth.new_signing_key()
    verifier = auth.TokenVerifier(
        auth.public_jwks(signing_key, kid=gateway_settings.signing_key_id)
    )
    services = {
        name: factory(
            settings_cls(database_url=f"sqlite+aiosqlite:///{data / name}.db"),
            bus=bus,
            token_verifier=verifier,
            configure_logging=False,  # one process, logged as one (`running` configures it)
        )
        for name, (factory, settings_cls) in _SERVICES.items()
    }

    @contextlib.asynccontextmanager
    async def running() -> AsyncIterator[None]:
        """Every service behind the gateway, up before it serves, down after it stopped."""
        panjereh_logging.configure(
            service="panjereh-embedded",
            level=gateway_settings.log_level,
            json=gateway_settings.log_json,
        )
        try:
            async with contextlib.AsyncExitStack() as stack:
                for service in services.values():
                    await stack.enter_async_context(service.router.lifespan_context(service))
                # Only now that every service has subscribed may events flow: the in-process
                # bus keeps nothing for a subscriber that is not there yet.
                await bus.start()
                # Deliver what the services wrote while starting (the demo catalogue) before
                # the first request, so every service already knows it.
                for service in services.values():
                    while await service.state.runtime.relay.relay_once():
                        pass
                yield
        finally:
            await bus.stop()

    gateway = gateway_app(
        gateway_settings,
        # Streamed, and told when the caller goes away: httpx's own ASGI transport held a
        # stream's every byte until it ended (never, for SSE) and left its task running.
        transports={name: StreamingASGITransport(app) for name, app in services.items()},
        key=signing_key,
        verifier=verifier,  # the services verify with the gateway's keys as they rotate
        services=running,
        configure_logging=False,  # one process, logged as one (`running` configures it)
    )
    # The notification service asks the inquiry service for Shahkar matches through the
    # gateway, as a client of its own: here that call stays in-process too.
    services["notification"].state.inquiry_transport = StreamingASGITransport(gateway)
    # The status service hands one-time login codes to the notification service's internal
    # route, with a token of its own from the gateway: in-process too.
    services["status"].state.otp_transports = {
        "notification": StreamingASGITransport(services["notification"]),
        "gateway": StreamingASGITransport(gateway),
    }
    gateway.state.services = services  # each mounted service, for tools and tests
    return gateway
