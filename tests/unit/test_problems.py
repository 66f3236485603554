import logging

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from pydantic import BaseModel

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

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret stack detail 0499370899")

    return app


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


async def test_unknown_routes_are_404_problems(client: httpx.AsyncClient) -> None:
    response = await client.get("/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_unsafe_request_ids_are_replaced(client: httpx.AsyncClient) -> None:
    response = await client.get("/conflict", headers={"X-Request-ID": "bad id\nforged log line"})
    assert response.headers["x-request-id"] != "bad id\nforged log line"
    assert len(response.headers["x-request-id"]) == 32
