"""Deciding applications whose evidence is in, in batches: their rules run in the rule pool,
outside any transaction.

Taking the last piece of evidence only moves an application to `evaluating` and commits. The
decider then reads the applications waiting (one statement), runs each one's service's rules
in the pool (each rule within its budget, the batch dealt out over the workers, one task
each) holding no unit of work (on SQLite a unit of work is the database's one writer, and
a slow rule must not hold up every other request), and writes the decisions and their events
in one second unit of work, for those still evaluating. Commits that made an application
ready wake it (once per batch); it also polls, so an application left evaluating by a crash
or a lost wake-up is decided later.
"""

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING

from application_service.applications import domain, rule_inputs
from application_service.applications.states import State
from application_service.catalog import rule_budget, rules
from application_service.catalog.rule_budget import RulePool
from application_service.settings import ApplicationSettings
from panjereh.background import Loop

if TYPE_CHECKING:
    from application_service.uow import ApplicationUnitOfWork

log = logging.getLogger(__name__)
Outcome = tuple[domain.Application, domain.ServiceView, Sequence[rules.Failure]]


class Decider(Loop):
    """Decides the evaluating applications, a batch per round."""

    def __init__(
        self,
        uow_factory: "Callable[[], ApplicationUnitOfWork]",
        pool: RulePool,
        *,
        poll_seconds: float,
        batch: int,
    ) -> None:
        super().__init__(name="decider", poll_seconds=poll_seconds)
        self._uow_factory = uow_factory
        self._pool = pool
        self._batch = batch

    async def stop(self) -> None:
        """Stop now, abandoning a round in flight (rules still running, or their decisions
        not yet committed): its applications stay evaluating and are decided after the
        restart. A round can take minutes of rules; shutdown must not wait for them."""
        self._stopping.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def round(self) -> bool:
        due = await self._due()
        outcomes = await self._evaluate(due)
        if outcomes:
            await record(self._uow_factory, outcomes)
        return len(due) == self._batch and bool(outcomes)

    async def _due(self) -> list[tuple[domain.Application, domain.ServiceView]]:
        async with self._uow_factory() as uow:
            waiting = await uow.applications.evaluating(limit=self._batch)
            await uow.catalogue.load({application.service_id for application in waiting})
            services = {
                application.service_id: await uow.catalogue.get(application.service_id)
                for application in waiting
            }
        return [
            (application, domain.view(service))
            for application in waiting
            if (service := services[application.service_id]) is not None
        ]

    async def _evaluate(
        self, due: Sequence[tuple[domain.Application, domain.ServiceView]]
    ) -> list[Outcome]:
        """Each application's rule failures, the batch in one task per worker; none if the
        pool could not run them (the decisions wait for a later round, they are not
        referred)."""
        if not due:
            return []
        now = dt.datetime.now(dt.UTC)
        try:
            failures = await self._pool.evaluate_many(
                [(view.rules, rule_inputs.variables(application, now)) for application, view in due]
            )
        except Exception:
            log.exception("evaluating %d applications failed; they are tried again", len(due))
            return []
        return [
            (application, view, failed)
            for (application, view), failed in zip(due, failures, strict=True)
        ]


async def record(
    uow_factory: "Callable[[], ApplicationUnitOfWork]", outcomes: Sequence[Outcome]
) -> int:
    """Write the decisions of those still evaluating (cancelled meanwhile, or decided by
    another replica, are left as they are), in one unit of work; how many were decided."""
    async with uow_factory() as uow:
        await uow.applications.load([application.id for application, _, _ in outcomes])
        decided = 0
        for evaluated, view, failures in outcomes:
            current = await uow.applications.get(evaluated.id)
            if current is None or current.state is not State.EVALUATING:
                log.info("application %s changed while its rules ran; left as it is", evaluated.id)
                continue
            for fact in domain.decide(current, view, failures, now=dt.datetime.now(dt.UTC)):
                uow.emit(fact)
            uow.applications.changed(current)
            decided += 1
        await uow.commit()
    return decided


_RUNNING: list[Decider] = []


def wake() -> None:
    """Tell the deciders of this process that an application is waiting to be decided.

    A registry, not an argument: the event handlers' table carries no runtime. Waking one that
    serves another database only makes it look once.
    """
    for running_decider in _RUNNING:
        running_decider.wake()


@contextlib.asynccontextmanager
async def running(
    uow_factory: "Callable[[], ApplicationUnitOfWork]", settings: ApplicationSettings
) -> AsyncIterator[Decider]:
    """The rule pool and a decider for the service's lifetime (the decider looks once at
    start: crash recovery)."""
    async with rule_budget.running(
        workers=settings.rule_workers,
        budget_seconds=settings.rule_budget_seconds,
        total_seconds=settings.rule_total_budget_seconds,
        memory_mb=settings.rule_worker_memory_mb,
        nice=settings.rule_worker_nice,
    ) as pool:
        decider = Decider(
            uow_factory,
            pool,
            poll_seconds=settings.decide_poll_seconds,
            batch=settings.decide_batch,
        )
        _RUNNING.append(decider)
        decider.start()
        try:
            yield decider
        finally:
            _RUNNING.remove(decider)
            await decider.stop()
