"""SQL of the catalogue and of the legal-basis office's decisions."""

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from application_service.catalog.legal_basis import Basis
from application_service.catalog.model import Service
from application_service.models import agencies, legal_bases, legal_basis_decisions, services
from panjereh import events
from panjereh.db.engine import as_utc


class CatalogueRepository(Protocol):
    """The services one unit of work reads, each once (the SQL one and the tests' fake)."""

    async def load(self, service_ids: Collection[str]) -> None:
        """Read these services (and their legal bases) at once."""

    async def get(self, service_id: str) -> Service | None: ...


# Built once (every submission and every decider round reads its services): SQLAlchemy
# memoizes a statement's cache key on the statement object, and the per-call construction
# showed in py-spy under the end-to-end load; the ids are an expanding parameter.
_SERVICES_IN = sa.select(services).where(services.c.id.in_(sa.bindparam("ids", expanding=True)))
_BASES_IN = sa.select(legal_bases).where(
    legal_bases.c.service_id.in_(sa.bindparam("ids", expanding=True))
)


class SqlCatalogue:
    """The catalogue behind one unit of work's session; what it read stays read."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._read: dict[str, Service | None] = {}

    async def load(self, service_ids: Collection[str]) -> None:
        wanted = sorted(set(service_ids) - self._read.keys())
        if not wanted:
            return
        rows = (await self._session.execute(_SERVICES_IN, {"ids": wanted})).all()
        bases = await _bases(self._session, [row.id for row in rows])
        self._read |= dict.fromkeys(wanted)
        self._read |= {row.id: _service(row, bases.get(row.id, {})) for row in rows}

    async def get(self, service_id: str) -> Service | None:
        await self.load([service_id])
        return self._read[service_id]


async def list_agencies(session: AsyncSession) -> list[sa.Row[Any]]:
    return list((await session.execute(sa.select(agencies).order_by(agencies.c.id))).all())


async def get_agency(session: AsyncSession, agency_id: str) -> sa.Row[Any] | None:
    return (await session.execute(sa.select(agencies).where(agencies.c.id == agency_id))).first()


async def add_agency(session: AsyncSession, *, agency_id: str, name_fa: str, name_en: str) -> None:
    await session.execute(agencies.insert().values(id=agency_id, name_fa=name_fa, name_en=name_en))


async def get(session: AsyncSession, service_id: str) -> Service | None:
    row = (await session.execute(sa.select(services).where(services.c.id == service_id))).first()
    if row is None:
        return None
    return _service(row, (await _bases(session, [service_id])).get(service_id, {}))


async def find(
    session: AsyncSession, *, agency_id: str | None, on_window: bool | None, after: str, limit: int
) -> list[Service]:
    query = sa.select(services).where(services.c.id > after).order_by(services.c.id).limit(limit)
    if agency_id is not None:
        query = query.where(services.c.agency_id == agency_id)
    if on_window is not None:
        query = query.where(services.c.on_window.is_(on_window))
    rows = (await session.execute(query)).all()
    bases = await _bases(session, [row.id for row in rows])
    return [_service(row, bases.get(row.id, {})) for row in rows]


async def add(session: AsyncSession, service: Service, bases: Sequence[Basis]) -> None:
    await session.execute(services.insert().values(**_values(service)))
    await _put_bases(session, service.id, bases)


async def replace(session: AsyncSession, service: Service, bases: Sequence[Basis]) -> None:
    await session.execute(
        services.update().where(services.c.id == service.id).values(**_values(service))
    )
    await session.execute(legal_bases.delete().where(legal_bases.c.service_id == service.id))
    await _put_bases(session, service.id, bases)


async def lock_service(session: AsyncSession, service_id: str) -> None:
    """Hold the service's row until the transaction ends (PostgreSQL; SQLite has one writer),
    so changes to its legal basis happen one after another."""
    query = sa.select(services.c.id).where(services.c.id == service_id).with_for_update()
    await session.execute(query)


async def bases_of(session: AsyncSession, service_id: str) -> dict[str, Basis]:
    return (await _bases(session, [service_id])).get(service_id, {})


async def decide(session: AsyncSession, *, service_id: str, basis: Basis) -> None:
    """Store the office's decision as the basis's state and append it to the history."""
    assert basis.decided_by and basis.law_reference and basis.decided_at
    await session.execute(
        legal_bases.update()
        .where(
            legal_bases.c.service_id == service_id,
            legal_bases.c.evidence_type == basis.evidence_type,
        )
        .values(
            status=basis.status,
            law_reference=basis.law_reference,
            note=basis.note,
            decided_by=basis.decided_by,
            decided_at=basis.decided_at,
        )
    )
    await session.execute(
        legal_basis_decisions.insert().values(
            service_id=service_id,
            evidence_type=basis.evidence_type,
            decision=basis.status,
            law_reference=basis.law_reference,
            note=basis.note,
            decided_by=basis.decided_by,
            decided_at=basis.decided_at,
        )
    )


def _requests() -> sa.Select[Any]:
    return sa.select(
        legal_bases,
        services.c.agency_id,
        services.c.name_fa.label("service_name_fa"),
        services.c.name_en.label("service_name_en"),
    ).join(services, services.c.id == legal_bases.c.service_id)


async def requests(
    session: AsyncSession,
    *,
    status: str | None,
    agency_id: str | None,
    after: tuple[str, str] | None,
    limit: int,
) -> list[dict[str, Any]]:
    """The office's queue: each basis with its service's names, in (service, type) order."""
    query = _requests().order_by(legal_bases.c.service_id, legal_bases.c.evidence_type)
    if status is not None:
        query = query.where(legal_bases.c.status == status)
    if agency_id is not None:
        query = query.where(services.c.agency_id == agency_id)
    if after is not None:
        position = sa.tuple_(legal_bases.c.service_id, legal_bases.c.evidence_type)
        query = query.where(position > sa.tuple_(*after))
    return [_plain(row) for row in (await session.execute(query.limit(limit))).all()]


async def request(
    session: AsyncSession, *, service_id: str, evidence_type: str
) -> dict[str, Any] | None:
    """One basis with its service's names, or None."""
    query = _requests().where(
        legal_bases.c.service_id == service_id, legal_bases.c.evidence_type == evidence_type
    )
    found = (await session.execute(query)).first()
    return _plain(found) if found else None


async def history(
    session: AsyncSession, *, service_id: str, evidence_type: str
) -> list[dict[str, Any]]:
    """Every decision the office made on one basis, oldest first."""
    query = (
        sa.select(legal_basis_decisions)
        .where(
            legal_basis_decisions.c.service_id == service_id,
            legal_basis_decisions.c.evidence_type == evidence_type,
        )
        .order_by(legal_basis_decisions.c.id)
    )
    return [_plain(row) for row in (await session.execute(query)).all()]


async def decisions(
    session: AsyncSession, *, service_id: str | None, after: int, limit: int
) -> list[dict[str, Any]]:
    """The office's decisions in the order they were made (the history, append-only)."""
    query = (
        sa.select(legal_basis_decisions)
        .where(legal_basis_decisions.c.id > after)
        .order_by(legal_basis_decisions.c.id)
        .limit(limit)
    )
    if service_id is not None:
        query = query.where(legal_basis_decisions.c.service_id == service_id)
    return [_plain(row) for row in (await session.execute(query)).all()]


async def ever_decided(session: AsyncSession, service_id: str) -> bool:
    """Whether the history holds any decision on the service (the office's or a seed's)."""
    query = sa.select(legal_basis_decisions.c.id).where(
        legal_basis_decisions.c.service_id == service_id
    )
    return (await session.execute(query.limit(1))).first() is not None


async def _bases(session: AsyncSession, service_ids: list[str]) -> dict[str, dict[str, Basis]]:
    if not service_ids:
        return {}
    rows = (await session.execute(_BASES_IN, {"ids": service_ids})).all()
    found: dict[str, dict[str, Basis]] = {}
    for row in rows:
        found.setdefault(row.service_id, {})[row.evidence_type] = Basis(
            evidence_type=row.evidence_type,
            status=row.status,
            requested_at=as_utc(row.requested_at),
            law_reference=row.law_reference,
            note=row.note,
            decided_by=row.decided_by,
            decided_at=as_utc(row.decided_at) if row.decided_at else None,
        )
    return found


async def _put_bases(session: AsyncSession, service_id: str, bases: Sequence[Basis]) -> None:
    if bases:
        await session.execute(
            legal_bases.insert(),
            [
                {
                    "service_id": service_id,
                    "evidence_type": b.evidence_type,
                    "status": b.status,
                    "law_reference": b.law_reference,
                    "note": b.note,
                    "decided_by": b.decided_by,
                    "requested_at": b.requested_at,
                    "decided_at": b.decided_at,
                }
                for b in bases
            ],
        )


def _plain(row: sa.Row[Any]) -> dict[str, Any]:
    """A row as a dict, its moments in UTC (SQLite hands them back without an offset)."""
    return {
        key: as_utc(value) if isinstance(value, dt.datetime) else value
        for key, value in row._asdict().items()
    }


def _values(service: Service) -> dict[str, Any]:
    values = service.model_dump(mode="json", exclude={"smart_by_design", "legal_basis"})
    return values | {"updated_at": dt.datetime.now(dt.UTC)}


def _service(row: sa.Row[Any], bases: dict[str, Basis]) -> Service:
    values = {column: getattr(row, column) for column in row._fields if column != "updated_at"}
    # In the order the agency listed its evidence; a type without a row grants nothing.
    basis = tuple(
        bases[code].public()
        if code in bases
        else events.LegalBasis(evidence_type=code, status="pending")
        for code in values["required_evidence"]
    )
    return Service.model_validate(values | {"legal_basis": basis})
