import logging
import socket

import httpx
import pytest
import pytest_asyncio
import sqlalchemy as sa
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import create_async_engine

from panjereh import identity, problems
from panjereh.web.request_id import RequestIdMiddleware

pytestmark = pytest.mark.asyncio


class _Body(BaseModel):
    national_code: identity.NationalCode
    count: int


def _app() -> FastAPI:
    app = FastAPI()
    problems.install(app)
    app.add_middleware(RequestIdMiddleware)

    @app.post("/things")
    async def create(body: _Body) -> dict[str, str]:
        return {"national_code": body.national_code}

    @app.get("/conflict")
    async def conflict() -> None:
        raise problems.ProblemError(409, "conflict", "Already decided.", "قبلاً تصمیم‌گیری شده است.")

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

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret stack detail 0499370899")

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
async def client() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_validation_errors_are_422_problems_with_one_item_per_field(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/things", json={"national_code": "0499370898", "count": "x"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert {e["field"] for e in body["errors"]} == {"national_code", "count"}
    assert body["status"] == 422 and body["instance"] == "/things"
    assert body["request_id"] == response.headers["x-request-id"]


async def test_persian_digits_are_accepted_in_bodies(client: httpx.AsyncClient) -> None:
    response = await client.post("/things", json={"national_code": "۰۴۹۹۳۷۰۸۹۹", "count": 1})
    assert response.status_code == 200
    assert response.json() == {"national_code": "0499370899"}


async def test_accept_language_fa_gives_persian_title_and_detail(client: httpx.AsyncClient) -> None:
    english = (await client.get("/conflict")).json()
    persian = (await client.get("/conflict", headers={"Accept-Language": "fa-IR,fa;q=0.9"})).json()
    assert english["detail"] == "Already decided." and english["title"] == "Conflict"
    assert persian["detail"] == "قبلاً تصمیم‌گیری شده است."
    assert persian["title"] == "تعارض با وضعیت فعلی"


async def test_a_500_never_leaks_the_error(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = await client.get("/boom", headers={"X-Request-ID": "trace-me-1"})
    assert response.status_code == 500
    assert "secret" not in response.text
    assert response.json()["request_id"] == "trace-me-1"
    assert response.headers["x-request-id"] == "trace-me-1"
    assert "secret stack detail" in caplog.text


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


async def test_unknown_routes_are_404_problems(client: httpx.AsyncClient) -> None:
    response = await client.get("/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_unsafe_request_ids_are_replaced(client: httpx.AsyncClient) -> None:
    response = await client.get("/conflict", headers={"X-Request-ID": "bad id\nforged log line"})
    assert response.headers["x-request-id"] != "bad id\nforged log line"
    assert len(response.headers["x-request-id"]) == 32
