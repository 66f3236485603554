"""Fast paths: answers from memory given before the middleware stack, for the hottest reads.

A read a service answers from memory (the status lookup a phone repeats every few seconds)
spent most of its time in the stack around the answer, not in it: Starlette's error and
exception middlewares, FastAPI's own (its telemetry check reads the environment on every
request), the request id's header rewrite and HEAD-as-GET; py-spy on the status benchmark
put over a third of the server's samples there. So a service's app offers each GET and HEAD
to its fast paths first. A fast path either declines (None: the whole stack then runs as if
it had never been asked) or returns the answer's status, headers and body, which `ServiceApp`
sends with what the stack would add to every answer: the X-Request-ID (the caller's when
safe to echo, else a new one), and for a HEAD the GET's status and headers without the body.

A fast path therefore answers exactly what the routes would (each service's tests compare
them), sends nothing itself and does not await: it answers from memory or declines. One that
raises declines too (logged): the stack then answers, as problem+json if it fails as well.
A traced service (tracing configured) gets none, so that every request has its server span.
"""

import logging
from collections.abc import Callable, Mapping

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from panjereh.web import request_id

log = logging.getLogger(__name__)

Headers = list[tuple[bytes, bytes]]
Answer = tuple[int, Headers, bytes]
"""Status, headers (lowercase names, as ASGI sends them) and body of a fast answer."""
FastPath = Callable[[FastAPI, Scope, Mapping[bytes, bytes]], Answer | None]
"""Given the app, the request's scope and its headers: the answer, or None to decline."""

_READS = frozenset(("GET", "HEAD"))
_REQUEST_ID = request_id.HEADER.encode()


class ServiceApp(FastAPI):
    """A service's FastAPI app, which offers each GET and HEAD to its fast paths first."""

    fast_paths: tuple[FastPath, ...] = ()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.fast_paths and scope["type"] == "http" and scope["method"] in _READS:
            headers = dict(scope["headers"])
            for fast_path in self.fast_paths:
                answer = _offer(fast_path, self, scope, headers)
                if answer is not None:
                    await _send(answer, scope, headers, send)
                    return
        await super().__call__(scope, receive, send)


def _offer(
    fast_path: FastPath, app: FastAPI, scope: Scope, headers: Mapping[bytes, bytes]
) -> Answer | None:
    try:
        return fast_path(app, scope, headers)
    except Exception:
        log.exception("fast path %s failed; the middleware stack answers", fast_path.__name__)
        return None


async def _send(answer: Answer, scope: Scope, headers: Mapping[bytes, bytes], send: Send) -> None:
    status, answer_headers, body = answer
    answer_headers = [*answer_headers, (_REQUEST_ID, request_id.of(headers).encode())]
    await send({"type": "http.response.start", "status": status, "headers": answer_headers})
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
