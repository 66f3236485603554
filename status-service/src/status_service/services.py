"""The status lookups, the use cases of the status routes (reads only, through the read-only
reader): check digit, national code as second factor, miss limits (status_service.guard)."""

import asyncio
import hmac
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from panjereh import identity, tracking
from panjereh.problems import ProblemError
from panjereh.runtime import Runtime
from panjereh.web import conditional
from status_service import repository
from status_service.cache import Entry, ViewCache
from status_service.guard import Guard
from status_service.notifier import ChangeNotifier, changed_within
from status_service.schemas import Status
from status_service.state import StatusState


def not_found() -> ProblemError:
    """One answer for every miss (unknown code, wrong national code, malformed input): no
    oracle. A new error each time: a shared one would grow one traceback per raise."""
    return ProblemError(
        404,
        "status-not-found",
        "No application matches this tracking code and national code.",
        "درخواستی با این کد رهگیری و کد ملی یافت نشد.",
    )


@dataclass(frozen=True)
class Found:
    tracking_code: str
    version: int

    @property
    def etag(self) -> str:
        return f'"{self.version}"'

    def unchanged_for(self, if_none_match: str | None) -> bool:
        """The client holds this version already (a 304): RFC 9110's weak comparison."""
        return conditional.none_match(if_none_match, self.etag)


async def find(
    runtime: Runtime,
    guard: Guard,
    cache: ViewCache,
    notifier: ChangeNotifier,
    *,
    client: str,
    tracking_code: str,
    national_code: str | None,
) -> Found:
    """The view's identity and version, if the tracking code and national code match; else
    404, or 429 once a miss budget is spent (the code's own budget never refuses the right
    national code: see status_service.guard)."""
    await guard.admit(client, tracking_code)
    code = tracking.normalize(tracking_code)
    subject = _subject(runtime.settings, national_code)
    known = None
    if code is not None and subject is not None:
        known = await _matching(runtime, cache, notifier, code, subject)
    if known is None:
        await guard.miss(client, tracking_code)
        raise not_found()
    assert code is not None
    return Found(code, known.version)


async def _matching(
    runtime: Runtime, cache: ViewCache, notifier: ChangeNotifier, code: str, subject: str
) -> Entry | None:
    """The view of `code` if it is `subject`'s, else None after `projection_wait_seconds`.

    The wait lets a poll right after the 202 find its application once its projection
    lands (instead of reading as a miss, which would spend the applicant's own budgets).
    Every well-formed miss waits it out whole, matched later or not, so an unknown code and
    a wrong national code take the same time (no timing oracle)."""
    known = cache.get(code) or await _remember(runtime, cache, code)
    if known is not None and _same(known.subject, subject):
        return known
    wait: float = getattr(runtime.settings, "projection_wait_seconds", 0.0)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    with notifier.watching(code) as change:
        # Read again now that a change would be seen: it may have landed before the watch
        # (this replica's projection puts what it lands in the cache before it wakes anyone).
        known = await _projected_or_read(runtime, cache, code)
        if (known is None or not _same(known.subject, subject)) and await changed_within(
            change, wait
        ):
            known = await _projected_or_read(runtime, cache, code)
    if known is not None and _same(known.subject, subject):
        return known
    await asyncio.sleep(max(deadline - loop.time(), 0.0))
    return None


def cached_hit(
    state: StatusState | None, *, client: str, tracking_code: str, national_code: str
) -> tuple[Found, bytes | None, int] | None:
    """A lookup answered from memory alone, or None (then the full path decides)."""
    if state is None or state.guard.blocked(client, tracking_code):
        return None
    entry = state.view_cache.get(tracking_code)
    if entry is None:
        return None
    subject = _subject(state.runtime.settings, national_code)
    if subject is None or not _same(entry.subject, subject):
        return None
    return (
        Found(tracking_code, entry.version),
        entry.body,
        state.runtime.settings.poll_interval_seconds,
    )


async def _projected_or_read(runtime: Runtime, cache: ViewCache, code: str) -> Entry | None:
    """The entry this replica's projection put in the cache, else the database's."""
    entry = cache.get(code)
    return entry if entry is not None and entry.projected else await _remember(runtime, cache, code)


async def _remember(runtime: Runtime, cache: ViewCache, code: str) -> Entry | None:
    async with runtime.reader.connection() as connection:
        row = await repository.version_and_subject(connection, code)
    if row is None:
        return None
    cache.put(code, version=row.version, subject=row.subject)
    return cache.get(code) or Entry(row.version, row.subject, None, 0.0)


async def body(runtime: Runtime, cache: ViewCache, found: Found) -> bytes:
    """The rendered 200 body of the view at `found.version` (from cache when it has it)."""
    entry = cache.get(found.tracking_code)
    if entry is not None and entry.version == found.version and entry.body is not None:
        return entry.body
    row = await view(runtime, found.tracking_code)
    rendered = Status.of(row).model_dump_json().encode()
    cache.put(found.tracking_code, version=row.version, subject=row.subject, body=rendered)
    return rendered


async def version(runtime: Runtime, cache: ViewCache, tracking_code: str) -> int:
    """The current version: from memory when this replica's projection put it there within
    the cache's ttl (nothing else writes the view meanwhile), else read from the database
    (a change committed elsewhere, e.g. by another replica, shows there)."""
    entry = await _projected_or_read(runtime, cache, tracking_code)
    assert entry is not None
    return entry.version


async def view(runtime: Runtime, tracking_code: str) -> sa.Row[Any]:
    async with runtime.reader.connection() as connection:
        row = await repository.full_view(connection, tracking_code)
    assert row is not None
    return row


def _subject(settings: Any, national_code: str | None) -> str | None:
    if not national_code:
        return None
    try:
        code = identity.normalize_national_code(national_code)
    except identity.InvalidNationalCode:
        return None
    subject: str = settings.subject_of(code)  # StatusSettings
    return subject


def _same(stored: str, given: str) -> bool:
    return hmac.compare_digest(stored, given)
