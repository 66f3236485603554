"""What a database's failures become for the caller: a real PostgreSQL, a closed port, SQLite.

A restarting PostgreSQL is a 503 to retry, text it cannot store a 422, a query that is
wrong a 500 (a bug): each rendered as problem+json by panjereh.problems.
"""

import socket
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine

from panjereh import problems
from panjereh.web.request_id import RequestIdMiddleware

pytestmark = pytest.mark.asyncio


def _app() -> FastAPI:
    app = FastAPI()
    problems.install(app)
    app.add_middleware(RequestIdMiddleware)  # it renders what no handler took: 503, 422, 500

    @app.get("/database/{url:path}")
    async def database(url: str) -> None:
        # Connect for real: a refused connection is what a restarting PostgreSQL looks like.
        await _execute(url, "SELECT 1")

    @app.get("/store/{url:path}")
    async def store(url: str, text: str) -> None:
        await _execute(url, "SELECT CAST(:text AS text)", {"text": text})

    @app.get("/bad-sql")
    async def bad_sql() -> None:
        await _execute("sqlite+aiosqlite://", "SELECT * FROM no_such_table")

    return app


async def _execute(url: str, statement: str, parameters: dict[str, str] | None = None) -> None:
    """Run one statement on a real engine for `url` (errors propagate to the app)."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.execute(sa.text(statement), parameters or {})
    finally:
        await engine.dispose()


@pytest_asyncio.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_an_unreachable_database_is_a_503_to_retry_not_a_500(
    client: httpx.AsyncClient,
) -> None:
    closed = f"postgresql+asyncpg://nobody:nothing@127.0.0.1:{_closed_port()}/none"
    response = await client.get(f"/database/{closed}")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "2"
    assert response.json()["type"].endswith("/database-unavailable")


async def test_a_nul_byte_postgresql_cannot_store_is_a_422(
    client: httpx.AsyncClient, postgres_url: str
) -> None:
    response = await client.get(f"/store/{postgres_url}", params={"text": "a\x00b"})
    assert response.status_code == 422
    assert response.json()["type"].endswith("/unstorable-text")


async def test_a_broken_query_stays_a_500(client: httpx.AsyncClient) -> None:
    assert (await client.get("/bad-sql")).status_code == 500


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # released on return: nothing listens there
