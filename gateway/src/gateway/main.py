"""The gateway's application factory: token endpoint, edge checks, routing, merged OpenAPI."""

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Annotated, Any
from wsgiref.simple_server import WSGIServer

import httpx
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest, start_http_server

from gateway import citizen_tokens, cors, key_watch, oauth, openapi, portal, signing_keys, tokens
from gateway import state as gateway_state
from gateway import upstream as upstreams
from gateway.citizen_tokens import Attempts
from gateway.clients import ClientRegistry
from gateway.dispatch import PROXIED_METHODS, ProxyDispatch
from gateway.edge import Edge
from gateway.observe import Observe
from gateway.settings import GatewaySettings
from gateway.state import GatewayState, StateDep
from panjereh import auth, problems, tracing
from panjereh import logging as panjereh_logging
from panjereh.web import health as web_health
from panjereh.web import long_lived
from panjereh.web import openapi as web_openapi
from panjereh.web.head import HeadAsGet
from panjereh.web.operation_ids import operation_id
from panjereh.web.request_id import RequestIdMiddleware


def _upstream(
    settings: GatewaySettings, base_url: str, transport: httpx.AsyncBaseTransport | None
) -> upstreams.Upstream:
    """One pooled client per service: over the network, or in-process (embedded mode)."""
    limits = upstreams.Limits(
        pool_size=settings.upstream_pool_size,
        long_lived_pool_size=settings.long_lived_pool_size,
        connect_timeout=settings.upstream_connect_timeout,
        read_timeout=settings.upstream_read_timeout,
    )
    if transport is not None:
        return upstreams.InProcessUpstream(transport, limits)
    return upstreams.NetworkUpstream(base_url, limits)


def create_app(
    settings: GatewaySettings | None = None,
    *,
    transports: dict[str, httpx.AsyncBaseTransport] | None = None,
    key: ec.EllipticCurvePrivateKey | None = None,
    verifier: auth.TokenVerifier | None = None,
    services: Callable[[], AbstractAsyncContextManager[None]] | None = None,
    configure_logging: bool = True,
) -> FastAPI:
    """Build the gateway; `transports` (embedded mode) reach the services in-process, and
    `verifier` (the embedded services' own) takes the gateway's keys as they rotate.
    `services` (embedded mode) runs the services behind it: entered before the gateway's
    own parts are made, left after they are closed. `configure_logging=False` leaves the
    process's logging to its caller (the embedded mode logs as one process)."""
    settings = settings or GatewaySettings()
    transports = transports or {}
    keys = key_watch.initial(settings, key)
    verifier = verifier or auth.TokenVerifier({"keys": []})

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if configure_logging:
            panjereh_logging.configure(
                service=settings.service_name, level=settings.log_level, json=settings.log_json
            )
        async with contextlib.AsyncExitStack() as stack:
            if services is not None:
                await stack.enter_async_context(services())
            await stack.enter_async_context(_parts(app, settings, transports, verifier, keys))
            yield

    app = FastAPI(
        title="Panjereh — national smart-services window",
        description="پنجره ملی خدمات هوشمند دولت — one API for every agency.",
        version="1.0.0",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=operation_id,
    )
    problems.install(app)
    app.add_exception_handler(oauth.OAuthError, oauth.on_error)
    app.add_middleware(ProxyDispatch)  # innermost: inside CORS, the access log and request ids
    app.add_middleware(HeadAsGet)  # a HEAD is proxied and answered as its GET, with no body
    cors.install(app, settings)
    app.add_middleware(Observe)
    app.add_middleware(RequestIdMiddleware)
    tracing.instrument_app(app, settings)
    app.include_router(tokens.router)
    app.include_router(citizen_tokens.router)
    _operations(app)

    @app.api_route("/{path:path}", methods=list(PROXIED_METHODS), include_in_schema=False)
    async def nowhere(path: str) -> Response:
        """What no service and no gateway route owns (proxied paths never get here)."""
        raise problems.ProblemError(
            404, "not-found", "No such endpoint.", "چنین نشانی‌ای وجود ندارد."
        )

    return app


@contextlib.asynccontextmanager
async def _parts(
    app: FastAPI,
    settings: GatewaySettings,
    transports: dict[str, httpx.AsyncBaseTransport],
    verifier: auth.TokenVerifier,
    keys: signing_keys.KeySet,
) -> AsyncIterator[GatewayState]:
    """The gateway's clients, limits and keys, as `app.state.gateway`, for its life."""
    tracing.configure(settings)  # before the upstream sessions: aiohttp's spans hook them
    clients = {
        name: _upstream(settings, url, transports.get(name))
        for name, url in settings.upstream_urls().items()
    }
    state = GatewayState(
        settings=settings,
        clients=clients,
        # Streams and long-polls: per client, and no more than their pool holds (gateway.proxy).
        long_lived=long_lived.Admission(
            long_lived.Caps(
                per_client=settings.long_lived_per_client, total=settings.long_lived_pool_size
            ),
            holder=settings.service_name,
        ),
        # The token issuer, the JWKS and the verifier: from the key set, as it rotates.
        keys=key_watch.KeyWatch(settings, verifier, keys),
        edge=Edge(settings, verifier),
        oauth_clients=(
            ClientRegistry.demo()
            if settings.clients_json is None
            else ClientRegistry.from_records(settings.client_records())
        ),
        citizen_attempts=Attempts(settings),
    )
    gateway_state.SLOT.put(app, state)
    app.state.token_verifier = verifier  # what the kit's auth verifies the gateway's own routes by
    scrape = _metrics_listener(settings)
    try:
        async with key_watch.watching(state.keys, settings):
            yield state
    finally:
        await asyncio.gather(*(c.close() for c in clients.values()))
        if scrape is not None:
            scrape.shutdown()
            scrape.server_close()


Operator = Annotated[auth.Principal, Depends(auth.require("compliance:read"))]


def _metrics_listener(settings: GatewaySettings) -> WSGIServer | None:
    """Prometheus's own port (settings.metrics_port), served from a thread, if configured."""
    if settings.metrics_port is None:
        return None
    server, _ = start_http_server(settings.metrics_port, addr=settings.metrics_host)
    return server


def _operations(app: FastAPI) -> None:
    @app.get("/health/live", tags=["operations"], operation_id="getLiveness")
    async def live() -> dict[str, str]:
        """Public: no token needed. `{"status": "ok"}` while the gateway's process answers at
        all: a liveness probe's target, which says nothing of the services behind it."""
        return {"status": "ok"}

    @app.get(
        "/health/ready",
        tags=["operations"],
        summary="This gateway can take traffic",
        operation_id="getReadiness",
    )
    async def ready() -> dict[str, str]:
        """Public: no token needed. `{"status": "ready"}` once this gateway's clients and keys
        are loaded: a load balancer's readiness probe. It does not ask the services, so one
        service down does not take every gateway out; `GET /health` says which is down."""
        # Its own readiness only (clients and keys are made in the lifespan, before this
        # answers): one service down must not take every gateway out of its load balancer;
        # `/health` says which service is down.
        return {"status": "ready"}

    @app.get("/health", tags=["operations"], summary="Readiness of every service")
    async def health(state: StateDep) -> JSONResponse:
        """Public: no token needed. Asks each service's `/health/ready` (5 s each, at once)
        and answers `services` by name: `ready`, `not_ready` or `unreachable`. 200 with
        `status: ok` when all are ready, else 503 with `status: degraded` (docs/api.md §9)."""
        clients = state.clients
        results = await asyncio.gather(*(_ready(c) for c in clients.values()))
        services = dict(zip(clients, results, strict=True))
        healthy = all(state == "ready" for state in services.values())
        body = {"status": "ok" if healthy else "degraded", "services": services}
        return JSONResponse(body, status_code=200 if healthy else 503)

    @app.get(
        "/metrics",
        tags=["operations"],
        summary="Prometheus metrics of the gateway (operators: compliance:read)",
        response_class=Response,
        responses=web_health.METRICS_RESPONSE,
    )
    async def metrics(_: Operator) -> Response:
        """Needs `compliance:read` (operators); any other token is a 403. The gateway's own
        Prometheus metrics in the text exposition format: requests by route template,
        upstream and status, and their latencies. Each service exposes its own `/metrics`."""
        # Not public (API.md, Operations): the figures tell an attacker which routes fail and
        # how loaded each service is. Operators read it with a compliance:read token.
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    @app.get("/openapi.json", include_in_schema=False)
    async def merged_openapi(request: Request, state: StateDep) -> JSONResponse:
        return JSONResponse(await _merged_document(request.app, state))

    portal.mount(app)


async def _ready(client: upstreams.Upstream) -> str:
    try:
        async with asyncio.timeout(5):
            status, _ = await client.get("/health/ready")
    except Exception:  # any failure to get an answer means "unreachable", never a 500
        return "unreachable"
    return "ready" if status == 200 else "not_ready"


async def _merged_document(app: FastAPI, state: GatewayState) -> dict[str, Any]:
    """The merged document, rebuilt until every service contributed (so a late service joins)."""
    if state.openapi_cache is not None:
        return state.openapi_cache
    clients = state.clients
    fetched = await asyncio.gather(*(_document(c) for c in clients.values()))
    documents = {name: doc for name, doc in zip(clients, fetched, strict=True) if doc is not None}
    base = web_openapi.with_problems(app.openapi())
    base["openapi"] = "3.1.0"
    base["components"]["schemas"]["OAuthError"] = oauth.OAUTH_ERROR_SCHEMA
    merged = openapi.merge(base, documents)
    if len(documents) == len(clients):
        state.openapi_cache = merged
    return merged


async def _document(client: upstreams.Upstream) -> dict[str, Any] | None:
    try:
        async with asyncio.timeout(5):
            status, body = await client.get("/openapi.json")
    except Exception:  # a service that is not up yet joins the document later
        return None
    document: dict[str, Any] = json.loads(body)
    return document if status == 200 else None
