"""All SQL of the citizen's views: a person's applications, the tenures their flags are
judged by, their disputes; and the disputes the legal-basis office reads and answers."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from panjereh.db.engine import as_utc, maybe_utc
from status_service.citizen.domain import Dispute, Tenure, tenure
from status_service.models import access_history, disputes, service_names, status_views
from status_service.repository import person_history, with_names

Position = tuple[dt.datetime, str]

# The view's agency; a view older than 0006 whose service was named after it, the catalogue's.
_AGENCY = sa.func.coalesce(status_views.c.agency_id, service_names.c.agency_id).label("agency")
_VIEWS_WITH_NAMES = status_views.outerjoin(
    service_names, service_names.c.service_id == status_views.c.service_id
)


async def applications(
    connection: AsyncConnection, subject: str, *, limit: int, before: Position | None
) -> list[sa.Row[Any]]:
    """A page of the person's applications, the latest submitted first."""
    at, key = status_views.c.submitted_at, status_views.c.application_id
    query = (
        sa.select(status_views, service_names.c.name_fa, service_names.c.name_en, _AGENCY)
        .select_from(_VIEWS_WITH_NAMES)
        .where(status_views.c.subject == subject)
    )
    if before is not None:
        query = query.where((at < before[0]) | ((at == before[0]) & (key < before[1])))
    query = query.order_by(at.desc(), key.desc()).limit(limit)
    return list((await connection.execute(query)).all())


async def tenures(connection: AsyncConnection, subject: str) -> list[Tenure]:
    """Every application of the person, as the interval it was open at its agency."""
    query = (
        sa.select(
            status_views.c.application_id,
            status_views.c.submitted_at,
            status_views.c.timeline,
            _AGENCY,
        )
        .select_from(_VIEWS_WITH_NAMES)
        .where(status_views.c.subject == subject)
    )
    return [
        tenure(
            application_id=row.application_id,
            agency_id=row.agency,
            submitted_at=row.submitted_at,
            timeline=row.timeline,
        )
        for row in await connection.execute(query)
    ]


async def history(
    connection: AsyncConnection, subject: str, *, limit: int, before: Position | None
) -> list[sa.Row[Any]]:
    return await person_history(connection, subject, limit=limit, before=before)


async def disputes_of(connection: AsyncConnection, entry_ids: Iterable[str]) -> dict[str, Dispute]:
    """The dispute of each of these entries that has one, by entry id."""
    ids = sorted(set(entry_ids))
    if not ids:
        return {}
    query = sa.select(disputes).where(disputes.c.entry_id.in_(ids))
    return {row.entry_id: _dispute(row) for row in (await connection.execute(query)).mappings()}


async def oversight_page(
    connection: AsyncConnection, *, state: str | None, limit: int, before: Position | None
) -> list[Dispute]:
    """A page of disputes, the latest opened first."""
    at, key = disputes.c.opened_at, disputes.c.id
    query = sa.select(disputes)
    if state is not None:
        query = query.where(disputes.c.state == state)
    if before is not None:
        query = query.where((at < before[0]) | ((at == before[0]) & (key < before[1])))
    query = query.order_by(at.desc(), key.desc()).limit(limit)
    return [_dispute(row) for row in (await connection.execute(query)).mappings()]


async def entries(
    connection: AsyncConnection | AsyncSession, entry_ids: Iterable[str]
) -> dict[str, sa.Row[Any]]:
    """The access entries (with their service's names) of these ids, by id."""
    ids = sorted(set(entry_ids))
    if not ids:
        return {}
    query = with_names().where(access_history.c.event_id.in_(ids))
    return {row.event_id: row for row in await connection.execute(query)}


class SqlDisputes:
    """The disputes a unit of work opens and answers (written in its transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def entry(self, entry_id: str, subject: str) -> sa.Row[Any] | None:
        """The person's own access entry (with its service's names); None for another's."""
        query = with_names().where(access_history.c.event_id == entry_id, _whose(subject))
        row: sa.Row[Any] | None = (await self._session.execute(query)).first()
        return row

    async def of_entry(self, entry_id: str) -> Dispute | None:
        query = sa.select(disputes).where(disputes.c.entry_id == entry_id)
        row = (await self._session.execute(query)).mappings().first()
        return _dispute(row) if row is not None else None

    async def add(self, dispute: Dispute) -> bool:
        """Insert the dispute; False if its entry has one already (a race lost, not a 500)."""
        dialect = postgresql if self._session.get_bind().dialect.name == "postgresql" else sqlite
        statement = dialect.insert(disputes).values(_row(dispute)).on_conflict_do_nothing()
        result = await self._session.execute(statement.returning(disputes.c.id))
        return result.first() is not None

    async def get(self, dispute_id: str) -> Dispute | None:
        """The dispute, locked against a concurrent answer."""
        query = sa.select(disputes).where(disputes.c.id == dispute_id)
        if self._session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        row = (await self._session.execute(query)).mappings().first()
        return _dispute(row) if row is not None else None

    async def entry_of(self, dispute: Dispute) -> sa.Row[Any] | None:
        found: dict[str, sa.Row[Any]] = await entries(self._session, [dispute.entry_id])
        return found.get(dispute.entry_id)

    async def answer(self, dispute: Dispute) -> bool:
        """Write the answer; False if another answer came first (SQLite takes no row lock)."""
        result = await self._session.execute(
            disputes.update()
            .where(disputes.c.id == dispute.id, disputes.c.state == "open")
            .values(
                state=dispute.state,
                decided_at=dispute.decided_at,
                decided_by=dispute.decided_by,
                note=dispute.note,
            )
        )
        return bool(getattr(result, "rowcount", 0))


def _whose(subject: str) -> sa.ColumnElement[bool]:
    """The person's entries, and the application path's rows whose view is theirs but have
    not learnt their subject yet (repository.person_history reads them the same way)."""
    applications = sa.select(status_views.c.application_id).where(status_views.c.subject == subject)
    return (access_history.c.subject == subject) | (
        access_history.c.subject.is_(None) & access_history.c.application_id.in_(applications)
    )


def _row(dispute: Dispute) -> dict[str, Any]:
    return {column.name: getattr(dispute, column.name) for column in disputes.c}


def _dispute(row: Any) -> Dispute:
    return Dispute(
        id=row["id"],
        entry_id=row["entry_id"],
        subject=row["subject"],
        national_code_masked=row["national_code_masked"],
        reason=row["reason"],
        state=row["state"],
        opened_at=as_utc(row["opened_at"]),
        decided_at=maybe_utc(row["decided_at"]),
        decided_by=row["decided_by"],
        note=row["note"],
    )
