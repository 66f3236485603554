"""Status routes for applicants and mobile apps: lookup with ETag and long-poll, SSE, access log."""

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from sse_starlette import EventSourceResponse

from panjereh.runtime import Runtime
from panjereh.web.pagination import Cursor, Limit
from status_service import guard, history, services, state, streams
from status_service.notifier import changed_within
from status_service.schemas import STATUS_RESPONSES, AccessHistory, AccessLog, Status
from status_service.state import StatusRuntime

router = APIRouter(prefix="/v1/status", tags=["status"])
NationalCode = Annotated[
    str | None,
    Header(alias="X-National-Code", description="The applicant's national code (any digits)"),
]
IfNoneMatch = Annotated[str | None, Header(alias="If-None-Match")]
Wait = Annotated[int, Query(ge=0, le=30, description="Long-poll: seconds to wait for a change")]


async def _find(
    request: Request, runtime: Runtime, tracking_code: str, national_code: str | None
) -> services.Found:
    parts = state.SLOT.of(request.app)
    return await services.find(
        runtime,
        parts.guard,
        parts.view_cache,
        parts.notifier,
        client=guard.client_of(request),
        tracking_code=tracking_code,
        national_code=national_code,
    )


def _headers(request: Request, found: services.Found) -> dict[str, str]:
    interval = state.SLOT.of(request.app).runtime.settings.poll_interval_seconds
    return {
        "ETag": found.etag,
        "Cache-Control": "no-cache, private",
        "X-Poll-Interval": str(interval),
    }


@router.get(
    "/{tracking_code}",
    summary="An application's status (public, with the applicant's national code)",
    operation_id="getStatus",
    response_model=Status,
    responses=STATUS_RESPONSES | streams.LONG_POLL_RESPONSES,
)
async def status(
    tracking_code: str,
    request: Request,
    runtime: StatusRuntime,
    national_code: NationalCode = None,
    if_none_match: IfNoneMatch = None,
    wait: Wait = 0,
) -> Any:
    """Public: no token needed; the applicant's national code goes in `X-National-Code` (any
    digits). 404 alike for unknown codes and wrong national codes, in body, headers and
    time; misses are limited (429 `too-many-misses` with `Retry-After`), yet the right code
    is still served. A strong `ETag` and `X-Poll-Interval` come with each answer: send
    `If-None-Match` for a 304, and `wait=N` (N ≤ 30) to long-poll for the next change. A
    poll right after the 202 never reads as "no such application" (docs/api.md §6)."""
    found = await _find(request, runtime, tracking_code, national_code)
    cache = state.SLOT.of(request.app).view_cache
    if found.unchanged_for(if_none_match):
        # The wait holds a slot (per client and in total; 429 past either) and ends early
        # if the client goes away.
        latest = (
            await streams.held(request, _next_version(request, runtime, found, wait))
            if wait
            else None
        )
        if latest is None:
            return Response(status_code=304, headers=_headers(request, found))
        found = services.Found(found.tracking_code, latest)
    body = await services.body(runtime, cache, found)
    return Response(body, media_type="application/json", headers=_headers(request, found))


async def _next_version(
    request: Request, runtime: Runtime, found: services.Found, wait: int
) -> int | None:
    """The view's version once it differs from `found`'s, within `wait` seconds; else None."""
    parts = state.SLOT.of(request.app)
    notifier, cache = parts.notifier, parts.view_cache
    with notifier.watching(found.tracking_code) as change:
        # Watch, then read: a change this replica committed before the watch is already in
        # the cache (the projection puts it there before it wakes anyone), one committed
        # elsewhere shows in the database read, and one after the watch sets `change`.
        latest = await services.version(runtime, cache, found.tracking_code)
        if latest != found.version:
            return latest
        if not await changed_within(change, wait):
            return None
    return await services.version(runtime, cache, found.tracking_code)


@router.get(
    "/{tracking_code}/events",
    summary="The same status as Server-Sent Events",
    operation_id="streamStatusEvents",
    response_class=EventSourceResponse,
    responses=streams.STREAM_RESPONSES | {404: STATUS_RESPONSES[404]},
)
async def events(
    tracking_code: str, request: Request, runtime: StatusRuntime, national_code: NationalCode = None
) -> EventSourceResponse:
    """Public: no token needed; the national code in `X-National-Code`, the same 404 as
    `getStatus` for a wrong one. A `text/event-stream` of the status as it changes. Capped
    per client and in total (429 past either); ends when the client goes away, and after
    `stream_max_seconds` (EventSource reconnects with Last-Event-ID)."""
    found = await _find(request, runtime, tracking_code, national_code)
    return streams.stream(request, runtime, found)


@router.get(
    "/{tracking_code}/access-log",
    summary="Which agencies fetched which of my documents, when and why",
    operation_id="getStatusAccessLog",
    responses={404: STATUS_RESPONSES[404]},
)
async def access_log(
    tracking_code: str, request: Request, runtime: StatusRuntime, national_code: NationalCode = None
) -> AccessLog:
    """Public: no token needed; the national code in `X-National-Code`, the same 404 as
    `getStatus` for a wrong one. Which agency fetched which evidence of this application,
    when and for which service: the application's own evidence requests and the direct
    inquiries that named it. The whole history of a person is `/v1/citizen/access-log`."""
    found = await _find(request, runtime, tracking_code, national_code)
    return await history.for_application(runtime, await services.view(runtime, found.tracking_code))


oversight = APIRouter(prefix="/v1/oversight", tags=["oversight"])


@oversight.get(
    "/access-history",
    summary="Every inquiry about a person, across agencies and paths (the office, operators)",
)
async def access_history(
    runtime: StatusRuntime,
    principal: history.Overseer,
    national_code: Annotated[str, Query(description="The person's national code (any digits)")],
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AccessHistory:
    """Needs `catalog:approve` (the legal-basis office) or `compliance:read` (operators); any
    other token is a 403. Every inquiry about the person, newest first, by any agency and
    any path (an application's evidence, a direct inquiry, the platform's own Shahkar
    checks); each read is itself logged with the code masked. `national_code` takes any
    digits; a failing check digit is a 422. Pages by `limit` and `cursor`."""
    return await history.of_person(
        runtime, principal, national_code=national_code, limit=limit, cursor=cursor
    )
