"""SQL of the catalogue."""

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from application_service.catalog.model import Service
from application_service.models import agencies, services


async def list_agencies(session: AsyncSession) -> list[sa.Row[Any]]:
    return list((await session.execute(sa.select(agencies).order_by(agencies.c.id))).all())


async def agency_exists(session: AsyncSession, agency_id: str) -> bool:
    return (
        await session.execute(sa.select(agencies.c.id).where(agencies.c.id == agency_id))
    ).first() is not None


async def get_agency(session: AsyncSession, agency_id: str) -> sa.Row[Any] | None:
    return (await session.execute(sa.select(agencies).where(agencies.c.id == agency_id))).first()


async def add_agency(session: AsyncSession, *, agency_id: str, name_fa: str, name_en: str) -> None:
    await session.execute(agencies.insert().values(id=agency_id, name_fa=name_fa, name_en=name_en))


async def get(session: AsyncSession, service_id: str) -> Service | None:
    row = (await session.execute(sa.select(services).where(services.c.id == service_id))).first()
    return _service(row) if row else None


async def find(
    session: AsyncSession, *, agency_id: str | None, on_window: bool | None, after: str, limit: int
) -> list[Service]:
    query = sa.select(services).where(services.c.id > after).order_by(services.c.id).limit(limit)
    if agency_id is not None:
        query = query.where(services.c.agency_id == agency_id)
    if on_window is not None:
        query = query.where(services.c.on_window.is_(on_window))
    return [_service(row) for row in (await session.execute(query)).all()]


async def add(session: AsyncSession, service: Service) -> None:
    await session.execute(services.insert().values(**_values(service)))


async def replace(session: AsyncSession, service: Service) -> None:
    await session.execute(
        services.update().where(services.c.id == service.id).values(**_values(service))
    )


def _values(service: Service) -> dict[str, Any]:
    values = service.model_dump(mode="json", exclude={"smart_by_design"})
    return values | {"updated_at": dt.datetime.now(dt.UTC)}


def _service(row: sa.Row[Any]) -> Service:
    values = {column: getattr(row, column) for column in row._fields if column != "updated_at"}
    return Service.model_validate(values)
