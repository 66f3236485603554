"""Finding 8 of issue #14, the application's form: bodies that answered 500.

A form nested a thousand levels deep, or holding a lone surrogate (`\\ud800`, valid JSON but
not text) or a NUL, is refused with a 422 that names the field, before anything recursive or
any database sees it. Black box: raw bodies over HTTP through the gateway.
"""

import json
import uuid
from typing import Any

import pytest

from tests.security.conftest import COMPLETE_PERSON, ON_BOTH_EDGES, PASSPORT, Window

pytestmark = [pytest.mark.asyncio, ON_BOTH_EDGES]


def _body(form_json: str) -> bytes:
    """A submission whose form is the raw JSON text `form_json` (escapes kept as written)."""
    head = json.dumps(
        {"service_id": "passport-issuance", "applicant": {"national_code": COMPLETE_PERSON}}
    )
    return (head[:-1] + ', "form": ' + form_json + "}").encode()


async def _submit(window: Window, body: bytes) -> Any:
    headers = await window.auth(PASSPORT)
    return await window.http.post(
        "/v1/applications",
        content=body,
        headers=headers
        | {"Content-Type": "application/json", "Idempotency-Key": f"sec-form-{uuid.uuid4()}"},
    )


def _refused_form(response: Any) -> str:
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["field"] == "form", error
    message = str(error["message"])
    assert not message.startswith("Value error"), message
    return message


async def test_a_form_nested_1000_levels_is_a_422(window: Window) -> None:
    form = '{"a": ' * 1000 + "1" + "}" * 1000
    message = _refused_form(await _submit(window, _body(form)))
    assert "nested more than" in message


async def test_a_form_nested_deeper_than_the_parser_allows_is_a_4xx(window: Window) -> None:
    form = '{"a": ' * 5000 + "1" + "}" * 5000
    response = await _submit(window, _body(form))
    assert 400 <= response.status_code < 500, response.text


async def test_a_lone_surrogate_in_the_form_is_a_422(window: Window) -> None:
    message = _refused_form(await _submit(window, _body('{"name": "x\\ud800y"}')))
    assert "surrogate" in message


async def test_a_lone_surrogate_in_a_form_key_is_a_422(window: Window) -> None:
    _refused_form(await _submit(window, _body('{"\\udfff": 1}')))


async def test_a_nul_in_the_form_is_a_422(window: Window) -> None:
    message = _refused_form(await _submit(window, _body('{"name": ["ok", "x\\u0000"]}')))
    assert "NUL" in message


async def test_a_paired_surrogate_is_text_and_accepted(window: Window) -> None:
    response = await _submit(window, _body('{"name": "\\ud83d\\ude00", "deep": [[[["ok"]]]]}'))
    assert response.status_code == 202, response.text
