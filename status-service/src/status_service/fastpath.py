"""The hottest path of the platform, served without the framework: a mobile app re-asking
for a status it may already have. Plain GET lookups whose view is in the cache are answered
here (200 or 304); everything else (misses, long-polls, errors) goes to the FastAPI routes,
which give the same answers with the same headers, so this is an optimisation only."""

import re

from starlette.types import ASGIApp, Receive, Scope, Send

from status_service import guard, services

_PATH = re.compile(r"^/v1/status/([0-9]{13})$")


class StatusFastPath:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = _PATH.match(scope["path"]) if scope["type"] == "http" else None
        if match is None or scope["method"] != "GET" or scope["query_string"]:
            await self.app(scope, receive, send)
            return
        if not await self._answered(scope, send, match.group(1)):
            await self.app(scope, receive, send)

    async def _answered(self, scope: Scope, send: Send, tracking_code: str) -> bool:
        state = scope["app"].state if "app" in scope else None
        headers = dict(scope["headers"])
        hit = services.cached_hit(
            state,
            client=_client(scope, headers),
            tracking_code=tracking_code,
            national_code=headers.get(b"x-national-code", b"").decode("latin-1"),
        )
        if hit is None:
            return False
        found, body, interval = hit
        common = [
            (b"etag", found.etag.encode()),
            (b"cache-control", b"no-cache, private"),
            (b"x-poll-interval", str(interval).encode()),
        ]
        given = headers.get(b"if-none-match")
        if found.unchanged_for(None if given is None else given.decode("latin-1")):
            await send({"type": "http.response.start", "status": 304, "headers": common})
            await send({"type": "http.response.body", "body": b""})
            return True
        if body is None:
            return False
        content = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": common + content})
        await send({"type": "http.response.body", "body": body})
        return True


def _client(scope: Scope, headers: dict[bytes, bytes]) -> str:
    forwarded = headers.get(b"x-forwarded-for")
    client = scope.get("client")
    return guard.client_from(
        [forwarded.decode("latin-1")] if forwarded else [], str(client[0]) if client else None
    )
