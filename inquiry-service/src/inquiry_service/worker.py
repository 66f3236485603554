"""The evidence worker: answers queued evidence requests, retrying a down registry with backoff
until the request's budget is spent, then reporting it unavailable. Never drops one."""

import asyncio
import datetime as dt
import logging
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from inquiry_service import audit, domain, repository
from inquiry_service.evidence import catalog
from inquiry_service.inquiries import (
    Inquirer,
    Request,
    Result,
    Verdict,
    refused_event,
    retrieved_event,
)
from panjereh import context, events
from panjereh.background import Loop
from panjereh.db.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


class EvidenceWorker(Loop):
    def __init__(
        self,
        *,
        engine: AsyncEngine,
        inquirer: Inquirer,
        uow: UnitOfWorkFactory,
        budget: int,
        base_seconds: float,
        concurrency: int = 16,
        lease: dt.timedelta = dt.timedelta(minutes=2),
        poll_seconds: float = 1.0,
    ) -> None:
        super().__init__(name="evidence-worker", poll_seconds=poll_seconds)
        self._engine = engine
        self._inquirer = inquirer
        self._uow = uow
        self._budget = budget
        self._base_seconds = base_seconds
        self._concurrency = concurrency
        self._lease = lease

    async def round(self) -> bool:
        return await self.run_once() > 0

    async def run_once(self) -> int:
        """Work through the requests due now; return how many were taken."""
        async with self._engine.connect() as connection:
            rows = await repository.lease_due_requests(
                connection, now=dt.datetime.now(dt.UTC), lease=self._lease, limit=self._concurrency
            )
        await asyncio.gather(*(self._answer(row) for row in rows))
        return len(rows)

    async def _answer(self, row: sa.Row[Any]) -> None:
        token = context.request_id.set(row.request_id)
        try:
            await self._answer_request(row, _request(row), row.attempts + 1)
        except Exception:
            # The lease runs out and the request is due again: nothing is lost.
            log.exception("evidence request %s failed; it will be retried", row.event_id)
        finally:
            context.request_id.reset(token)

    async def _answer_request(self, row: sa.Row[Any], request: Request, attempts: int) -> None:
        # Checked again right before fetching: the office may have refused the basis since the
        # request was queued, or its approval may still be on its way (then wait, then refuse).
        verdict = await self._verdict(request)
        refusal = verdict.refusal
        if refusal is not None and (
            refusal.code not in domain.MAY_ARRIVE or attempts >= self._budget
        ):
            await audit.committing_with_chain_retry(
                lambda: self._refuse(row, request, refusal, attempts)
            )
            return
        if refusal is not None:
            await self._wait_for_basis(row, refusal, attempts)
            return
        result = await self._inquirer.fetch(request)
        if result.status != "unavailable":
            await audit.committing_with_chain_retry(
                lambda: self._finish(row, request, result, attempts, verdict.law_reference)
            )
        elif attempts >= self._budget:
            await audit.committing_with_chain_retry(
                lambda: self._give_up(row, request, result, attempts)
            )
        else:
            await audit.committing_with_chain_retry(
                lambda: self._retry_later(row, request, result, attempts)
            )

    async def _wait_for_basis(
        self, row: sa.Row[Any], refusal: domain.Refusal, attempts: int
    ) -> None:
        # Nothing was asked of a registry, so nothing is recorded or audited: only the refusal
        # at the end of the wait is (a wait is not an inquiry).
        delay = domain.retry_delay(attempt=attempts, base_seconds=self._base_seconds)
        async with self._uow() as uow:
            await repository.reschedule_request(
                uow.session,
                row.event_id,
                attempts=attempts,
                at=dt.datetime.now(dt.UTC) + delay,
                error=f"no legal basis (yet): {refusal.code}",
            )
            await uow.commit()

    async def _verdict(self, request: Request) -> Verdict:
        async with self._uow() as uow:
            return await self._inquirer.basis(request, uow=uow)

    async def _finish(
        self,
        row: sa.Row[Any],
        request: Request,
        result: Result,
        attempts: int,
        law_reference: str | None,
    ) -> None:
        async with self._uow() as uow:
            await self._inquirer.record(request, result, uow=uow)
            uow.emit(
                retrieved_event(
                    request, result, purpose=_purpose(request), law_reference=law_reference
                )
            )
            await repository.finish_request(uow.session, row.event_id, attempts=attempts)
            await uow.commit()

    async def _refuse(
        self, row: sa.Row[Any], request: Request, refusal: domain.Refusal, attempts: int
    ) -> None:
        async with self._uow() as uow:
            await self._inquirer.audit_refusal(request, refusal, uow=uow)
            uow.emit(refused_event(request, refusal, attempts=attempts))
            await repository.finish_request(uow.session, row.event_id, attempts=attempts)
            await uow.commit()
        log.warning(
            "evidence %s for %s refused: %s", row.evidence_type, row.application_id, refusal.code
        )

    async def _give_up(
        self, row: sa.Row[Any], request: Request, result: Result, attempts: int
    ) -> None:
        async with self._uow() as uow:
            await self._inquirer.record(request, result, uow=uow)
            uow.emit(
                events.EvidenceUnavailable(
                    application_id=row.application_id,
                    evidence_type=row.evidence_type,
                    agency_id=row.agency_id,
                    service_id=row.service_id,
                    registry=catalog.get(row.evidence_type).registry,
                    reason="registry_unavailable",
                    detail=result.detail or "unavailable",
                    attempts=attempts,
                    given_up_at=dt.datetime.now(dt.UTC),
                )
            )
            await repository.finish_request(uow.session, row.event_id, attempts=attempts)
            await uow.commit()
        log.warning(
            "evidence %s for %s unavailable after %s attempts",
            row.evidence_type,
            row.application_id,
            attempts,
        )

    async def _retry_later(
        self, row: sa.Row[Any], request: Request, result: Result, attempts: int
    ) -> None:
        delay = domain.retry_delay(attempt=attempts, base_seconds=self._base_seconds)
        async with self._uow() as uow:
            await self._inquirer.record(request, result, uow=uow)
            await repository.reschedule_request(
                uow.session,
                row.event_id,
                attempts=attempts,
                at=dt.datetime.now(dt.UTC) + delay,
                error=result.detail or "unavailable",
            )
            await uow.commit()


def _request(row: sa.Row[Any]) -> Request:
    return Request(
        agency_id=row.agency_id,
        client_id=None,
        evidence_type=row.evidence_type,
        national_code=row.national_code,
        mobile=row.mobile,
        service_id=row.service_id,
        application_id=row.application_id,
    )


def _purpose(request: Request) -> str:
    return f"application {request.application_id} for service {request.service_id}"
