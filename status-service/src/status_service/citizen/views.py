"""The citizen's own views: every application of mine, and every fetch of my data with the
flags its facts call for. The person is the token's national code, as the read model keys it
(its keyed hash); nothing here takes a person from the request."""

import datetime as dt
import logging

from panjereh import auth, identity
from panjereh.db.engine import as_utc
from panjereh.problems import ProblemError
from panjereh.runtime import Runtime
from panjereh.web.pagination import KeysetPosition, decode_cursor, encode_cursor
from status_service.citizen import domain, repository
from status_service.citizen.schemas import MyAccessEntry, MyAccessLog, MyApplication, MyApplications
from status_service.settings import StatusSettings

log = logging.getLogger(__name__)


def national_code_of(citizen: auth.Principal) -> str:
    """The signed-in person's national code (normalised; the gateway signed it)."""
    try:
        return identity.normalize_national_code(citizen.national_code or "")
    except identity.InvalidNationalCode:
        raise ProblemError(
            403,
            "citizen-token",
            "The citizen token does not name a valid national code.",
            "توکن شهروند کد ملی معتبری ندارد.",
        ) from None


def subject(runtime: Runtime, national_code: str) -> str:
    settings = runtime.settings
    assert isinstance(settings, StatusSettings)
    return settings.subject_of(national_code)


def position(cursor: str | None) -> tuple[dt.datetime, str] | None:
    """The cursor's (moment, id), validated (422 for one this API did not issue)."""
    found = decode_cursor(cursor, KeysetPosition)
    return (found.at.astimezone(dt.UTC), found.id) if found is not None else None


def next_cursor(at: dt.datetime, key: str) -> str:
    return encode_cursor({"at": as_utc(at).isoformat(), "id": key})


async def my_applications(
    runtime: Runtime, citizen: auth.Principal, *, limit: int, cursor: str | None
) -> MyApplications:
    code = national_code_of(citizen)
    async with runtime.reader.connection() as connection:
        rows = await repository.applications(
            connection, subject(runtime, code), limit=limit + 1, before=position(cursor)
        )
    page = rows[:limit]
    log.info("applications of %s read by the person (%d)", identity.mask(code), len(page))
    last = page[-1] if len(rows) > limit else None
    return MyApplications(
        items=[MyApplication.of(row) for row in page],
        next_cursor=next_cursor(last.submitted_at, last.application_id) if last else None,
    )


async def my_access_log(
    runtime: Runtime, citizen: auth.Principal, *, limit: int, cursor: str | None
) -> MyAccessLog:
    """A page of every fetch of my data, newest first, each judged against all my
    applications (not only this page's)."""
    code = national_code_of(citizen)
    person = subject(runtime, code)
    async with runtime.reader.connection() as connection:
        rows = await repository.history(
            connection, person, limit=limit + 1, before=position(cursor)
        )
        page = rows[:limit]
        tenures = await repository.tenures(connection, person)
        disputes = await repository.disputes_of(connection, (row.event_id for row in page))
    log.info("access log of %s read by the person (%d entries)", identity.mask(code), len(page))
    last = page[-1] if len(rows) > limit else None
    return MyAccessLog(
        items=[
            MyAccessEntry.of_entry(
                row,
                flags=domain.flags(
                    domain.Fetch(row.agency_id, row.application_id, row.outcome, row.at),
                    tenures,
                    disputed=row.event_id in disputes,
                ),
                dispute=disputes.get(row.event_id),
            )
            for row in page
        ],
        next_cursor=next_cursor(last.at, last.event_id) if last else None,
    )
