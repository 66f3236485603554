"""Every service's OpenAPI says what its errors really look like: RFC 9457 problem+json.

FastAPI documents a 422 as `HTTPValidationError` in application/json, which is not what our
handlers send; agencies generate clients from this document, so it must tell the truth.
"""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from panjereh.problems import PROBLEM_JSON

PROBLEM: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details, in the language of Accept-Language (fa or en).",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "request_id": {"type": ["string", "null"]},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
_FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")


def problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _too_many() -> dict[str, Any]:
    return problem_response("Too many requests: wait as long as `Retry-After` says")


def _with_retry_after(answer: dict[str, Any]) -> dict[str, Any]:
    """A 429 or 503 declares the Retry-After it is sent with, whoever described it."""
    answer.setdefault("headers", {}).setdefault(
        "Retry-After",
        {
            "description": "Seconds to wait before trying again",
            "schema": {"type": "integer", "minimum": 0},
        },
    )
    return answer


def with_problems(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with every operation's errors declared as problem+json."""
    document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            if "422" in responses:
                responses["422"] = problem_response("Invalid input; `errors` names each field")
            if operation.get("security"):
                responses.setdefault("401", problem_response("No valid bearer token"))
                responses.setdefault("403", problem_response("The token lacks the scope"))
            _with_retry_after(responses.setdefault("429", _too_many()))
            responses.setdefault("default", problem_response("An error, as problem+json"))
    schemas = document["components"]["schemas"]
    for name in _FASTAPI_VALIDATION:
        schemas.pop(name, None)
    return document


def document_problems(app: FastAPI) -> None:
    """Make `app.openapi()` declare problem+json errors (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = with_problems(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
