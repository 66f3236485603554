"""The evidence worker: answers queued evidence requests a batch at a time, retrying a down
registry with backoff until the request's budget is spent, then reporting it unavailable.
Never drops one.

A round leases many due requests in one statement (with their legal basis), checks each in
memory, fetches the allowed ones concurrently (bounded per registry, through the breaker),
and records the whole batch in one transaction: inquiries, audit entries chained in order,
events, and each request's completion or next attempt. A worker that dies between fetching
and recording has recorded (and audited) nothing; the lease runs out and the requests are
fetched again.
"""

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from inquiry_service import audit, domain
from inquiry_service.evidence import catalog
from inquiry_service.services import Inquirer, Result, Verdict, refused_event, retrieved_event
from inquiry_service.services import verdict as verdict_of
from inquiry_service.uow import InquiryUnitOfWork
from panjereh import context, events, tracing
from panjereh.background import Loop

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    """One leased request, its verdict, and the registry's result if it was asked."""

    due: domain.DueRequest
    verdict: Verdict
    result: Result | None = None
    traceparent: str | None = None  # the fetch's span, which the recording continues

    @property
    def attempts(self) -> int:
        return self.due.attempts + 1


@dataclass(frozen=True)
class Policy:
    budget: int  # tries before a request is given up (or refused, when its basis never came)
    base_seconds: float  # the first retry's delay; doubled each time

    def next_attempt(self, attempts: int, now: dt.datetime) -> dt.datetime:
        return now + domain.retry_delay(attempt=attempts, base_seconds=self.base_seconds)


class EvidenceWorker(Loop):
    def __init__(
        self,
        *,
        inquirer: Inquirer,
        uow: Callable[[], InquiryUnitOfWork],
        budget: int,
        base_seconds: float,
        batch_size: int = 100,
        per_registry: int = 16,
        batches: int = 4,
        lease: dt.timedelta = dt.timedelta(minutes=2),
        poll_seconds: float = 1.0,
    ) -> None:
        # Wakes within a few ms (one per consumer batch) become one round.
        super().__init__(name="evidence-worker", poll_seconds=poll_seconds, coalesce_seconds=0.005)
        self._inquirer = inquirer
        self._uow = uow
        self._policy = Policy(budget, base_seconds)
        self._batch_size = batch_size
        self._per_registry = per_registry
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._lease_for = lease
        self._capacity = asyncio.Semaphore(batches)
        self._in_flight: set[asyncio.Task[None]] = set()

    async def round(self) -> bool:
        """Lease a batch and let it fetch and record on its own: a slow registry call holds
        back only its own batch, and the next round leases what came due meanwhile. At most
        `batches` are in flight."""
        await self._capacity.acquire()
        try:
            due = await self._lease()
        except BaseException:
            self._capacity.release()
            raise
        if not due:
            self._capacity.release()
            return False
        task = asyncio.create_task(self._answer_batch(due), name="evidence-batch")
        self._in_flight.add(task)
        task.add_done_callback(self._batch_done)
        return len(due) >= self._batch_size

    async def stop(self) -> None:
        await super().stop()
        await asyncio.gather(*self._in_flight, return_exceptions=True)

    async def run_once(self) -> int:
        """Answer a batch of the requests due now, to the end; return how many were taken."""
        due = await self._lease()
        if due:
            await self._answer_batch(due)
        return len(due)

    async def _lease(self) -> list[domain.DueRequest]:
        async with self._uow() as uow:
            due = await uow.evidence_requests.lease_due(
                now=dt.datetime.now(dt.UTC), lease=self._lease_for, limit=self._batch_size
            )
            await uow.commit()
        return due

    async def _answer_batch(self, due: Sequence[domain.DueRequest]) -> None:
        answers = await asyncio.gather(*(self._answer(request) for request in due))
        recorded = [answer for answer in answers if answer is not None]
        await audit.committing_with_chain_retry(lambda: self._record(recorded))

    def _batch_done(self, task: "asyncio.Task[None]") -> None:
        self._in_flight.discard(task)
        self._capacity.release()
        if not task.cancelled() and (error := task.exception()) is not None:
            # Nothing of the batch was recorded; its leases run out and it is fetched again.
            log.error("an evidence batch could not be recorded: %r", error)

    async def _answer(self, due: domain.DueRequest) -> Answer | None:
        """Checked right before fetching: the office may have refused the basis since the
        request was queued, or its approval may still be on its way. None: the fetch failed
        unexpectedly; the lease runs out and the request is due again."""
        verdict = verdict_of(due.request, due.requirement)
        if verdict.refusal is not None:
            return Answer(due, verdict)
        token = context.request_id.set(due.request_id)
        try:
            with tracing.continuing(f"fetch {due.request.evidence_type}", due.traceparent):
                async with self._slot(catalog.get(due.request.evidence_type).registry):
                    result = await self._inquirer.fetch(due.request)
                return Answer(due, verdict, result, tracing.current_traceparent())
        except Exception:
            log.exception("evidence request %s failed; it will be retried", due.event_id)
            return None
        finally:
            context.request_id.reset(token)

    def _slot(self, registry: str) -> asyncio.Semaphore:
        slot = self._slots.get(registry)
        if slot is None:
            slot = self._slots[registry] = asyncio.Semaphore(self._per_registry)
        return slot

    async def _record(self, answers: Sequence[Answer]) -> None:
        async with self._uow() as uow:
            record(uow, self._inquirer, answers, self._policy, now=dt.datetime.now(dt.UTC))
            await uow.commit()


def record(
    uow: InquiryUnitOfWork,
    inquirer: Inquirer,
    answers: Sequence[Answer],
    policy: Policy,
    *,
    now: dt.datetime,
) -> None:
    """Settle each answer in `uow`, in order (the caller commits, once for the batch)."""
    for answer in answers:
        token = context.request_id.set(answer.due.request_id)
        try:
            with tracing.continuing(
                "record evidence", answer.traceparent or answer.due.traceparent
            ):
                _settle(uow, inquirer, answer, policy, now)
        finally:
            context.request_id.reset(token)


def _settle(
    uow: InquiryUnitOfWork, inquirer: Inquirer, answer: Answer, policy: Policy, now: dt.datetime
) -> None:
    due, attempts, refusal, result = (
        answer.due,
        answer.attempts,
        answer.verdict.refusal,
        answer.result,
    )
    if refusal is not None and (refusal.code not in domain.MAY_ARRIVE or attempts >= policy.budget):
        inquirer.audit_refusal(due.request, refusal, uow=uow)
        uow.emit(refused_event(due.request, refusal, attempts=attempts))
        uow.evidence_requests.finish(due.event_id, attempts=attempts)
        log.warning("evidence %s refused: %s", due.event_id, refusal.code)
    elif refusal is not None:
        # Nothing was asked of a registry, so nothing is recorded or audited: only the
        # refusal at the end of the wait is (a wait is not an inquiry).
        uow.evidence_requests.reschedule(
            due.event_id,
            attempts=attempts,
            at=policy.next_attempt(attempts, now),
            error=f"no legal basis (yet): {refusal.code}",
        )
    elif result is None:
        raise ValueError(f"an allowed request was not fetched: {due.event_id}")
    elif result.status != "unavailable":
        inquirer.record(due.request, result, uow=uow)
        purpose = f"application {due.request.application_id} for service {due.request.service_id}"
        uow.emit(
            retrieved_event(
                due.request, result, purpose=purpose, law_reference=answer.verdict.law_reference
            )
        )
        uow.evidence_requests.finish(due.event_id, attempts=attempts)
    elif attempts >= policy.budget:
        inquirer.record(due.request, result, uow=uow)
        uow.emit(_unavailable_event(due, result, attempts, now))
        uow.evidence_requests.finish(due.event_id, attempts=attempts)
        log.warning("evidence %s unavailable after %s attempts", due.event_id, attempts)
    else:
        inquirer.record(due.request, result, uow=uow)
        uow.evidence_requests.reschedule(
            due.event_id,
            attempts=attempts,
            at=policy.next_attempt(attempts, now),
            error=result.detail or "unavailable",
        )


def _unavailable_event(
    due: domain.DueRequest, result: Result, attempts: int, now: dt.datetime
) -> events.EvidenceUnavailable:
    request = due.request
    return events.EvidenceUnavailable(
        application_id=request.application_id or "",
        evidence_type=request.evidence_type,
        agency_id=request.agency_id or "",
        service_id=request.service_id,
        registry=catalog.get(request.evidence_type).registry,
        reason="registry_unavailable",
        detail=result.detail or "unavailable",
        attempts=attempts,
        given_up_at=now,
    )
