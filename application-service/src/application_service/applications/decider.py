"""Deciding applications whose evidence is in: their rules run in the rule pool, outside any
transaction.

Taking the last piece of evidence only moves an application to `evaluating` and commits. The
decider then reads it, runs its service's rules in the pool (each within its budget) holding
no unit of work (on SQLite a unit of work is the database's one writer, and a slow rule must
not hold up every other request), and writes the decision in a second unit of work, if the
application is still evaluating. Commits wake it; it also polls, so an application left
evaluating by a crash or a lost wake-up is decided later.
"""

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator

from application_service.applications import domain, repository
from application_service.applications.states import State
from application_service.catalog import repository as catalog
from application_service.catalog import rule_budget
from application_service.catalog.rule_budget import RulePool
from application_service.settings import ApplicationSettings
from panjereh.db.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


class Decider:
    """Decides evaluating applications, as many at once as the pool has workers."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, pool: RulePool, *, poll_seconds: float, workers: int
    ) -> None:
        self._uow_factory = uow_factory
        self._pool = pool
        self._poll_seconds = poll_seconds
        self._slots = asyncio.Semaphore(workers)
        self._woken = asyncio.Event()
        self._in_flight: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    def wake(self) -> None:
        self._woken.set()

    async def run_forever(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), self._poll_seconds)
            self._woken.clear()
            try:
                await self._start_pending()
            except Exception:
                log.exception("reading the applications to decide failed; trying again")

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _start_pending(self) -> None:
        async with self._uow_factory() as uow:
            pending = await repository.evaluating(uow.session, limit=100)
        for application_id in pending:
            if application_id in self._in_flight:
                continue
            self._in_flight.add(application_id)
            task = asyncio.create_task(self._decide(application_id))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _decide(self, application_id: str) -> None:
        try:
            async with self._slots:
                await decide(self._uow_factory, self._pool, application_id)
        except repository.StaleApplication:
            log.info("application %s changed while its rules ran; left as it is", application_id)
        except Exception:
            log.exception("deciding application %s failed; it is tried again", application_id)
        finally:
            self._in_flight.discard(application_id)


async def decide(uow_factory: UnitOfWorkFactory, pool: RulePool, application_id: str) -> None:
    """Run one evaluating application's rules in the pool, then record its decision."""
    async with uow_factory() as uow:
        app = await repository.get(uow.session, application_id)
        service = await catalog.get(uow.session, app.service_id) if app else None
    if app is None or service is None or app.state is not State.EVALUATING:
        return
    view = domain.view(service)
    failures = await pool.evaluate(view.rules, domain.variables(app, dt.datetime.now(dt.UTC)))
    async with uow_factory() as uow:
        current = await repository.get(uow.session, application_id)
        if current is None or current.state is not State.EVALUATING:
            return  # cancelled meanwhile, or decided by another replica
        facts = domain.decide(current, view, failures, now=dt.datetime.now(dt.UTC))
        await repository.save(uow.session, current)
        for fact in facts:
            uow.emit(fact)
        await uow.commit()


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
    uow_factory: UnitOfWorkFactory, settings: ApplicationSettings
) -> AsyncIterator[Decider]:
    """The rule pool and a decider for the service's lifetime (the decider looks once at
    start: crash recovery)."""
    async with rule_budget.running(
        workers=settings.rule_workers,
        budget_seconds=settings.rule_budget_seconds,
        total_seconds=settings.rule_total_budget_seconds,
        memory_mb=settings.rule_worker_memory_mb,
    ) as pool:
        decider = Decider(
            uow_factory,
            pool,
            poll_seconds=settings.decide_poll_seconds,
            workers=settings.rule_workers,
        )
        _RUNNING.append(decider)
        loop = asyncio.create_task(decider.run_forever())
        decider.wake()
        try:
            yield decider
        finally:
            _RUNNING.remove(decider)
            loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await loop
            await decider.stop()
