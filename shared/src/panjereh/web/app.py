"""The FastAPI application every service is built as: errors, request ids, health, metrics."""

import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import TypeVar

from fastapi import APIRouter, FastAPI

from panjereh import auth, problems, runtime, token_keys, tracing
from panjereh import logging as panjereh_logging
from panjereh.bus.base import MessageBus
from panjereh.settings import ServiceSettings
from panjereh.web import health, openapi
from panjereh.web.fast_paths import FastPath, ServiceApp
from panjereh.web.head import HeadAsGet
from panjereh.web.operation_ids import operation_id
from panjereh.web.request_id import RequestIdMiddleware

Settings = TypeVar("Settings", bound=ServiceSettings)
Components = Callable[
    [FastAPI, runtime.Runtime[Settings]],
    AbstractAsyncContextManager[Sequence[runtime.Subscription]],
]
"""A service's own parts, built on its runtime (its settings typed as its own) in the
lifespan; yields its subscriptions."""


@contextlib.asynccontextmanager
async def _no_components(
    app: FastAPI, service: runtime.Runtime
) -> AsyncIterator[Sequence[runtime.Subscription]]:
    yield ()


def create_service_app(
    *,
    title: str,
    description: str,
    settings: Settings,
    migrations_package: str,
    routers: Sequence[APIRouter] = (),
    fast_paths: Sequence[FastPath] = (),
    components: "Components[Settings] | None" = None,
    bus: MessageBus | None = None,
    token_verifier: auth.TokenVerifier | None = None,
    configure_logging: bool = True,
) -> FastAPI:
    """A service app whose lifespan builds its runtime (nothing connects before startup);
    `fast_paths` answer GETs from memory before the middleware stack (panjereh.web.fast_paths)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if configure_logging:
            panjereh_logging.configure(
                service=settings.service_name,
                level=settings.log_level,
                json=settings.log_json,
                repeat_seconds=settings.log_repeat_seconds,
            )
        tracing.configure(settings)  # before the components make their HTTP clients
        async with (
            runtime.run(settings, migrations_package=migrations_package, bus=bus) as service,
            (components or _no_components)(app, service) as subscriptions,
        ):
            app.state.runtime = service
            if token_verifier is not None:
                app.state.token_verifier, app.state.token_keys = token_verifier, None
            else:
                app.state.token_verifier, app.state.token_keys = await token_keys.load(
                    jwks_url=settings.auth_jwks_url,
                    jwks_file=settings.auth_jwks_file,
                    jwks_json=settings.auth_jwks_json,
                    refresh_seconds=settings.auth_jwks_refresh_seconds,
                    min_interval_seconds=settings.auth_jwks_min_refresh_seconds,
                )
            await service.start(subscriptions)
            try:
                yield
            finally:
                if app.state.token_keys is not None:
                    await app.state.token_keys.close()
                tracing.flush()

    # No trailing-slash redirects: behind the gateway the service would point the caller at
    # its own internal address (http://embedded/…, a pod's host); a path is exact or a 404.
    app = ServiceApp(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        redirect_slashes=False,
        generate_unique_id_function=operation_id,
    )
    # A traced service has none: every request of it gets its server span.
    app.fast_paths = () if tracing.wanted(settings) else tuple(fast_paths)
    problems.install(app)
    app.add_middleware(HeadAsGet)
    app.add_middleware(RequestIdMiddleware)
    app.include_router(health.router)
    for router in routers:
        app.include_router(router)
    openapi.document_problems(app)
    tracing.instrument_app(app, settings)
    return app
