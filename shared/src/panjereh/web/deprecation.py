"""Deprecating a `v1` operation (docs/api.md, Versions): the route is marked deprecated in the
document and every answer it gives carries `Deprecation` (RFC 9745: the moment it was
deprecated, as a structured-field date `@<unix seconds>`), `Sunset` (RFC 8594: the HTTP-date
after which it may stop answering) and a `Link` to the policy. One call gives a route both,
so the document and the answers cannot disagree:

    @router.get("/v1/old", **deprecation.marked(since=..., sunset=...))
"""

import datetime as dt
from email.utils import format_datetime
from typing import Any

from fastapi import Depends, Response

POLICY = "/portal/versioning"
MINIMUM_NOTICE = dt.timedelta(days=182)  # six months between deprecation and sunset


def headers(*, since: dt.datetime, sunset: dt.datetime, policy: str = POLICY) -> dict[str, str]:
    """The answer headers of an operation deprecated at `since` that ends at `sunset`."""
    return {
        "Deprecation": f"@{int(since.timestamp())}",
        "Sunset": format_datetime(sunset.astimezone(dt.UTC), usegmt=True),
        "Link": f'<{policy}>; rel="deprecation"; type="text/html"',
    }


def marked(*, since: dt.datetime, sunset: dt.datetime, policy: str = POLICY) -> dict[str, Any]:
    """Keyword arguments for a route decorator: deprecated in the document, and its answers
    sending the headers (declared on its 200 too, for generated clients)."""
    if since.tzinfo is None or sunset.tzinfo is None:
        raise ValueError("deprecation moments need a time zone")
    if sunset - since < MINIMUM_NOTICE:
        raise ValueError("a sunset comes at least six months after the deprecation")
    sent = headers(since=since, sunset=sunset, policy=policy)

    async def send(response: Response) -> None:
        response.headers.update(sent)

    declared = {
        name: {"description": f"RFC {rfc}: {value}", "schema": {"type": "string"}}
        for (name, value), rfc in zip(sent.items(), ("9745", "8594", "8288"), strict=True)
    }
    return {
        "deprecated": True,
        "dependencies": [Depends(send)],
        "responses": {200: {"headers": declared}},
    }
