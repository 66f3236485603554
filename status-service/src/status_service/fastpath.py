"""The hottest path of the platform, answered before the middleware stack (panjereh.web.
fast_paths): a mobile app re-asking for a status it may already have. A plain lookup (no
query) whose view is in the cache, for the right national code and a client whose miss
budgets are not spent, is answered here (200 or 304); everything else (misses, long-polls,
errors, a spent budget) is declined to the FastAPI routes, which give the same answers with
the same headers, so this is an optimisation only."""

import re
from collections.abc import Mapping

from fastapi import FastAPI
from starlette.types import Scope

from panjereh.web.fast_paths import Answer
from status_service import guard, services, state

_PATH = re.compile(r"^/v1/status/([0-9]{13})$")
_CACHE_CONTROL = (b"cache-control", b"no-cache, private")
_JSON = (b"content-type", b"application/json")


def answer(app: FastAPI, scope: Scope, headers: Mapping[bytes, bytes]) -> Answer | None:
    """The lookup's 200 or 304 from memory, or None (the routes decide)."""
    match = _PATH.match(scope["path"])
    if match is None or scope["query_string"]:
        return None
    hit = services.cached_hit(
        state.SLOT.find(app),
        client=_client(scope, headers),
        tracking_code=match.group(1),
        national_code=headers.get(b"x-national-code", b"").decode("latin-1"),
    )
    if hit is None:
        return None
    found, body, interval = hit
    common = [
        (b"etag", found.etag.encode()),
        _CACHE_CONTROL,
        (b"x-poll-interval", str(interval).encode()),
    ]
    given = headers.get(b"if-none-match")
    if found.unchanged_for(None if given is None else given.decode("latin-1")):
        return 304, common, b""
    if body is None:
        return None
    return 200, [*common, _JSON, (b"content-length", str(len(body)).encode())], body


def _client(scope: Scope, headers: Mapping[bytes, bytes]) -> str:
    forwarded = headers.get(b"x-forwarded-for")
    client = scope.get("client")
    return guard.client_from(
        [forwarded.decode("latin-1")] if forwarded else [], str(client[0]) if client else None
    )
