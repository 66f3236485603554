"""All SQL of the compliance service."""

import dataclasses
import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from compliance_service import domain
from compliance_service.figures import AgencyInfo, ServiceInfo
from compliance_service.models import agencies, application_facts, catalogue_services, service_days
from panjereh.db.engine import as_utc

_COUNTS = [c.name for c in service_days.columns if c.name not in ("service_id", "day")]


def _insert(session: AsyncSession, table: sa.Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (PostgreSQL and SQLite alike)."""
    dialect = session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(table)


# --- catalogue and agencies ---


async def upsert_service(session: AsyncSession, values: dict[str, Any]) -> None:
    insert = _insert(session, catalogue_services).values(**values)
    # An older catalogue event replayed after a newer one must not win.
    newer = insert.excluded.changed_at >= catalogue_services.c.changed_at
    await session.execute(
        insert.on_conflict_do_update(
            index_elements=["service_id"],
            set_={k: insert.excluded[k] for k in values if k != "service_id"},
            where=newer,
        )
    )


async def name_agency(
    session: AsyncSession, agency_id: str, name_fa: str | None, name_en: str | None
) -> None:
    insert = _insert(session, agencies).values(
        agency_id=agency_id, name_fa=name_fa, name_en=name_en
    )
    if name_fa is None or name_en is None:
        await session.execute(insert.on_conflict_do_nothing())
        return
    await session.execute(
        insert.on_conflict_do_update(
            index_elements=["agency_id"], set_={"name_fa": name_fa, "name_en": name_en}
        )
    )


async def note_online_inquiry(session: AsyncSession, agency_id: str, at: dt.datetime) -> None:
    """Remember the earliest online inquiry of the agency (the Dey infrastructure deadline)."""
    await name_agency(session, agency_id, None, None)
    column = agencies.c.first_online_inquiry_at
    await session.execute(
        agencies.update()
        .where(agencies.c.agency_id == agency_id)
        .where(sa.or_(column.is_(None), column > at))
        .values(first_online_inquiry_at=at)
    )


async def services(session: AsyncSession) -> list[ServiceInfo]:
    query = sa.select(catalogue_services).order_by(catalogue_services.c.service_id)
    rows = (await session.execute(query)).all()
    return [
        ServiceInfo(
            service_id=r.service_id,
            agency_id=r.agency_id,
            name_fa=r.name_fa,
            name_en=r.name_en,
            on_window=r.on_window,
            smart_by_design=r.smart_by_design,
            decision=r.decision,
            paper_documents=tuple(r.paper_documents),
        )
        for r in rows
    ]


async def agency_infos(session: AsyncSession) -> list[AgencyInfo]:
    rows = (await session.execute(sa.select(agencies))).all()
    return [
        AgencyInfo(
            r.agency_id,
            r.name_fa,
            r.name_en,
            as_utc(r.first_online_inquiry_at) if r.first_online_inquiry_at else None,
        )
        for r in rows
    ]


# --- per application facts ---


async def facts_for_update(session: AsyncSession, application_id: str) -> sa.Row[Any]:
    """The application's facts row, created empty if need be, locked until commit.

    One statement: an upsert that touches the row returns it and (PostgreSQL) locks it, so
    two events of one application arriving on two topics at once apply one after the other.
    """
    insert = _insert(session, application_facts).values(
        application_id=application_id, facts=to_json(domain.Facts())
    )
    touched = insert.on_conflict_do_update(
        index_elements=["application_id"],
        set_={"application_id": insert.excluded.application_id},
    ).returning(*application_facts.columns)
    return (await session.execute(touched)).one()


async def save_facts(session: AsyncSession, application_id: str, values: dict[str, Any]) -> None:
    await session.execute(
        application_facts.update()
        .where(application_facts.c.application_id == application_id)
        .values(**values)
    )


def to_json(facts: domain.Facts) -> dict[str, Any]:
    return dataclasses.asdict(facts)


def from_json(data: dict[str, Any]) -> domain.Facts:
    return domain.Facts(
        **{
            **data,
            "required_evidence": tuple(data["required_evidence"]),
            "state_changes": tuple(data["state_changes"]),
        }
    )


# --- tallies per service and day ---


def tally_json(tally: domain.Tally) -> dict[str, Any]:
    return {"applications": tally.applications, "met": tally.met, "missed": tally.missed}


def tally_from(data: dict[str, Any] | None) -> domain.Tally:
    if not data:
        return domain.Tally()
    return domain.Tally(data["applications"], tuple(data["met"]), tuple(data["missed"]))


def _columns(tally: domain.Tally) -> dict[str, int]:
    values = {"applications": tally.applications}
    for index, criterion in enumerate(domain.CRITERIA):
        values[f"{criterion}_met"] = tally.met[index]
        values[f"{criterion}_missed"] = tally.missed[index]
    return values


async def add_to_day(
    session: AsyncSession, service_id: str, day: dt.date, change: domain.Tally
) -> None:
    """Add `change` (possibly negative) to the service's tally for the day, atomically."""
    insert = _insert(session, service_days).values(
        service_id=service_id, day=day, **_columns(change)
    )
    await session.execute(
        insert.on_conflict_do_update(
            index_elements=["service_id", "day"],
            set_={name: service_days.c[name] + insert.excluded[name] for name in _COUNTS},
        )
    )


async def tallies(
    session: AsyncSession, *, since: dt.date | None = None, until: dt.date | None = None
) -> dict[str, domain.Tally]:
    """Each service's tally over the submission days in [since, until]."""
    query = sa.select(
        service_days.c.service_id, *(sa.func.sum(service_days.c[name]) for name in _COUNTS)
    ).group_by(service_days.c.service_id)
    if since is not None:
        query = query.where(service_days.c.day >= since)
    if until is not None:
        query = query.where(service_days.c.day <= until)
    return {row[0]: _tally(row[1:]) for row in (await session.execute(query)).all()}


def _tally(sums: Any) -> domain.Tally:
    numbers = [int(n or 0) for n in sums]
    met = tuple(numbers[1::2])
    missed = tuple(numbers[2::2])
    return domain.Tally(numbers[0], met, missed)  # type: ignore[arg-type]


async def recount(session: AsyncSession) -> dict[str, domain.Tally]:
    """The tallies recounted from every application's facts: they must equal `tallies()`."""
    rows = await session.execute(
        sa.select(application_facts.c.service_id, application_facts.c.counted).where(
            application_facts.c.counted.is_not(None)
        )
    )
    totals: dict[str, domain.Tally] = {}
    for service_id, counted in rows.all():
        totals[service_id] = totals.get(service_id, domain.Tally()) + tally_from(counted)
    return {k: v for k, v in totals.items() if v.applications}
