"""Long-lived status requests: the SSE stream and the long-poll's wait, each holding a slot.

Every one is admitted against the per-client and total caps (`panjereh.web.long_lived`),
ends when its client goes away (the stream by sse-starlette's disconnect watch, the
long-poll by racing its wait against `http.disconnect`), and gives its slot back however
it ends. A stream also ends after `stream_max_seconds`: the browser's EventSource
reconnects by itself with `Last-Event-ID`, which saves resending an unchanged status.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable
from typing import Any, TypeVar

from fastapi import Request
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.types import Receive, Scope, Send

from panjereh.runtime import Runtime
from panjereh.web import long_lived
from panjereh.web.openapi import problem_response
from status_service import guard, services, state
from status_service.notifier import changed_within
from status_service.settings import StatusSettings

T = TypeVar("T")
_REFUSED = problem_response(
    "Too many open streams and long-polls (this client's, or the platform's): see Retry-After"
)
# OpenAPI: the answers of the long-poll (with ?wait=) and of the stream beyond the lookup's.
LONG_POLL_RESPONSES: dict[int | str, dict[str, Any]] = {429: _REFUSED}
STREAM_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Server-Sent Events: `event: status`, `id:` the version, `data:` the "
        "status as JSON; comment lines as heartbeats",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    },
    429: _REFUSED,
}


def admission(settings: StatusSettings) -> long_lived.Admission:
    caps = long_lived.Caps(
        per_client=settings.long_lived_per_client, total=settings.long_lived_total
    )
    return long_lived.Admission(caps, holder=settings.service_name)


def admit(request: Request) -> long_lived.Slot:
    """A slot for this request's client, or 429."""
    gate = state.SLOT.of(request.app).long_lived
    return gate.admit(guard.client_of(request))


async def held(request: Request, work: Awaitable[T]) -> T | None:
    """`work` (a long-poll's wait) within a slot; None if the client went away first."""
    slot = admit(request)
    try:
        return await long_lived.unless_disconnected(request.receive, work)
    finally:
        slot.release()


class _HeldStream(EventSourceResponse):
    """An SSE response that gives its slot back when it ends, however it ends."""

    def __init__(self, slot: long_lived.Slot, content: Any, **options: Any) -> None:
        super().__init__(content, **options)
        self._slot = slot

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._slot.release()


def stream(
    request: Request, runtime: Runtime[StatusSettings], found: services.Found
) -> EventSourceResponse:
    """The status as Server-Sent Events, within a slot (429 if none is free)."""
    settings = runtime.settings
    slot = admit(request)
    events = _events(request, runtime, found.tracking_code, _last_event_id(request))
    return _HeldStream(
        slot,
        events,
        ping=settings.stream_heartbeat_seconds,
        send_timeout=settings.stream_send_timeout_seconds,
        headers={"Cache-Control": "no-cache"},
    )


async def _events(
    request: Request, runtime: Runtime[StatusSettings], tracking_code: str, sent: int
) -> AsyncIterator[ServerSentEvent]:
    settings = runtime.settings
    parts = state.SLOT.of(request.app)
    notifier, cache = parts.notifier, parts.view_cache
    retry_ms = settings.poll_interval_seconds * 1000
    loop = asyncio.get_running_loop()
    ends = loop.time() + settings.stream_max_seconds
    while (left := ends - loop.time()) > 0:
        # Watch before the read: a change committed between the two still wakes this loop.
        with notifier.watching(tracking_code) as change:
            current = await services.version(runtime, cache, tracking_code)
            if current != sent:
                body = await services.body(runtime, cache, services.Found(tracking_code, current))
                yield ServerSentEvent(
                    data=body.decode(), event="status", id=str(current), retry=retry_ms
                )
                sent = current
            # Re-read at least every heartbeat: another replica's change wakes no one here.
            await changed_within(change, min(settings.stream_heartbeat_seconds, left))


def _last_event_id(request: Request) -> int:
    """The version a reconnecting EventSource already has (-1: none, or not a version)."""
    given = request.headers.get("last-event-id", "")
    return int(given) if given.isascii() and given.isdigit() and len(given) < 19 else -1
