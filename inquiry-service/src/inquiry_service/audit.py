"""The hash-chained audit log: append (the only write there is) and verify."""

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_random

from inquiry_service import domain, repository
from panjereh import context, identity
from panjereh.db.uow import UnitOfWork

T = TypeVar("T")


@dataclass(frozen=True)
class AuditRecord:
    agency_id: str
    client_id: str | None
    evidence_type: str
    national_code: str
    service_id: str | None
    application_id: str | None
    inquiry_id: str | None
    outcome: str  # found | not_found | unavailable | refused
    reason: str | None
    registry: str
    latency_ms: int


async def append(uow: UnitOfWork, record: AuditRecord, *, subject_secret: bytes) -> None:
    """Append one entry, chained to the last, in the unit of work's transaction."""
    await repository.lock_audit_chain(uow.session)
    prev_hash = await repository.last_audit_hash(uow.session)
    body = {
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        "agency_id": record.agency_id,
        "client_id": record.client_id,
        "evidence_type": record.evidence_type,
        "subject": domain.subject_key(subject_secret, record.national_code),
        "subject_masked": identity.mask(record.national_code),
        "service_id": record.service_id,
        "application_id": record.application_id,
        "inquiry_id": record.inquiry_id,
        "outcome": record.outcome,
        "reason": record.reason,
        "registry": record.registry,
        "latency_ms": record.latency_ms,
        "request_id": context.request_id.get(),
    }
    entry = {**body, "prev_hash": prev_hash, "hash": domain.chain_hash(prev_hash, body)}
    await repository.append_audit(uow.session, entry)


async def committing_with_chain_retry(work: Callable[[], Awaitable[T]]) -> T:
    """Run a unit of work that appends to the chain; redo it if another append won the race.

    The unique prev_hash rejects the loser of a race (SQLite, or a replica that skipped the
    lock), so the chain never forks; redoing the work chains it after the winner.
    """
    async for attempt in AsyncRetrying(
        retry=retry_if_exception_type(IntegrityError),
        stop=stop_after_attempt(10),
        wait=wait_random(0, 0.05),
        reraise=True,
    ):
        with attempt:
            return await work()
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Verification:
    entries: int
    first_broken_seq: int | None

    @property
    def intact(self) -> bool:
        return self.first_broken_seq is None


async def verify(engine: AsyncEngine) -> Verification:
    """Walk the whole chain; report the first entry whose hash or link does not hold."""
    count = 0
    expected_prev = domain.GENESIS_HASH
    async with engine.connect() as connection:
        async for entry in repository.audit_entries(connection):
            count += 1
            if domain.first_broken_link([entry], expected_prev=expected_prev) is not None:
                return Verification(count, entry.seq)
            expected_prev = entry.hash
    return Verification(count, None)
