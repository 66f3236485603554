"""The fast path (status_service.fastpath) is an optimisation only: for a lookup it takes,
it answers exactly what the route would (status, body, and the headers a client reads).
The route is reached with `?wait=0` (any query string passes the fast path by); the fast
path is called directly, behind an app that fails the test if it is handed the lookup."""

from typing import Any

import httpx
import pytest

from status_service.fastpath import StatusFastPath
from tests.integration.status.conftest import NATIONAL_CODE
from tests.integration.status.test_status_api import fed  # noqa: F401 — the fixture

pytestmark = pytest.mark.asyncio
READ = ("etag", "cache-control", "x-poll-interval", "content-type")


async def _declined(scope: Any, receive: Any, send: Any) -> None:
    raise AssertionError(f"the fast path handed on {scope['path']}")


async def _fast(app: Any, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 40000),
        "app": app,
    }
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    await StatusFastPath(_declined)(scope, receive, send)
    start, *bodies = sent
    answered = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], answered, b"".join(m.get("body", b"") for m in bodies)


def _read(headers: httpx.Headers | dict[str, str]) -> dict[str, str | None]:
    return {name: headers.get(name) for name in READ}


async def test_the_fast_path_answers_as_the_route_does(fed: Any) -> None:  # noqa: F811
    client, _, story = fed
    path = f"/v1/status/{story.tracking_code}"
    who = {"X-National-Code": NATIONAL_CODE}
    routed = await client.get(path + "?wait=0", headers=who)  # also fills the view cache
    assert routed.status_code == 200, routed.text

    status, headers, body = await _fast(client.service_app, path, who)
    assert status == 200
    assert _read(headers) == _read(routed.headers)
    assert body == routed.content

    unchanged = who | {"If-None-Match": routed.headers["etag"]}
    routed_304 = await client.get(path + "?wait=0", headers=unchanged)
    status, headers, body = await _fast(client.service_app, path, unchanged)
    assert (status, body) == (routed_304.status_code, routed_304.content) == (304, b"")
    assert _read(headers) == _read(routed_304.headers)


async def test_the_fast_path_hands_on_what_it_cannot_answer_alike(fed: Any) -> None:  # noqa: F811
    """A wrong national code is never answered from memory: the route decides (404)."""
    client, _, story = fed
    path = f"/v1/status/{story.tracking_code}"
    await client.get(path + "?wait=0", headers={"X-National-Code": NATIONAL_CODE})
    with pytest.raises(AssertionError, match="handed on"):
        await _fast(client.service_app, path, {"X-National-Code": "0000000000"})
