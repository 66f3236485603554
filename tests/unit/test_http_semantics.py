"""The kit's HTTP semantics (issue 18): HEAD wherever GET works, answered with the GET's
status and headers and no body (a stream ends instead of running on), and If-None-Match
compared as RFC 9110 §13.1.2 says."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import StreamingResponse

from panjereh import problems
from panjereh.web.conditional import none_match
from panjereh.web.head import HeadAsGet


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        ('"8"', True),
        ('W/"8"', True),  # weak comparison: the W/ does not matter
        ('"x", W/"8"', True),
        (' "x" ,, "8" ', True),  # empty list members are ignored
        ("*", True),
        ('W/"x", "y"', False),
        ('"9"', False),
        ("8", False),  # not quoted: no entity tag at all
        ('"8', False),
        ('W/"8" junk', False),
        ("", False),
        (None, False),
        ('*, "8"', False),  # * stands alone or not at all
    ],
)
def test_if_none_match_compares_weakly(header: str | None, matches: bool) -> None:
    assert none_match(header, '"8"') is matches


def _app() -> FastAPI:
    app = FastAPI()
    problems.install(app)
    app.add_middleware(HeadAsGet)
    ended = asyncio.Event()
    app.state.ended = ended

    @app.get("/thing")
    async def thing() -> dict[str, str]:
        return {"name": "value"}

    @app.get("/missing")
    async def missing() -> None:
        raise problems.ProblemError(404, "not-found", "No such thing.", "یافت نشد.")

    @app.get("/stream")
    async def stream() -> StreamingResponse:
        async def forever() -> AsyncIterator[bytes]:
            try:
                while True:
                    yield b"data: tick\n\n"
                    await asyncio.sleep(0.01)
            finally:
                ended.set()

        return StreamingResponse(forever(), media_type="text/event-stream")

    @app.post("/only-post")
    async def only_post() -> dict[str, str]:
        return {}

    return app


async def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


@pytest.mark.asyncio
async def test_head_answers_the_gets_headers_with_no_body() -> None:
    async with await _client(_app()) as client:
        got, head = await client.get("/thing"), await client.head("/thing")
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"] == str(len(got.content))
    assert head.headers["content-type"] == got.headers["content-type"]


@pytest.mark.asyncio
async def test_head_on_a_404_is_the_404_with_no_body() -> None:
    async with await _client(_app()) as client:
        head = await client.head("/missing")
    assert head.status_code == 404 and head.content == b""
    assert head.headers["content-type"].startswith("application/problem+json")


@pytest.mark.asyncio
async def test_head_on_a_stream_ends_the_stream() -> None:
    app = _app()
    async with await _client(app) as client:
        async with asyncio.timeout(60):  # an upper bound: a stream that ran on never returns
            head = await client.head("/stream")
            await app.state.ended.wait()
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"].startswith("text/event-stream")


@pytest.mark.asyncio
async def test_head_where_get_is_not_allowed_is_405() -> None:
    async with await _client(_app()) as client:
        head = await client.head("/only-post")
    assert head.status_code == 405 and head.content == b""
