"""All SQL of the compliance service: the storage behind the repositories of `fold`.

Each write is one upsert per table and batch, executed with every row's parameters at once:
SQLAlchemy sends it as a multi-row INSERT (its "insertmanyvalues", pages of 1,000 rows) or
asyncpg's pipelined executemany, from one compiled statement, so a batch costs neither a
round trip per row nor a compilation per row count. Rows go in key order.
"""

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from compliance_service import deliveries, domain, fold
from compliance_service.figures import AgencyInfo, ServiceInfo
from compliance_service.models import (
    agencies,
    application_facts,
    catalogue_services,
    notification_days,
    service_days,
)
from panjereh.db.engine import as_utc

_FACTS_FIELDS = [f.name for f in dataclasses.fields(domain.Facts)]
_COUNTS = [c.name for c in service_days.columns if c.name not in ("service_id", "day")]


class LostRace(RuntimeError):
    """Another transaction created an application this one believed new.

    Raised before commit: the batch rolls back and the bus replays it one event at a time,
    which finds the row and locks it.
    """


def _insert(session: AsyncSession, table: sa.Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (PostgreSQL and SQLite alike)."""
    return (postgresql if _is_postgres(session) else sqlite).insert(table)


def _is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


# --- per application facts ---


class SqlFacts(fold.FactsRepository):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self._session = session

    async def _fetch(self, application_ids: Sequence[str]) -> dict[str, domain.Application]:
        """One statement; on PostgreSQL it locks the rows in key order until commit, so two
        events of one application on two topics apply one transaction after the other."""
        column = application_facts.c.application_id
        query = sa.select(application_facts).where(column.in_(application_ids)).order_by(column)
        if _is_postgres(self._session):
            query = query.with_for_update()
        rows = (await self._session.execute(query)).all()
        return {row.application_id: _application(row) for row in rows}

    async def _write(
        self, *, new: Sequence[domain.Application], existing: Sequence[domain.Application]
    ) -> None:
        insert = _insert(self._session, application_facts)
        if new:
            created = insert.on_conflict_do_nothing().returning(application_facts.c.application_id)
            rows = [_row(a) for a in new]
            if len(set((await self._session.execute(created, rows)).scalars())) < len(rows):
                raise LostRace("an application's facts were created by another transaction")
        if existing:
            upsert = insert.on_conflict_do_update(
                index_elements=["application_id"],
                set_={k: insert.excluded[k] for k in ("service_id", "day", "facts", "counted")},
            )
            await self._session.execute(upsert, [_row(a) for a in existing])

    async def recount(self) -> dict[str, domain.Tally]:
        rows = await self._session.execute(
            sa.select(application_facts.c.service_id, application_facts.c.counted).where(
                application_facts.c.counted.is_not(None)
            )
        )
        totals: dict[str, domain.Tally] = {}
        for service_id, counted in rows.all():
            totals[service_id] = totals.get(service_id, domain.Tally()) + tally_from(counted)
        return {k: v for k, v in totals.items() if v.applications}


def _application(row: Any) -> domain.Application:
    placed = (row.service_id, row.day) if row.service_id is not None else None
    return domain.Application(
        row.application_id, from_json(row.facts), placed, tally_from(row.counted)
    )


def _row(application: domain.Application) -> dict[str, Any]:
    service_id, day = application.placed or (None, None)
    return {
        "application_id": application.application_id,
        "service_id": service_id,
        "day": day,
        "facts": to_json(application.facts),
        "counted": tally_json(application.counted) if application.placed else None,
    }


def to_json(facts: domain.Facts) -> dict[str, Any]:
    # Shallow: the fields hold only tuples and dicts of plain values (asdict deep-copies).
    return {name: getattr(facts, name) for name in _FACTS_FIELDS}


def from_json(data: dict[str, Any]) -> domain.Facts:
    return domain.Facts(
        **{
            **data,
            "required_evidence": tuple(data["required_evidence"]),
            "state_changes": tuple(data["state_changes"]),
        }
    )


def tally_json(tally: domain.Tally) -> dict[str, Any]:
    return {
        "applications": tally.applications,
        "met": tally.met,
        "missed": tally.missed,
        "sla": tally.sla,
    }


def tally_from(data: dict[str, Any] | None) -> domain.Tally:
    if not data:
        return domain.Tally()
    # A tally counted before SLA outcomes were (migration 0004) counted none.
    sla = tuple(data.get("sla", (0, 0, 0)))
    return domain.Tally(data["applications"], tuple(data["met"]), tuple(data["missed"]), sla)


# --- tallies per service and day ---


class SqlDays(fold.DaysRepository):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self._session = session

    async def _write(self, moves: Sequence[tuple[domain.Placement, domain.Tally]]) -> None:
        """Add each move (possibly negative) to its service's day, atomically."""
        insert = _insert(self._session, service_days)
        upsert = insert.on_conflict_do_update(
            index_elements=["service_id", "day"],
            set_={name: service_days.c[name] + insert.excluded[name] for name in _COUNTS},
        )
        rows = [
            {"service_id": service_id, "day": day, **_columns(change)}
            for (service_id, day), change in moves
        ]
        await self._session.execute(upsert, rows)

    async def tallies(
        self, *, since: dt.date | None = None, until: dt.date | None = None
    ) -> dict[str, domain.Tally]:
        query = sa.select(
            service_days.c.service_id, *(sa.func.sum(service_days.c[name]) for name in _COUNTS)
        ).group_by(service_days.c.service_id)
        if since is not None:
            query = query.where(service_days.c.day >= since)
        if until is not None:
            query = query.where(service_days.c.day <= until)
        return {row[0]: _tally(row[1:]) for row in (await self._session.execute(query)).all()}


_SLA_COLUMNS = ("sla_breached", "sla_escalated", "sla_deemed_approved")


def _columns(tally: domain.Tally) -> dict[str, int]:
    values = {"applications": tally.applications}
    for index, criterion in enumerate(domain.CRITERIA):
        values[f"{criterion}_met"] = tally.met[index]
        values[f"{criterion}_missed"] = tally.missed[index]
    return values | dict(zip(_SLA_COLUMNS, tally.sla, strict=True))


def _tally(sums: Any) -> domain.Tally:
    """A tally from the sums of `_COUNTS`, in their order."""
    numbers = dict(zip(_COUNTS, (int(n or 0) for n in sums), strict=True))
    return domain.Tally(
        numbers["applications"],
        tuple(numbers[f"{c}_met"] for c in domain.CRITERIA),  # type: ignore[arg-type]
        tuple(numbers[f"{c}_missed"] for c in domain.CRITERIA),  # type: ignore[arg-type]
        tuple(numbers[name] for name in _SLA_COLUMNS),  # type: ignore[arg-type]
    )


# --- catalogue and agencies ---


class SqlCatalogue(fold.CatalogueRepository):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self._session = session

    async def _write(self, listings: Sequence[fold.Listing]) -> None:
        rows = [
            {**dataclasses.asdict(listing.info), "changed_at": listing.changed_at}
            for listing in listings
        ]
        insert = _insert(self._session, catalogue_services)
        # An older catalogue event replayed after a newer one must not win.
        newer = insert.excluded.changed_at >= catalogue_services.c.changed_at
        upsert = insert.on_conflict_do_update(
            index_elements=["service_id"],
            set_={k: insert.excluded[k] for k in rows[0] if k != "service_id"},
            where=newer,
        )
        await self._session.execute(upsert, rows)

    async def services(self) -> list[ServiceInfo]:
        query = sa.select(catalogue_services).order_by(catalogue_services.c.service_id)
        rows = (await self._session.execute(query)).all()
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


class SqlAgencies(fold.AgenciesRepository):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self._session = session

    async def _write(self, notes: Sequence[AgencyInfo]) -> None:
        first = agencies.c.first_online_inquiry_at
        insert = _insert(self._session, agencies)
        theirs = insert.excluded.first_online_inquiry_at
        earlier = sa.case((first.is_(None), theirs), (theirs < first, theirs), else_=first)
        upsert = insert.on_conflict_do_update(
            index_elements=["agency_id"],
            set_={
                "name_fa": sa.func.coalesce(insert.excluded.name_fa, agencies.c.name_fa),
                "name_en": sa.func.coalesce(insert.excluded.name_en, agencies.c.name_en),
                "first_online_inquiry_at": earlier,
            },
        )
        await self._session.execute(upsert, [dataclasses.asdict(note) for note in notes])

    async def infos(self) -> list[AgencyInfo]:
        rows = (
            await self._session.execute(sa.select(agencies).order_by(agencies.c.agency_id))
        ).all()
        return [
            AgencyInfo(
                r.agency_id,
                r.name_fa,
                r.name_en,
                as_utc(r.first_online_inquiry_at) if r.first_online_inquiry_at else None,
            )
            for r in rows
        ]


# --- notifications delivered ---

_DELIVERY_KEY = ["day", "kind", "label", "outcome", "bucket"]


class SqlDeliveries(fold.DeliveriesRepository):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self._session = session

    async def _write(self, moves: Sequence[tuple[deliveries.Key, deliveries.Move]]) -> None:
        insert = _insert(self._session, notification_days)
        upsert = insert.on_conflict_do_update(
            index_elements=_DELIVERY_KEY,
            set_={
                name: notification_days.c[name] + insert.excluded[name]
                for name in ("deliveries", "latency_ms_sum")
            },
        )
        rows = [{**dataclasses.asdict(key), **dataclasses.asdict(move)} for key, move in moves]
        await self._session.execute(upsert, rows)

    async def tallies(
        self, *, since: dt.date | None = None, until: dt.date | None = None
    ) -> list[tuple[deliveries.Key, deliveries.Move]]:
        query = sa.select(notification_days)
        if since is not None:
            query = query.where(notification_days.c.day >= since)
        if until is not None:
            query = query.where(notification_days.c.day <= until)
        return [
            (
                deliveries.Key(r.day, r.kind, r.label, r.outcome, r.bucket),
                deliveries.Move(r.deliveries, r.latency_ms_sum),
            )
            for r in (await self._session.execute(query)).all()
        ]
