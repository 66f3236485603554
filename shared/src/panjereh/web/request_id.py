"""Pure ASGI middleware: echo or mint X-Request-ID and keep it (and traceparent) in context.

It also turns an unexpected exception into a 500 problem that carries the request id: Starlette
renders those outside every middleware, where the id is already gone.
"""

import random
import re
from collections.abc import Mapping

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from panjereh import context, problems, tracing

HEADER = "x-request-id"
_HEADER_BYTES = HEADER.encode()
# A caller's id is echoed only when it is short and printable, so logs cannot be forged.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
# W3C Trace Context: version-traceid-parentid-flags in lowercase hex, neither id all zeros,
# version ff forbidden. Anything else is dropped (the spec says restart the trace), so a
# caller cannot have 30 KB of their choosing copied into every event the request causes.
_TRACEPARENT = re.compile(
    r"^(?!ff)[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$"
)
_TRACEPARENT_LENGTH = 55


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        request_id = of(headers)
        trace = _traceparent(headers.get(b"traceparent", b""))
        rid_token = context.request_id.set(request_id)
        trace_token = context.traceparent.set(trace)
        tracing.request_id(request_id)

        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as error:
            if started:
                raise
            response = problems.internal_error(Request(scope), error)
            await response(scope, receive, send_with_id)
        finally:
            context.request_id.reset(rid_token)
            context.traceparent.reset(trace_token)


def of(headers: Mapping[bytes, bytes]) -> str:
    """The request's id: the caller's X-Request-ID if it is safe to echo, else a new one.

    A new id is 128 random bits in 32 hex digits, as uuid4().hex was, but from `random`
    (seeded from the OS, and again in a forked child): an id names a request and guards
    nothing, and uuid4's system call and UUID object were ~12 µs of the status fast path's
    answer on a loaded core.
    """
    given = headers.get(_HEADER_BYTES, b"").decode("latin-1")
    return given if _SAFE_ID.match(given) else f"{random.getrandbits(128):032x}"


def _traceparent(value: bytes) -> str | None:
    """The caller's traceparent if it is a valid W3C one (version 00's fields only)."""
    if len(value) < _TRACEPARENT_LENGTH or len(value) > 512:
        return None
    text = value[:_TRACEPARENT_LENGTH].decode("latin-1")
    rest = value[_TRACEPARENT_LENGTH:]
    # A later version may append fields after a dash; version 00 may not.
    if rest and (text.startswith("00") or not rest.startswith(b"-")):
        return None
    return text if _TRACEPARENT.match(text) else None
