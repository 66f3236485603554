"""All SQL of the inquiry service (the audit log's in audit_repository.py): one repository
per table group, hanging off the unit of work (uow.py). Writes that come many to a batch
are kept in memory and written set-based by `flush`, which the unit of work runs right
before it commits."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from inquiry_service import domain
from inquiry_service.models import (
    applications,
    evidence_requests,
    inquiries,
    legal_bases,
    service_requirements,
)


def _is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Requirements:
    """The legal basis: which agency's service needs which evidence, as the office decided.

    What a batch reads is cached for the unit of work (`load` fetches many in one query), and
    what it writes updates the cache, so a service registered earlier in the same batch is
    seen by the requests after it."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._cache: dict[str, domain.Requirement | None] = {}

    async def load(self, service_ids: Iterable[str]) -> None:
        """Read these services (and their bases) in one query, for the handlers after."""
        missing = sorted(set(service_ids) - self._cache.keys())
        if not missing:
            return
        query = (
            sa.select(service_requirements, legal_bases.c.evidence_type, legal_bases.c.status)
            .add_columns(legal_bases.c.law_reference, legal_bases.c.decided_at)
            .outerjoin(legal_bases, legal_bases.c.service_id == service_requirements.c.service_id)
            .where(service_requirements.c.service_id.in_(missing))
        )
        found: dict[str, tuple[str, frozenset[str], dict[str, domain.Basis]]] = {}
        for row in (await self._session.execute(query)).all():
            _, _, bases = found.setdefault(
                row.service_id, (row.agency_id, frozenset(row.evidence_types), {})
            )
            if row.status is not None:
                bases[row.evidence_type] = domain.Basis(
                    row.status, row.law_reference, row.decided_at
                )
        for service_id in missing:
            known = found.get(service_id)
            self._cache[service_id] = (
                domain.Requirement(service_id, known[0], known[1], known[2]) if known else None
            )

    async def get(self, service_id: str) -> domain.Requirement | None:
        await self.load([service_id])
        return self._cache[service_id]

    async def put(self, requirement: domain.Requirement) -> None:
        """Store the service as its catalogue event states it, legal bases included (replaced)."""
        values = {
            "agency_id": requirement.agency_id,
            "evidence_types": sorted(requirement.evidence_types),
            "updated_at": _now(),
        }
        updated = await self._session.execute(
            service_requirements.update()
            .where(service_requirements.c.service_id == requirement.service_id)
            .values(**values)
        )
        if not updated.rowcount:  # type: ignore[attr-defined]
            await self._session.execute(
                service_requirements.insert().values(service_id=requirement.service_id, **values)
            )
        await self._session.execute(
            legal_bases.delete().where(legal_bases.c.service_id == requirement.service_id)
        )
        if requirement.bases:
            await self._session.execute(
                legal_bases.insert(),
                [
                    _basis_values(requirement.service_id, evidence_type, basis)
                    for evidence_type, basis in requirement.bases.items()
                ],
            )
        self._cache[requirement.service_id] = requirement

    async def set_basis(self, service_id: str, evidence_type: str, basis: domain.Basis) -> None:
        """Record one decision of the legal-basis office, replacing the earlier one."""
        await self._session.execute(
            legal_bases.delete().where(
                legal_bases.c.service_id == service_id,
                legal_bases.c.evidence_type == evidence_type,
            )
        )
        await self._session.execute(
            legal_bases.insert().values(**_basis_values(service_id, evidence_type, basis))
        )
        self._cache.pop(service_id, None)  # read again, whole, when next asked


def _basis_values(service_id: str, evidence_type: str, basis: domain.Basis) -> dict[str, Any]:
    return {
        "service_id": service_id,
        "evidence_type": evidence_type,
        "status": basis.status,
        "law_reference": basis.law_reference,
        "decided_at": basis.decided_at,
    }


class Applications:
    """Whose application is whose (to check a direct inquiry's purpose); written at flush."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._added: dict[str, domain.Application] = {}
        self._closed: set[str] = set()

    def add(self, application: domain.Application) -> None:
        """Remember a submitted application (a redelivered submission changes nothing)."""
        self._added.setdefault(application.application_id, application)

    def close(self, application_id: str) -> None:
        self._closed.add(application_id)

    async def get(self, application_id: str) -> domain.Application | None:
        query = sa.select(applications).where(applications.c.application_id == application_id)
        row = (await self._session.execute(query)).first()
        if row is None:
            return None
        return domain.Application(
            row.application_id, row.agency_id, row.service_id, row.subject, row.final
        )

    async def flush(self) -> None:
        now = _now()
        if self._added:
            rows = [
                {**vars(application), "updated_at": now} for application in self._added.values()
            ]
            insert = (postgresql.insert if _is_postgres(self._session) else sqlite.insert)(
                applications
            )
            await self._session.execute(insert.on_conflict_do_nothing(), rows)
        if self._closed:
            await self._session.execute(
                applications.update()
                .where(applications.c.application_id.in_(sorted(self._closed)))
                .values(final=True, updated_at=now)
            )
        self._added, self._closed = {}, set()


class EvidenceRequests:
    """Applications' evidence requests: queued by the consumer, leased and settled by the
    worker. Queued and settled ones are written at flush, set-based."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._queued: list[dict[str, Any]] = []
        self._settled: list[dict[str, Any]] = []

    @property
    def queued(self) -> int:
        """How many requests this unit of work queued (not yet written)."""
        return len(self._queued)

    def queue(
        self,
        event_id: str,
        request: domain.EvidenceRequest,
        *,
        request_id: str | None,
        traceparent: str | None = None,
    ) -> None:
        self._queued.append(
            {
                "event_id": event_id,
                "application_id": request.application_id,
                "agency_id": request.agency_id,
                "service_id": request.service_id,
                "evidence_type": request.evidence_type,
                "national_code": request.national_code,
                "mobile": request.mobile,
                "request_id": request_id,
                "traceparent": traceparent,
                "next_attempt_at": _now(),
            }
        )

    def finish(self, event_id: str, *, attempts: int) -> None:
        self._settled.append(
            {
                "b_id": event_id,
                "b_done": True,
                "b_attempts": attempts,
                "b_at": None,
                "b_error": None,
            }
        )

    def reschedule(self, event_id: str, *, attempts: int, at: dt.datetime, error: str) -> None:
        self._settled.append(
            {
                "b_id": event_id,
                "b_done": False,
                "b_attempts": attempts,
                "b_at": at,
                "b_error": error[:500],
            }
        )

    async def lease_due(
        self, *, now: dt.datetime, lease: dt.timedelta, limit: int
    ) -> list[domain.DueRequest]:
        """Take up to `limit` due requests by pushing their next attempt a lease into the
        future, each with its purpose service's legal basis for its evidence type.

        A worker that dies before it records a request loses nothing: when the lease runs
        out the request is due again. On PostgreSQL it is one statement (rows other workers
        hold are skipped); SQLite has one writer, so a select and an update do."""
        until = now + lease
        is_due = sa.and_(
            evidence_requests.c.done.is_(False), evidence_requests.c.next_attempt_at <= now
        )
        if _is_postgres(self._session):
            due = (
                sa.select(evidence_requests.c.event_id)
                .where(
                    evidence_requests.c.done.is_(False), evidence_requests.c.next_attempt_at <= now
                )
                .order_by(evidence_requests.c.next_attempt_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
                .cte("due")
            )
            leased = (
                evidence_requests.update()
                .where(evidence_requests.c.event_id == due.c.event_id)
                .values(next_attempt_at=until)
                .returning(*evidence_requests.c)
                .cte("leased")
            )
            rows = (await self._session.execute(_with_basis(leased))).all()
        else:
            chosen = sa.select(evidence_requests.c.event_id).where(is_due)
            ids = (
                (
                    await self._session.execute(
                        chosen.order_by(evidence_requests.c.next_attempt_at).limit(limit)
                    )
                )
                .scalars()
                .all()
            )
            if not ids:
                return []
            await self._session.execute(
                evidence_requests.update()
                .where(evidence_requests.c.event_id.in_(ids))
                .values(next_attempt_at=until)
            )
            taken = sa.select(evidence_requests).where(evidence_requests.c.event_id.in_(ids)).cte()
            rows = (await self._session.execute(_with_basis(taken))).all()
        return [_due_request(row) for row in rows]

    async def flush(self) -> None:
        if self._queued:
            await self._session.execute(evidence_requests.insert(), self._queued)
        if self._settled:
            settle = (
                evidence_requests.update()
                .where(evidence_requests.c.event_id == sa.bindparam("b_id"))
                .values(
                    done=sa.bindparam("b_done"),
                    attempts=sa.bindparam("b_attempts"),
                    next_attempt_at=sa.func.coalesce(
                        sa.bindparam("b_at", type_=evidence_requests.c.next_attempt_at.type),
                        evidence_requests.c.next_attempt_at,
                    ),
                    last_error=sa.bindparam("b_error", type_=evidence_requests.c.last_error.type),
                )
            )
            await self._session.execute(settle, self._settled)
        self._queued, self._settled = [], []


def _with_basis(requests: sa.CTE) -> sa.Select[Any]:
    """The requests with their service's owner, needs and basis for their evidence type."""
    return (
        sa.select(
            requests,
            service_requirements.c.agency_id.label("owner"),
            service_requirements.c.evidence_types,
            legal_bases.c.status,
            legal_bases.c.law_reference,
            legal_bases.c.decided_at,
        )
        .outerjoin(service_requirements, service_requirements.c.service_id == requests.c.service_id)
        .outerjoin(
            legal_bases,
            sa.and_(
                legal_bases.c.service_id == requests.c.service_id,
                legal_bases.c.evidence_type == requests.c.evidence_type,
            ),
        )
        .order_by(requests.c.next_attempt_at, requests.c.event_id)
    )


def _due_request(row: sa.Row[Any]) -> domain.DueRequest:
    requirement = None
    if row.owner is not None:
        bases = {}
        if row.status is not None:
            bases[row.evidence_type] = domain.Basis(row.status, row.law_reference, row.decided_at)
        requirement = domain.Requirement(
            row.service_id, row.owner, frozenset(row.evidence_types), bases
        )
    request = domain.EvidenceRequest(
        agency_id=row.agency_id,
        client_id=None,
        evidence_type=row.evidence_type,
        national_code=row.national_code,
        mobile=row.mobile,
        service_id=row.service_id,
        application_id=row.application_id,
    )
    return domain.DueRequest(
        row.event_id, request, row.request_id, row.attempts, requirement, row.traceparent
    )


class Inquiries:
    """Inquiries made (minimised answers); added ones are written at flush."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._added: list[dict[str, Any]] = []

    def add(self, values: Mapping[str, Any]) -> None:
        self._added.append(dict(values))

    async def get(self, inquiry_id: str) -> domain.StoredInquiry | None:
        query = sa.select(inquiries).where(inquiries.c.id == inquiry_id)
        row = (await self._session.execute(query)).first()
        if row is None:
            return None
        return domain.StoredInquiry(
            row.id,
            row.agency_id,
            row.evidence_type,
            row.status,
            row.data,
            row.registry,
            row.retrieved_at,
            row.cached,
        )

    async def flush(self) -> None:
        if self._added:
            await self._session.execute(inquiries.insert(), self._added)
        self._added = []
