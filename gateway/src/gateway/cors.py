"""CORS, as `PANJEREH_GATEWAY_CORS_ORIGINS` configures it (docs/operations.md): browsers on
those origins may read the public status API. Every preflight gets an answer, never a 405 or
a 400 in plain text: an allowed one the CORS headers, any other a 204 without them, which is
how a browser is told no. Other OPTIONS requests learn the methods (`Allow`)."""

from fastapi import FastAPI, Response
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware

from gateway.settings import GatewaySettings

ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
_EXPOSED = [
    "ETag",
    "X-Poll-Interval",
    "X-Request-ID",
    "Retry-After",
    "RateLimit",
    "RateLimit-Policy",
]


class _Cors(CORSMiddleware):
    def preflight_response(self, request_headers: Headers) -> Response:
        answer = super().preflight_response(request_headers)
        if answer.status_code == 400:  # an origin, method or header not configured
            return Response(status_code=204, headers={"Vary": "Origin", "Allow": ALLOW})
        return answer


def install(app: FastAPI, settings: GatewaySettings) -> None:
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(
            _Cors,
            allow_origins=origins,
            allow_methods=["GET", "HEAD"],
            allow_headers=["X-National-Code", "If-None-Match", "Accept-Language", "X-Request-ID"],
            expose_headers=_EXPOSED,
        )

    @app.options("/{path:path}", include_in_schema=False, status_code=204)
    async def options(path: str) -> Response:
        """What is left when no origin is configured, or the request is no preflight."""
        return Response(status_code=204, headers={"Allow": ALLOW})
