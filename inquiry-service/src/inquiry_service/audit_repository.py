"""The audit log's SQL: appends chained at flush under one lock, the access log, the walk."""

import datetime as dt
from collections.abc import AsyncIterator, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from inquiry_service import domain
from inquiry_service.models import audit_log

_AUDIT_LOCK = 0x61756469  # "audi": one appender of the chain at a time across replicas


class AuditLog:
    """The hash-chained audit log. Appended entries are chained at flush, in the order they
    were appended, under one lock of the chain's head per unit of work."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._pending: list[dict[str, Any]] = []

    def append(self, body: Mapping[str, Any]) -> None:
        self._pending.append(dict(body))

    async def access_log(
        self, *, subject: str, agency_id: str | None, limit: int, after_seq: int
    ) -> list[domain.AccessEntry]:
        query = (
            sa.select(audit_log)
            .where(audit_log.c.subject == subject, audit_log.c.seq > after_seq)
            .order_by(audit_log.c.seq)
            .limit(limit)
        )
        if agency_id is not None:
            query = query.where(audit_log.c.agency_id == agency_id)
        return [
            domain.AccessEntry(
                row.seq,
                dt.datetime.fromisoformat(row.at),
                row.agency_id,
                row.evidence_type,
                row.service_id,
                row.application_id,
                row.outcome,
                row.registry,
            )
            for row in (await self._session.execute(query)).all()
        ]

    async def flush(self) -> None:
        if not self._pending:
            return
        # Serialise appends across replicas (PostgreSQL); SQLite has one writer anyway, and
        # the unique prev_hash refuses the loser of any race that slips through.
        if self._session.get_bind().dialect.name == "postgresql":
            await self._session.execute(sa.select(sa.func.pg_advisory_xact_lock(_AUDIT_LOCK)))
        head = sa.select(audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
        prev_hash = (await self._session.execute(head)).scalar_one_or_none()
        entries = domain.chained(prev_hash or domain.GENESIS_HASH, self._pending)
        self._pending = []
        # An executemany inserts the rows in the order given, so seq follows the chain.
        await self._session.execute(audit_log.insert(), entries)


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
