"""All SQL of the status service."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from status_service.models import evidence_access, service_names, status_views


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


async def access_recorded(session: AsyncSession, event_id: str) -> bool:
    query = sa.select(evidence_access.c.event_id).where(evidence_access.c.event_id == event_id)
    return (await session.execute(query)).first() is not None


async def add_access(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(evidence_access.insert().values(**values))


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


async def access_rows(connection: AsyncConnection, application_id: str) -> list[sa.Row[Any]]:
    query = (
        sa.select(evidence_access, service_names.c.name_fa, service_names.c.name_en)
        .select_from(
            evidence_access.outerjoin(
                service_names, service_names.c.service_id == evidence_access.c.service_id
            )
        )
        .where(evidence_access.c.application_id == application_id)
        .order_by(evidence_access.c.at)
    )
    return list((await connection.execute(query)).all())
