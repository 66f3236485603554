"""A person's access history: every inquiry about them, by either path (API.md, Inquiries).

The applicant sees an application's share of it (`/access-log`); the legal-basis office and
the operators see all of it (`/v1/oversight/access-history`). The citizen's own view comes
with the citizen login.
"""

import datetime as dt
import logging
from typing import Annotated, Any

from fastapi import Depends

from panjereh import auth, identity
from panjereh.db.engine import as_utc
from panjereh.problems import FieldError, ProblemError
from panjereh.runtime import Runtime
from panjereh.web.pagination import decode_cursor, encode_cursor
from status_service import repository
from status_service.schemas import AccessEntry, AccessHistory, AccessLog, HistoryEntry
from status_service.settings import StatusSettings

log = logging.getLogger(__name__)

# Who may read anyone's whole history: the legal-basis office, which answers for every
# basis, and the operators, who answer for the platform (API.md, Citizens: disputes).
OVERSIGHT_SCOPES = frozenset({"catalog:approve", "compliance:read"})


async def _overseer(
    principal: Annotated[auth.Principal, Depends(auth.current_principal)],
) -> auth.Principal:
    if not principal.scopes & OVERSIGHT_SCOPES:
        raise ProblemError(
            403,
            "insufficient-scope",
            "The token lacks the scope catalog:approve or compliance:read.",
            "توکن دسترسی دامنه catalog:approve یا compliance:read را ندارد.",
        )
    return principal


Overseer = Annotated[auth.Principal, Depends(_overseer)]


async def for_application(runtime: Runtime[StatusSettings], view: Any) -> AccessLog:
    """The application's inquiries, by its own evidence requests and direct ones naming it."""
    async with runtime.reader.connection() as connection:
        rows = await repository.access_rows(connection, view.application_id, view.subject)
    return AccessLog(items=[AccessEntry.of(row) for row in rows])


async def of_person(
    runtime: Runtime[StatusSettings],
    principal: auth.Principal,
    *,
    national_code: str,
    limit: int,
    cursor: str | None,
) -> AccessHistory:
    """A page of everything fetched about the person, newest first."""
    code = _national_code(national_code)
    settings = runtime.settings
    subject = settings.subject_of(code)
    async with runtime.reader.connection() as connection:
        rows = await repository.person_history(
            connection, subject, limit=limit + 1, before=_position(cursor)
        )
    # Who looked at whose history is itself on record (the code masked, as in every log).
    log.info(
        "access history of %s read by %s (%d entries)",
        identity.mask(code),
        principal.client_id,
        min(len(rows), limit),
    )
    page, more = rows[:limit], len(rows) > limit
    last = page[-1] if more else None
    return AccessHistory(
        items=[HistoryEntry.of(row) for row in page],
        next_cursor=encode_cursor({"at": as_utc(last.at).isoformat(), "id": last.event_id})
        if last is not None
        else None,
    )


def _national_code(value: str) -> str:
    try:
        return identity.normalize_national_code(value)
    except identity.InvalidNationalCode:
        raise ProblemError(
            422,
            "validation",
            "The national code is not a valid Iranian national code.",
            "کد ملی معتبر نیست.",
            errors=[FieldError("national_code", "not a valid national code")],
        ) from None


def _position(cursor: str | None) -> tuple[dt.datetime, str] | None:
    """The cursor's (time, id), or 422 for one this API did not issue (never a 500, and never
    the cursor's contents in the answer)."""
    position = decode_cursor(cursor)
    if not position:
        return None
    at, event_id = position.get("at"), position.get("id")
    try:
        if not isinstance(at, str) or not isinstance(event_id, str) or len(event_id) > 64:
            raise ValueError
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        raise ProblemError(
            422,
            "validation",
            "The cursor is not one this API issued.",
            "نشانگر صفحه معتبر نیست.",
            errors=[FieldError("cursor", "invalid cursor")],
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC), event_id
