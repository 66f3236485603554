"""All SQL of the status service: the projection's repositories (a batch's views, access
rows and service names held in memory and written set-based at flush), then the reads of the
public API.

Each repository's bookkeeping (what a batch loaded, added, changed) lives in its base class
and its I/O in a few small methods, so the in-memory fakes of the unit tests share the rules.
"""

import abc
import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from status_service.domain import Access, ServiceName, StatusView
from status_service.models import access_history, parked_notes, service_names, status_views


class Views(abc.ABC):
    """The views a batch touches, by application id: loaded at once, changed in memory,
    written at flush (new ones in one INSERT, changed ones in one executemany UPDATE)."""

    def __init__(self) -> None:
        self._known: dict[str, StatusView | None] = {}
        self._new: dict[str, StatusView] = {}
        self._changed: dict[str, StatusView] = {}
        self._touched: dict[str, StatusView] = {}  # by tracking code, in order, kept past flush

    async def load(self, application_ids: Iterable[str]) -> None:
        """Fetch the views of `application_ids` not known yet, in one statement."""
        missing = sorted({a for a in application_ids if a not in self._known})
        if not missing:
            return
        found = {view.application_id: view for view in await self._fetch(missing)}
        for application_id in missing:
            self._known[application_id] = found.get(application_id)

    async def get(self, application_id: str) -> StatusView | None:
        await self.load([application_id])
        return self._known[application_id]

    def add(self, view: StatusView) -> None:
        self._known[view.application_id] = view
        self._new[view.application_id] = view
        self._touched[view.tracking_code] = view

    def changed(self, view: StatusView) -> None:
        if view.application_id not in self._new:
            self._changed[view.application_id] = view
        self._touched[view.tracking_code] = view

    def touched(self) -> list[StatusView]:
        """The views added or changed in this unit of work, each once."""
        return list(self._touched.values())

    async def flush(self) -> None:
        new, changed = list(self._new.values()), list(self._changed.values())
        self._new, self._changed = {}, {}
        if new or changed:
            await self._write(new, changed)

    @abc.abstractmethod
    async def _fetch(self, application_ids: list[str]) -> list[StatusView]: ...

    @abc.abstractmethod
    async def _write(self, new: list[StatusView], changed: list[StatusView]) -> None: ...


class SqlViews(Views):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self._session = session

    async def _fetch(self, application_ids: list[str]) -> list[StatusView]:
        # Locked in key order, so two batches that share views cannot deadlock.
        query = (
            sa.select(status_views)
            .where(status_views.c.application_id.in_(application_ids))
            .order_by(status_views.c.application_id)
        )
        if _dialect(self._session) is postgresql:
            query = query.with_for_update()
        rows = (await self._session.execute(query)).mappings()
        return [StatusView(**row) for row in rows]

    async def _write(self, new: list[StatusView], changed: list[StatusView]) -> None:
        connection = await self._session.connection()
        if new:
            await connection.execute(status_views.insert(), [_columns(v) for v in new])
        if changed:
            await connection.execute(_UPDATE_VIEW, [_changes(v) for v in changed])


_CHANGED = ("state", "timeline", "reasons", "sla", "notifications", "updated_at", "version")
_UPDATE_VIEW = (
    status_views.update()
    .where(status_views.c.tracking_code == sa.bindparam("key"))
    .values(
        {name: sa.bindparam(f"new_{name}", type_=status_views.c[name].type) for name in _CHANGED}
    )
)


def _columns(row: Any) -> dict[str, Any]:
    """A dataclass's fields as a row (shallow: `asdict` deep-copies every timeline)."""
    return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}


def _changes(view: StatusView) -> dict[str, Any]:
    return {"key": view.tracking_code} | {f"new_{name}": getattr(view, name) for name in _CHANGED}


class AccessHistory(abc.ABC):
    """A batch's inquiries, inserted at flush in one statement; an event or inquiry already
    in the history (or earlier in the batch) is not added twice."""

    def __init__(self) -> None:
        self._pending: list[Access] = []
        self._claims: dict[str, str] = {}  # application id → subject

    def record(self, access: Access) -> None:
        if any(_same_inquiry(access, earlier) for earlier in self._pending):
            return
        self._pending.append(access)

    def claim_for_subject(self, application_id: str, subject: str) -> None:
        """The application path's rows recorded before their view learn whose they are
        (this batch's in memory, earlier batches' at flush)."""
        self._claims[application_id] = subject
        self._pending = [
            dataclasses.replace(a, subject=subject) if _unclaimed(a, application_id) else a
            for a in self._pending
        ]

    async def flush(self) -> None:
        pending, claims = self._pending, sorted(self._claims.items())
        self._pending, self._claims = [], {}
        if pending:
            await self._insert(pending)
        if claims:
            await self._claim(claims)

    @abc.abstractmethod
    async def _insert(self, rows: list[Access]) -> None:
        """Insert, skipping rows whose event id or inquiry id is there already."""

    @abc.abstractmethod
    async def _claim(self, claims: list[tuple[str, str]]) -> None: ...


def _same_inquiry(a: Access, b: Access) -> bool:
    return a.event_id == b.event_id or (a.inquiry_id is not None and a.inquiry_id == b.inquiry_id)


def _unclaimed(access: Access, application_id: str) -> bool:
    return (
        access.application_id == application_id
        and access.path == "application"
        and access.subject is None
    )


class SqlAccessHistory(AccessHistory):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self._session = session

    async def _insert(self, rows: list[Access]) -> None:
        # Both the event id (primary key) and the inquiry id (unique) skip a repeat.
        statement = _dialect(self._session).insert(access_history).on_conflict_do_nothing()
        await self._session.execute(statement, [_fitted(_columns(r)) for r in rows])

    async def _claim(self, claims: list[tuple[str, str]]) -> None:
        connection = await self._session.connection()
        await connection.execute(
            _CLAIM,
            [{"app": application, "new_subject": subject} for application, subject in claims],
        )


_CLAIM = (
    access_history.update()
    .where(
        access_history.c.application_id == sa.bindparam("app"),
        access_history.c.path == "application",
        access_history.c.subject.is_(None),
    )
    .values(subject=sa.bindparam("new_subject"))
)


class ParkedNotes(abc.ABC):
    """Notes that came before their application's view (they travel on another topic than
    its submission): parked at flush, and handed over (`claim`) when the view is made; the
    claimed ones are deleted at flush. What this batch parked can be claimed in it too."""

    def __init__(self) -> None:
        self._loaded: set[str] = set()
        self._parked: dict[str, dict[str, dict[str, Any]]] = {}  # app → event id → note
        self._new: dict[str, str] = {}  # event id → application id, parked in this batch
        self._claimed: set[str] = set()

    async def load(self, application_ids: Iterable[str]) -> None:
        """Fetch the notes parked for `application_ids` (not fetched yet), in one statement."""
        missing = sorted(set(application_ids) - self._loaded)
        if not missing:
            return
        self._loaded |= set(missing)
        for application_id, event_id, note in await self._fetch(missing):
            self._parked.setdefault(application_id, {})[event_id] = note

    def park(self, application_id: str, event_id: str, note: dict[str, Any]) -> None:
        self._parked.setdefault(application_id, {})[event_id] = note
        self._new[event_id] = application_id

    def claim(self, application_id: str) -> list[dict[str, Any]]:
        """The notes parked for the application (loaded or parked in this batch), in order."""
        parked = self._parked.pop(application_id, {})
        for event_id in parked:
            self._new.pop(event_id, None)
        if parked:
            self._claimed.add(application_id)
        return list(parked.values())

    async def flush(self) -> None:
        new = [(app, event_id, self._parked[app][event_id]) for event_id, app in self._new.items()]
        claimed = sorted(self._claimed)
        self._new, self._claimed = {}, set()
        if new:
            await self._insert(new)
        if claimed:
            await self._delete(claimed)

    @abc.abstractmethod
    async def _fetch(self, application_ids: list[str]) -> list[tuple[str, str, dict[str, Any]]]:
        """(application id, event id, note) of each note parked for these applications."""

    @abc.abstractmethod
    async def _insert(self, notes: list[tuple[str, str, dict[str, Any]]]) -> None:
        """Insert, skipping an event id parked already."""

    @abc.abstractmethod
    async def _delete(self, application_ids: list[str]) -> None: ...


class SqlParkedNotes(ParkedNotes):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self._session = session

    async def _fetch(self, application_ids: list[str]) -> list[tuple[str, str, dict[str, Any]]]:
        column = parked_notes.c.application_id
        query = sa.select(column, parked_notes.c.event_id, parked_notes.c.note).where(
            column.in_(application_ids)
        )
        rows = (await self._session.execute(query)).all()
        return [(row.application_id, row.event_id, row.note) for row in rows]

    async def _insert(self, notes: list[tuple[str, str, dict[str, Any]]]) -> None:
        statement = _dialect(self._session).insert(parked_notes).on_conflict_do_nothing()
        rows = [{"application_id": a, "event_id": e, "note": n} for a, e, n in notes]
        await self._session.execute(statement, rows)

    async def _delete(self, application_ids: list[str]) -> None:
        await self._session.execute(
            parked_notes.delete().where(parked_notes.c.application_id.in_(application_ids))
        )


class ServiceNames(abc.ABC):
    """The catalogue's names, upserted at flush in one statement (the last of a batch wins)."""

    def __init__(self) -> None:
        self._pending: dict[str, ServiceName] = {}

    def record(self, service: ServiceName) -> None:
        self._pending[service.service_id] = service

    async def flush(self) -> None:
        pending, self._pending = list(self._pending.values()), {}
        if pending:
            await self._upsert(sorted(pending, key=lambda s: s.service_id))

    @abc.abstractmethod
    async def _upsert(self, services: list[ServiceName]) -> None: ...


class SqlServiceNames(ServiceNames):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self._session = session

    async def _upsert(self, services: list[ServiceName]) -> None:
        statement = _dialect(self._session).insert(service_names)
        statement = statement.on_conflict_do_update(
            index_elements=[service_names.c.service_id],
            set_={name: statement.excluded[name] for name in ("agency_id", "name_fa", "name_en")},
        )
        await self._session.execute(statement, [_columns(s) for s in services])


def _dialect(session: AsyncSession) -> Any:
    return postgresql if session.get_bind().dialect.name == "postgresql" else sqlite


def _fitted(values: dict[str, Any]) -> dict[str, Any]:
    """Free text from events cut to its column: a long law reference must not lose the row
    (PostgreSQL refuses it, and the event would go to the dead letters)."""
    fitted = dict(values)
    for name, length in _LENGTHS.items():
        value = values.get(name)
        if isinstance(value, str):
            fitted[name] = value[:length]
    return fitted


_LENGTHS: dict[str, int] = {
    column.name: column.type.length
    for column in access_history.c
    if isinstance(column.type, sa.String) and column.type.length is not None
}


# The lookups every poll makes, built once: SQLAlchemy memoizes a statement's cache key on
# the statement object, so a statement built per request paid for its construction, its
# coercions and its cache key on every poll (about a tenth of the status route's samples in
# py-spy under the end-to-end load); the tracking code is a bound parameter.
_VERSION_AND_SUBJECT = sa.select(status_views.c.version, status_views.c.subject).where(
    status_views.c.tracking_code == sa.bindparam("code")
)
_FULL_VIEW = (
    sa.select(status_views, service_names.c.name_fa, service_names.c.name_en)
    .select_from(
        status_views.outerjoin(
            service_names, service_names.c.service_id == status_views.c.service_id
        )
    )
    .where(status_views.c.tracking_code == sa.bindparam("code"))
)


async def version_and_subject(connection: AsyncConnection, tracking_code: str) -> Any:
    """The cheap read behind 304s: two columns by primary key."""
    return (await connection.execute(_VERSION_AND_SUBJECT, {"code": tracking_code})).first()


async def full_view(connection: AsyncConnection, tracking_code: str) -> sa.Row[Any] | None:
    return (await connection.execute(_FULL_VIEW, {"code": tracking_code})).first()


def with_names() -> sa.Select[Any]:
    return sa.select(access_history, service_names.c.name_fa, service_names.c.name_en).select_from(
        access_history.outerjoin(
            service_names, service_names.c.service_id == access_history.c.service_id
        )
    )


async def access_rows(
    connection: AsyncConnection, application_id: str, subject: str
) -> list[sa.Row[Any]]:
    """Every inquiry about `subject` for this application, by either path, oldest first.

    The subject too: a direct inquiry naming someone else's application is not this
    applicant's to see (the inquiry service refuses one, this is the second lock)."""
    query = (
        with_names()
        .where(
            access_history.c.application_id == application_id,
            (access_history.c.path == "application") | (access_history.c.subject == subject),
        )
        .order_by(access_history.c.at, access_history.c.event_id)
    )
    return list((await connection.execute(query)).all())


async def person_history(
    connection: AsyncConnection,
    subject: str,
    *,
    limit: int,
    before: tuple[dt.datetime, str] | None,
) -> list[sa.Row[Any]]:
    """A page of every inquiry about `subject`, newest first, after the cursor `before`."""
    at, event_id = access_history.c.at, access_history.c.event_id
    # An application path row whose view committed at the same moment (another topic, another
    # transaction) may not have learnt its subject: its view tells.
    applications = sa.select(status_views.c.application_id).where(status_views.c.subject == subject)
    query = with_names().where(
        (access_history.c.subject == subject)
        | (access_history.c.subject.is_(None) & access_history.c.application_id.in_(applications))
    )
    if before is not None:
        query = query.where((at < before[0]) | ((at == before[0]) & (event_id < before[1])))
    query = query.order_by(at.desc(), event_id.desc()).limit(limit)
    return list((await connection.execute(query)).all())
