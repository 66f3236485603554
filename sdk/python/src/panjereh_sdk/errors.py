"""Typed errors: every answer the SDK does not hand back as a result is raised as an ApiError
carrying its problem+json (RFC 9457), whatever the body turned out to be."""

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from panjereh_sdk.retries import retry_after


@dataclass(frozen=True)
class FieldError:
    """One entry of a problem's `errors[]`: which field, and what is wrong with it."""

    field: str
    message: str
    code: str = ""


@dataclass
class ApiError(Exception):
    """An answer of 400 or above (after retries): its status and problem+json fields.

    `type` is the problem's URI (its page on the portal), `title`/`detail` are in the language
    the request asked for; `body` is the raw JSON object when there was one (an OAuth error
    of the token endpoint is `{"error", "error_description"}` and lands in `title`/`detail`).
    """

    status: int
    type: str = "about:blank"
    title: str = ""
    detail: str = ""
    errors: list[FieldError] = field(default_factory=list)
    request_id: str | None = None
    retry_after: float | None = None
    body: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        fields = "; ".join(f"{e.field}: {e.message}" for e in self.errors)
        return f"{self.status} {self.title or self.type}: {self.detail}" + (
            f" ({fields})" if fields else ""
        )

    @classmethod
    def from_response(cls, response: httpx.Response) -> "ApiError":
        """Read a problem from `response` (already read), tolerating any body at all: a proxy's
        HTML 502 still becomes an ApiError with its status, never a KeyError."""
        body = _json_object(response.content)
        return cls(
            status=response.status_code,
            type=str(body.get("type", "about:blank")),
            title=str(body.get("title", body.get("error", response.reason_phrase))),
            detail=str(body.get("detail", body.get("error_description", ""))),
            errors=[_field_error(e) for e in body.get("errors", []) if isinstance(e, dict)],
            request_id=body.get("request_id") or response.headers.get("X-Request-ID"),
            retry_after=retry_after(response),
            body=body,
        )


def _json_object(content: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(content)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _field_error(entry: dict[str, Any]) -> FieldError:
    return FieldError(
        field=str(entry.get("field", "")),
        message=str(entry.get("message", "")),
        code=str(entry.get("code", "")),
    )
