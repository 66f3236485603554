"""Access log (JSON, one line a request) and Prometheus metrics, per route and upstream; plus
the security headers every answer carries. Pure ASGI: no per-request framework overhead."""

import logging
import time

from prometheus_client import Counter, Histogram
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway import forwarded, routing
from panjereh import context

log = logging.getLogger("gateway.access")

REQUESTS = Counter(
    "panjereh_gateway_requests_total",
    "Requests through the gateway",
    ["route", "upstream", "status"],
)
LATENCY = Histogram(
    "panjereh_gateway_request_seconds",
    "Time to the response's first byte, through the gateway",
    ["route", "upstream"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 35),
)

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "content-security-policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    "strict-transport-security": "max-age=31536000; includeSubDomains",
}


class Observe:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        route, upstream = routing.template(scope["path"])

        async def send_observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                LATENCY.labels(route, upstream).observe(time.perf_counter() - started)
            await send(message)

        try:
            await self.app(scope, receive, send_observed)
        finally:
            elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
            REQUESTS.labels(route, upstream, str(status)).inc()
            client = forwarded.client_address(Request(scope))  # as the limits see it
            log.info(
                "%s %s %s",
                scope["method"],
                route,
                status,
                extra={
                    "method": scope["method"],
                    "route": route,
                    "upstream": upstream,
                    "status": status,
                    "latency_ms": elapsed_ms,
                    "client": client,
                    "request_id": context.request_id.get(),
                },
            )
