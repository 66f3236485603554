"""All SQL of the inquiry service."""

import datetime as dt
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from inquiry_service import domain
from inquiry_service.models import (
    applications,
    audit_log,
    evidence_requests,
    inquiries,
    legal_bases,
    service_requirements,
)


async def upsert_requirement(session: AsyncSession, requirement: domain.Requirement) -> None:
    """Store the service as its catalogue event states it, legal bases included (replaced)."""
    values = {
        "agency_id": requirement.agency_id,
        "evidence_types": sorted(requirement.evidence_types),
        "updated_at": dt.datetime.now(dt.UTC),
    }
    updated = await session.execute(
        service_requirements.update()
        .where(service_requirements.c.service_id == requirement.service_id)
        .values(**values)
    )
    if not updated.rowcount:  # type: ignore[attr-defined]
        await session.execute(
            service_requirements.insert().values(service_id=requirement.service_id, **values)
        )
    await session.execute(
        legal_bases.delete().where(legal_bases.c.service_id == requirement.service_id)
    )
    if requirement.bases:
        await session.execute(
            legal_bases.insert(),
            [
                _basis_values(requirement.service_id, evidence_type, basis)
                for evidence_type, basis in requirement.bases.items()
            ],
        )


async def set_basis(
    session: AsyncSession, *, service_id: str, evidence_type: str, basis: domain.Basis
) -> None:
    """Record one decision of the legal-basis office, replacing the earlier one."""
    await session.execute(
        legal_bases.delete().where(
            legal_bases.c.service_id == service_id, legal_bases.c.evidence_type == evidence_type
        )
    )
    await session.execute(
        legal_bases.insert().values(**_basis_values(service_id, evidence_type, basis))
    )


def _basis_values(service_id: str, evidence_type: str, basis: domain.Basis) -> dict[str, Any]:
    return {
        "service_id": service_id,
        "evidence_type": evidence_type,
        "status": basis.status,
        "law_reference": basis.law_reference,
        "decided_at": basis.decided_at,
    }


async def requirement(session: AsyncSession, service_id: str) -> domain.Requirement | None:
    row = (
        await session.execute(
            sa.select(service_requirements).where(service_requirements.c.service_id == service_id)
        )
    ).first()
    if row is None:
        return None
    bases = (
        await session.execute(sa.select(legal_bases).where(legal_bases.c.service_id == service_id))
    ).all()
    return domain.Requirement(
        row.service_id,
        row.agency_id,
        frozenset(row.evidence_types),
        {b.evidence_type: domain.Basis(b.status, b.law_reference, b.decided_at) for b in bases},
    )


async def add_application(session: AsyncSession, application: domain.Application) -> None:
    """Remember a submitted application (a redelivered submission changes nothing)."""
    exists = await session.execute(
        sa.select(applications.c.application_id).where(
            applications.c.application_id == application.application_id
        )
    )
    if exists.first() is not None:
        return
    await session.execute(
        applications.insert().values(
            application_id=application.application_id,
            agency_id=application.agency_id,
            service_id=application.service_id,
            subject=application.subject,
            final=application.final,
            updated_at=dt.datetime.now(dt.UTC),
        )
    )


async def close_application(session: AsyncSession, application_id: str) -> None:
    await session.execute(
        applications.update()
        .where(applications.c.application_id == application_id)
        .values(final=True, updated_at=dt.datetime.now(dt.UTC))
    )


async def application(session: AsyncSession, application_id: str) -> domain.Application | None:
    row = (
        await session.execute(
            sa.select(applications).where(applications.c.application_id == application_id)
        )
    ).first()
    if row is None:
        return None
    return domain.Application(
        row.application_id, row.agency_id, row.service_id, row.subject, row.final
    )


async def add_inquiry(session: AsyncSession, values: Mapping[str, Any]) -> None:
    await session.execute(inquiries.insert().values(**values))


async def inquiry(session: AsyncSession, inquiry_id: str) -> sa.Row[Any] | None:
    query = sa.select(inquiries).where(inquiries.c.id == inquiry_id)
    return (await session.execute(query)).first()


async def lock_audit_chain(session: AsyncSession) -> None:
    """Serialise appends across replicas (PostgreSQL); SQLite has one writer anyway."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(sa.select(sa.func.pg_advisory_xact_lock(0x61756469)))  # "audi"


async def last_audit_hash(session: AsyncSession) -> str:
    query = sa.select(audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
    return (await session.execute(query)).scalar_one_or_none() or domain.GENESIS_HASH


async def append_audit(session: AsyncSession, entry: Mapping[str, Any]) -> None:
    await session.execute(audit_log.insert().values(**entry))


AUDIT_BODY_COLUMNS = [c for c in audit_log.c if c.name not in ("seq", "prev_hash", "hash")]


async def audit_entries(
    connection: AsyncConnection, *, batch: int = 5000
) -> AsyncIterator[domain.ChainedEntry]:
    """Every audit entry in order, streamed in batches (the log only grows)."""
    after = 0
    while True:
        rows = (
            await connection.execute(
                sa.select(audit_log)
                .where(audit_log.c.seq > after)
                .order_by(audit_log.c.seq)
                .limit(batch)
            )
        ).all()
        for row in rows:
            body = {column.name: getattr(row, column.name) for column in AUDIT_BODY_COLUMNS}
            yield domain.ChainedEntry(row.seq, row.prev_hash, row.hash, body)
        if len(rows) < batch:
            return
        after = rows[-1].seq


async def access_log(
    session: AsyncSession, *, subject: str, agency_id: str | None, limit: int, after_seq: int
) -> Sequence[sa.Row[Any]]:
    query = (
        sa.select(audit_log)
        .where(audit_log.c.subject == subject, audit_log.c.seq > after_seq)
        .order_by(audit_log.c.seq)
        .limit(limit)
    )
    if agency_id is not None:
        query = query.where(audit_log.c.agency_id == agency_id)
    return (await session.execute(query)).all()


async def add_evidence_request(session: AsyncSession, values: Mapping[str, Any]) -> None:
    await session.execute(evidence_requests.insert().values(**values))


async def lease_due_requests(
    connection: AsyncConnection, *, now: dt.datetime, lease: dt.timedelta, limit: int
) -> list[sa.Row[Any]]:
    """Take due requests for this worker by pushing their next attempt a lease into the future.

    A worker that dies mid-request loses nothing: when its lease runs out the request is due again.
    """
    due = (
        sa.select(evidence_requests)
        .where(evidence_requests.c.done.is_(False), evidence_requests.c.next_attempt_at <= now)
        .order_by(evidence_requests.c.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = (await connection.execute(due)).all()
    if rows:
        await connection.execute(
            evidence_requests.update()
            .where(evidence_requests.c.event_id.in_([r.event_id for r in rows]))
            .values(next_attempt_at=now + lease)
        )
    await connection.commit()
    return list(rows)


async def finish_request(session: AsyncSession, event_id: str, *, attempts: int) -> None:
    await session.execute(
        evidence_requests.update()
        .where(evidence_requests.c.event_id == event_id)
        .values(done=True, attempts=attempts, last_error=None)
    )


async def reschedule_request(
    session: AsyncSession, event_id: str, *, attempts: int, at: dt.datetime, error: str
) -> None:
    await session.execute(
        evidence_requests.update()
        .where(evidence_requests.c.event_id == event_id)
        .values(attempts=attempts, next_attempt_at=at, last_error=error[:500])
    )
