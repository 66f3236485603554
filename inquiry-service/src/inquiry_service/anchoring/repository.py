"""All SQL of the anchors: the chain's head and the checkpoints table."""

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from inquiry_service.models import audit_checkpoints, audit_log

_SIGNER_LOCK = 0x616E6368  # "anch": one signer at a time across replicas


async def lock_signer(session: AsyncSession) -> None:
    """Serialise signers across replicas (PostgreSQL); the seq key refuses a second anyway."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(sa.select(sa.func.pg_advisory_xact_lock(_SIGNER_LOCK)))


async def chain_head(session: AsyncSession) -> tuple[int, str] | None:
    query = sa.select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
    row = (await session.execute(query)).first()
    return (int(row.seq), str(row.hash)) if row else None


async def last_checkpoint(session: AsyncSession) -> sa.Row[Any] | None:
    query = sa.select(audit_checkpoints).order_by(audit_checkpoints.c.seq.desc()).limit(1)
    return (await session.execute(query)).first()


async def add_checkpoint(session: AsyncSession, values: Mapping[str, Any]) -> None:
    await session.execute(audit_checkpoints.insert().values(**values))


async def checkpoints(
    connection: AsyncConnection | AsyncSession, *, after_seq: int, limit: int
) -> Sequence[sa.Row[Any]]:
    query = (
        sa.select(audit_checkpoints)
        .where(audit_checkpoints.c.seq > after_seq)
        .order_by(audit_checkpoints.c.seq)
        .limit(limit)
    )
    return (await connection.execute(query)).all()
