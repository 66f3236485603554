"""The hash-chained audit log: append (the only write there is) and verify it against its
signed checkpoints (anchoring/)."""

import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_random

from inquiry_service import audit_repository
from inquiry_service.anchoring import keys, rules
from inquiry_service.anchoring import repository as anchoring_repository
from inquiry_service.uow import InquiryUnitOfWork
from panjereh import context, identity
from panjereh.db.reader import Reader

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


def append(uow: InquiryUnitOfWork, record: AuditRecord, *, subject_secret: bytes) -> None:
    """Append one entry in the unit of work's transaction; it is chained to the entries
    before it when the unit of work flushes, in the order appended."""
    uow.audit.append(
        {
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
            "agency_id": record.agency_id,
            "client_id": record.client_id,
            "evidence_type": record.evidence_type,
            "subject": identity.subject_key(subject_secret, record.national_code),
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
    )


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


async def verify(
    reader: Reader,
    *,
    jwks: Mapping[str, Any] | None = None,
    checkpoints: Iterable[Mapping[str, Any]] | None = None,
) -> rules.Report:
    """Walk the chain from genesis against the signed checkpoints; report what does not hold.

    `checkpoints` are the published ones (kept outside the database, so an insider who
    rewrites both the chain and the checkpoints table is still caught); without them, the
    database's own copy. Without `jwks`, only the links are checked.
    """
    async with reader.connection() as connection:
        valid: list[rules.Checkpoint] = []
        rejected = 0
        if jwks is not None:
            if checkpoints is None:
                checkpoints = [row._asdict() async for row in _stored_checkpoints(connection)]
            valid, rejected = keys.verify_checkpoints(checkpoints, jwks)
        check = rules.ChainCheck(valid, rejected=rejected)
        async for entry in audit_repository.audit_entries(connection):
            if not check.feed(entry):
                break
    return check.report()


async def _stored_checkpoints(
    connection: AsyncConnection, *, batch: int = 5000
) -> AsyncIterator[Any]:
    after = 0
    while True:
        rows = await anchoring_repository.checkpoints(connection, after_seq=after, limit=batch)
        for row in rows:
            yield row
        if len(rows) < batch:
            return
        after = rows[-1].seq
