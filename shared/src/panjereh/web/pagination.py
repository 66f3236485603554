"""Cursor pagination as API.md fixes it: `limit` (default 50, max 500), an opaque `cursor`."""

import base64
import binascii
import json
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from panjereh.problems import FieldError, ProblemError

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page")]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(position: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str | None) -> dict[str, Any]:
    """The position a cursor encodes ({} for the first page); 422 for a cursor we did not make."""
    if not cursor:
        return {}
    try:
        position = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        position = None
    if not isinstance(position, dict):
        raise ProblemError(
            422,
            "validation",
            "The cursor is not one this API issued.",
            "نشانگر صفحه معتبر نیست.",
            errors=[FieldError("cursor", "invalid cursor")],
        )
    return position
