"""The kit's fast paths (panjereh.web.fast_paths): offered each GET and HEAD before the
middleware stack, their answers sent with the request id; declined, failed or traced, the
stack answers as if they had never been asked."""

from collections.abc import Mapping
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from starlette.types import Scope

from panjereh.settings import ServiceSettings
from panjereh.web.app import create_service_app
from panjereh.web.fast_paths import Answer, ServiceApp
from panjereh.web.request_id import RequestIdMiddleware

pytestmark = pytest.mark.asyncio
BODY = b'{"fast":true}'


def _memory(app: FastAPI, scope: Scope, headers: Mapping[bytes, bytes]) -> Answer | None:
    """Answers /fast (a 304 when asked with If-None-Match), declines everything else."""
    if scope["path"] != "/fast":
        return None
    if b"if-none-match" in headers:
        return 304, [(b"etag", b'"1"')], b""
    return 200, [(b"content-type", b"application/json"), (b"content-length", b"13")], BODY


def _broken(app: FastAPI, scope: Scope, headers: Mapping[bytes, bytes]) -> Answer | None:
    raise RuntimeError("a bug in a fast path")


def _app(*fast_paths: Any) -> ServiceApp:
    app = ServiceApp()
    app.fast_paths = fast_paths
    app.add_middleware(RequestIdMiddleware)

    @app.api_route("/fast", methods=["GET", "POST"])
    async def routed() -> dict[str, str]:
        return {"from": "route"}

    return app


def _client(app: ServiceApp) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


async def test_a_fast_answer_carries_the_request_id_and_a_head_has_no_body() -> None:
    async with _client(_app(_memory)) as client:
        got = await client.get("/fast", headers={"X-Request-ID": "mine-1"})
        head = await client.head("/fast")
        unchanged = await client.get("/fast", headers={"If-None-Match": '"1"'})
        forged = await client.get("/fast", headers={"X-Request-ID": "a b\x7f"})
    assert (got.status_code, got.content, got.headers["x-request-id"]) == (200, BODY, "mine-1")
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["content-length"] == "13"
    assert (unchanged.status_code, unchanged.headers["etag"]) == (304, '"1"')
    for minted in (head, unchanged, forged):
        assert len(minted.headers["x-request-id"]) == 32
        int(minted.headers["x-request-id"], 16)
    assert len({head.headers["x-request-id"], unchanged.headers["x-request-id"]}) == 2


async def test_declined_failed_and_other_methods_go_through_the_stack(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with _client(_app(_broken)) as client:
        broken = await client.get("/fast")
    assert broken.json() == {"from": "route"}  # one that raises declines
    assert "fast path _broken failed" in caplog.text
    async with _client(_app(lambda *_: None, _broken, _memory)) as client:
        assert (await client.get("/fast")).content == BODY  # the next is still offered it
        posted = await client.post("/fast")
        missing = await client.get("/elsewhere")
    assert posted.json() == {"from": "route"}  # a POST is never offered
    assert missing.status_code == 404 and len(missing.headers["x-request-id"]) == 32


async def test_a_traced_service_has_no_fast_path() -> None:
    def app(**tracing: Any) -> ServiceApp:
        made = create_service_app(
            title="t",
            description="t",
            settings=ServiceSettings(**tracing),
            migrations_package="tests",
            fast_paths=[_memory],
        )
        assert isinstance(made, ServiceApp)
        return made

    assert app().fast_paths == (_memory,)
    assert app(trace_file="/dev/null").fast_paths == ()
