"""All SQL of the status service."""

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from status_service.models import access_history, service_names, status_views


async def view_by_application(session: AsyncSession, application_id: str) -> sa.Row[Any] | None:
    query = sa.select(status_views).where(status_views.c.application_id == application_id)
    return (await session.execute(query)).first()


async def add_view(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(status_views.insert().values(**values))


async def update_view(session: AsyncSession, tracking_code: str, values: dict[str, Any]) -> None:
    await session.execute(
        status_views.update().where(status_views.c.tracking_code == tracking_code).values(**values)
    )


async def upsert_service(session: AsyncSession, values: dict[str, Any]) -> None:
    result = await session.execute(
        service_names.update()
        .where(service_names.c.service_id == values["service_id"])
        .values(**values)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        await session.execute(service_names.insert().values(**values))


async def access_recorded(session: AsyncSession, event_id: str, inquiry_id: str | None) -> bool:
    """Whether this event, or another carrying the same inquiry, is in the history already."""
    match = access_history.c.event_id == event_id
    if inquiry_id is not None:
        match = match | (access_history.c.inquiry_id == inquiry_id)
    query = sa.select(access_history.c.event_id).where(match).limit(1)
    return (await session.execute(query)).first() is not None


async def add_access(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(access_history.insert().values(**_fitted(values)))


async def claim_for_subject(session: AsyncSession, application_id: str, subject: str) -> None:
    """The application path's rows recorded before their view learn whose they are."""
    await session.execute(
        access_history.update()
        .where(
            access_history.c.application_id == application_id,
            access_history.c.path == "application",
            access_history.c.subject.is_(None),
        )
        .values(subject=subject)
    )


def _fitted(values: dict[str, Any]) -> dict[str, Any]:
    """Free text from events cut to its column: a long law reference must not lose the row
    (PostgreSQL refuses it, and the event would go to the dead letters)."""
    fitted = dict(values)
    for name, value in values.items():
        length = getattr(access_history.c[name].type, "length", None)
        if isinstance(value, str) and length is not None:
            fitted[name] = value[:length]
    return fitted


async def version_and_subject(connection: AsyncConnection, tracking_code: str) -> Any:
    """The cheap read behind 304s: two columns by primary key."""
    query = sa.select(status_views.c.version, status_views.c.subject).where(
        status_views.c.tracking_code == tracking_code
    )
    return (await connection.execute(query)).first()


async def full_view(connection: AsyncConnection, tracking_code: str) -> sa.Row[Any] | None:
    query = (
        sa.select(status_views, service_names.c.name_fa, service_names.c.name_en)
        .select_from(
            status_views.outerjoin(
                service_names, service_names.c.service_id == status_views.c.service_id
            )
        )
        .where(status_views.c.tracking_code == tracking_code)
    )
    return (await connection.execute(query)).first()


def _with_names() -> sa.Select[Any]:
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
        _with_names()
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
    query = _with_names().where(
        (access_history.c.subject == subject)
        | (access_history.c.subject.is_(None) & access_history.c.application_id.in_(applications))
    )
    if before is not None:
        query = query.where((at < before[0]) | ((at == before[0]) & (event_id < before[1])))
    query = query.order_by(at.desc(), event_id.desc()).limit(limit)
    return list((await connection.execute(query)).all())
