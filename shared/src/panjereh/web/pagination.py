"""Cursor pagination as API.md fixes it: `limit` (default 50, max 500), an opaque `cursor`."""

import base64
import binascii
import datetime as dt
import json
from typing import Annotated, Any, Generic, TypeVar, overload

from fastapi import Query
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from panjereh.problems import FieldError, ProblemError

T = TypeVar("T")
P = TypeVar("P", bound="Position")

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page")]
Cursor = Annotated[
    str | None, Query(max_length=2048, description="`next_cursor` of the previous page")
]
_SQL_BIGINT = 2**63 - 1


class Position(BaseModel):
    """What a cursor holds, per list: a cursor is base64 JSON anyone can forge, so what it
    decodes to is validated like any other input before it reaches a query."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SeqPosition(Position):
    seq: int = Field(ge=0, le=_SQL_BIGINT)


class IdPosition(Position):
    id: str = Field(min_length=1, max_length=200)


class KeysetPosition(Position):
    """(moment, id) keyset pagination, newest first."""

    at: AwareDatetime
    id: str = Field(min_length=1, max_length=200)

    @field_validator("at", mode="before")
    @classmethod
    def _iso_8601(cls, value: object) -> dt.datetime:
        # pydantic would read "0018392741" as a Unix time; cursors hold ISO 8601 only.
        if not isinstance(value, str):
            raise ValueError("not an ISO 8601 moment")
        return dt.datetime.fromisoformat(value)


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(position: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode()).decode()


@overload
def decode_cursor(cursor: str | None) -> dict[str, Any]: ...
@overload
def decode_cursor(cursor: str | None, shape: type[P]) -> P | None: ...
def decode_cursor(cursor: str | None, shape: type[P] | None = None) -> dict[str, Any] | P | None:
    """The position a cursor encodes (nothing for the first page); 422 for a cursor we did
    not make. Given its `shape`, the position is validated as that model."""
    if not cursor:
        return {} if shape is None else None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)  # clients may strip base64's padding
        raw = base64.urlsafe_b64decode(padded.encode("ascii"))
        if shape is not None:
            # Strict: a number is no moment ("0018392741" is not a Unix time here), a
            # string no sequence number; only what encode_cursor wrote passes.
            return shape.model_validate_json(raw, strict=True)
        position = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeError, RecursionError):
        raise _invalid() from None
    if not isinstance(position, dict):
        raise _invalid()
    return position


def _invalid() -> ProblemError:
    return ProblemError(
        422,
        "validation",
        "The cursor is not one this API issued.",
        "نشانگر صفحه معتبر نیست.",
        errors=[FieldError("cursor", "invalid cursor")],
    )
