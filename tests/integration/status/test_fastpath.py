"""The fast path (status_service.fastpath, answered before the middleware stack) is an
optimisation only: for a lookup it takes, it answers exactly what the route would (status,
body, and the headers a client reads, the request id included); what it cannot answer from
memory it declines, and the route decides. The route is reached with `?wait=0` (any query
string passes the fast path by); the fast path is called directly, and through the app with
a spy on it, so each test knows which of the two answered."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from panjereh.bus.memory import InMemoryBus
from panjereh.web.fast_paths import Answer
from status_service import fastpath
from tests.integration.status.conftest import NATIONAL_CODE, Story, catalogue_fact, status_service

pytestmark = pytest.mark.asyncio
READ = ("etag", "cache-control", "x-poll-interval", "content-type", "content-length")
WHO = {"X-National-Code": NATIONAL_CODE}


@pytest_asyncio.fixture
async def fed(database_url: str) -> AsyncIterator[tuple[httpx.AsyncClient, InMemoryBus, Story]]:
    """One application's status; views cached for an hour, so however slow the machine, what
    the route put in the cache is still there when the fast path is asked."""
    bus = InMemoryBus()
    await bus.start()
    story = Story()
    story.add(catalogue_fact())
    story.submitted().evidence()
    async with status_service(
        database_url,
        bus,
        misses_per_client="5/minute",
        projection_wait_seconds=0.0,
        view_cache_seconds=3600,
    ) as client:
        await bus.publish_batch(story.messages())
        yield client, bus, story


def _fast(app: Any, path: str, headers: dict[str, str], query: bytes = b"") -> Answer | None:
    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": query,
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 40000),
    }
    return fastpath.answer(app, scope, dict(scope["headers"]))


def _read(headers: httpx.Headers | dict[str, str]) -> dict[str, str | None]:
    return {name: headers.get(name) for name in READ}


def _spied(app: Any) -> list[int | None]:
    """The statuses the app's fast path answered (None: declined), from now on."""
    seen: list[int | None] = []

    def spy(*args: Any) -> Answer | None:
        answer = fastpath.answer(*args)
        seen.append(None if answer is None else answer[0])
        return answer

    app.fast_paths = (spy,)
    return seen


async def test_the_fast_path_answers_as_the_route_does(fed: Any) -> None:
    client, _, story = fed
    path = f"/v1/status/{story.tracking_code}"
    routed = await client.get(path + "?wait=0", headers=WHO)  # also fills the view cache
    assert routed.status_code == 200, routed.text

    answer = _fast(client.service_app, path, WHO)
    assert answer is not None
    status, headers, body = answer
    assert status == 200
    assert _read({k.decode(): v.decode() for k, v in headers}) == _read(routed.headers)
    assert body == routed.content

    unchanged = WHO | {"If-None-Match": routed.headers["etag"]}
    routed_304 = await client.get(path + "?wait=0", headers=unchanged)
    answer = _fast(client.service_app, path, unchanged)
    assert answer is not None
    status, headers, body = answer
    assert (status, body) == (routed_304.status_code, routed_304.content) == (304, b"")
    assert _read({k.decode(): v.decode() for k, v in headers}) == _read(routed_304.headers)


async def test_through_the_app_it_answers_gets_and_heads_with_the_request_id(
    fed: Any,
) -> None:
    client, _, story = fed
    path = f"/v1/status/{story.tracking_code}"
    routed = await client.get(path + "?wait=0", headers=WHO | {"X-Request-ID": "poll-1"})
    seen = _spied(client.service_app)

    fast = await client.get(path, headers=WHO | {"X-Request-ID": "poll-2"})
    head = await client.head(path, headers=WHO)
    weak = await client.get(path, headers=WHO | {"If-None-Match": f"W/{routed.headers['etag']}"})
    assert seen == [200, 200, 304]
    assert (fast.status_code, fast.content) == (200, routed.content)
    assert _read(fast.headers) == _read(routed.headers) == _read(head.headers)
    assert routed.headers["x-request-id"] == "poll-1" and fast.headers["x-request-id"] == "poll-2"
    assert (head.status_code, head.content) == (200, b"")
    assert len(head.headers["x-request-id"]) == 32  # minted, as the stack does
    assert (weak.status_code, weak.content) == (304, b"")
    assert weak.headers["etag"] == routed.headers["etag"]


async def test_the_fast_path_hands_on_what_it_cannot_answer_alike(fed: Any) -> None:
    """A wrong national code, a query string or a view not rendered yet is never answered
    from memory: the route decides (here a 404 problem, then the 200)."""
    client, _, story = fed
    path = f"/v1/status/{story.tracking_code}"
    app = client.service_app
    assert _fast(app, path, WHO) is None  # no body rendered yet (the projection puts versions)
    await client.get(path + "?wait=0", headers=WHO)
    assert _fast(app, path, WHO) is not None
    assert _fast(app, path, WHO, query=b"wait=0") is None
    assert _fast(app, path, {"X-National-Code": "0000000000"}) is None
    assert _fast(app, path, {}) is None
    assert _fast(app, path + "0", WHO) is None

    seen = _spied(app)
    wrong = await client.get(path, headers={"X-National-Code": "0018392742"})
    assert seen == [None]
    assert wrong.status_code == 404
    assert wrong.headers["content-type"].startswith("application/problem+json")
    assert wrong.json()["request_id"] == wrong.headers["x-request-id"]


async def test_a_client_whose_misses_are_spent_is_left_to_the_route(fed: Any) -> None:
    """Its 429 comes from the route, even for a lookup the cache could answer."""
    client, _, story = fed
    path = f"/v1/status/{story.tracking_code}"
    await client.get(path + "?wait=0", headers=WHO)
    for _ in range(6):  # misses_per_client is 5/minute in this fixture
        await client.get(path, headers={"X-National-Code": "0000000000"})
    seen = _spied(client.service_app)
    refused = await client.get(path, headers=WHO)
    assert seen == [None]
    assert refused.status_code == 429 and "retry-after" in refused.headers
