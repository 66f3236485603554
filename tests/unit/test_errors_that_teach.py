"""Errors that teach (issue 18): field messages in the caller's language without pydantic's
"Value error," prefix, a readable JSON syntax error, and 415 for a body of the wrong type."""

from typing import Annotated

import httpx
import pytest
from fastapi import FastAPI, Form
from pydantic import BaseModel, Field

from panjereh import field_errors, identity, problems

pytestmark = pytest.mark.asyncio


class Applicant(BaseModel):
    national_code: identity.NationalCode
    name: str = Field(max_length=5)
    employees: int = Field(ge=1)


def _app() -> FastAPI:
    app = FastAPI()
    problems.install(app)

    @app.post("/json")
    async def take_json(applicant: Applicant) -> dict[str, str]:
        return {"ok": applicant.national_code}

    @app.post("/form")
    async def take_form(grant_type: Annotated[str, Form()]) -> dict[str, str]:
        return {"ok": grant_type}

    return app


async def _post(path: str, **kwargs: object) -> httpx.Response:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.post(path, **kwargs)  # type: ignore[arg-type]


VALID = {"national_code": "0018392741", "name": "ali", "employees": 3}


async def test_a_check_digit_error_reads_in_persian_without_the_library_prefix() -> None:
    answer = await _post(
        "/json",
        json=VALID | {"national_code": "0018392742"},
        headers={"Accept-Language": "fa"},
    )
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "national_code", "message": "رقم کنترل کد ملی درست نیست"}
    ]


async def test_the_same_error_in_english_has_no_value_error_prefix() -> None:
    answer = await _post("/json", json=VALID | {"national_code": "0018392742"})
    assert answer.json()["errors"] == [
        {"field": "national_code", "message": "national code check digit does not match"}
    ]


async def test_pydantic_constraints_are_said_in_persian_with_their_bounds() -> None:
    answer = await _post(
        "/json",
        json=VALID | {"name": "abcdefgh", "employees": 0},
        headers={"Accept-Language": "fa-IR,fa;q=0.9"},
    )
    assert {e["field"]: e["message"] for e in answer.json()["errors"]} == {
        "name": "حداکثر 5 نویسه مجاز است",
        "employees": "باید دست‌کم 1 باشد",
    }


async def test_malformed_json_names_the_body_and_where_it_broke() -> None:
    answer = await _post(
        "/json", content=b'{"national_code": ', headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert error["field"] == "body"
    assert error["message"].startswith("The body is not valid JSON:")
    assert "at character 18" in error["message"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "multipart/form-data"])
async def test_a_json_route_given_another_type_answers_415(content_type: str) -> None:
    headers = {"Content-Type": content_type}
    answer = await _post("/json", content=b"national_code=1", headers=headers)
    assert answer.status_code == 415
    assert answer.headers["content-type"] == problems.PROBLEM_JSON
    assert answer.json()["type"].endswith("/unsupported-media-type")
    assert answer.headers["accept-post"] == "application/json"


async def test_a_form_route_given_json_answers_415_naming_the_form_types() -> None:
    answer = await _post("/form", json={"grant_type": "client_credentials"})
    assert answer.status_code == 415
    assert "application/x-www-form-urlencoded" in answer.json()["detail"]


async def test_a_missing_body_is_still_a_422_for_the_field() -> None:
    answer = await _post("/json")
    assert answer.status_code == 422


async def test_a_services_own_message_stays_as_it_is_in_persian() -> None:
    error = {"type": "value_error", "loc": ("body", "form"), "msg": "Value error, own words"}
    assert field_errors.describe(error, persian=True) == ("form", "own words")
