"""The applications' SQL on SQLite and PostgreSQL: a batch loaded in one read, written back at
once with its versions checked, and the SLA sweep marking each overdue application once."""

import datetime as dt
from collections.abc import AsyncIterator, Callable

import pytest
import pytest_asyncio

from application_service.applications import domain, repository
from application_service.applications.states import State
from application_service.catalog import seed
from application_service.uow import ApplicationUnitOfWork
from panjereh.db import engine as db_engine
from panjereh.db import migrations

pytestmark = pytest.mark.asyncio
PASSPORT = domain.view(seed.SERVICES[0])
NOT_A_NATIONAL_CODE = "1234567890"  # its check digit fails: the SQL logs may show it
Units = Callable[[], ApplicationUnitOfWork]


@pytest_asyncio.fixture
async def unit(database_url: str) -> AsyncIterator[Units]:
    engine = db_engine.create_engine(database_url)
    await migrations.upgrade(engine, "application_service.migrations")
    sessions = db_engine.session_factory(engine)

    try:
        yield lambda: ApplicationUnitOfWork(sessions, source="/test")
    finally:
        await engine.dispose()


def _new(n: int, *, due: dt.datetime | None = None) -> domain.Application:
    now = dt.datetime.now(dt.UTC)
    app, _ = domain.submit(
        application_id=f"app-{n}",
        tracking_code=f"{n:013d}",
        service=PASSPORT,
        applicant=domain.Applicant(NOT_A_NATIONAL_CODE),
        form={},
        now=now,
    )
    app.sla_due_at = due or app.sla_due_at
    return app


async def _add(unit: Units, *apps: domain.Application) -> None:
    async with unit() as uow:
        for app in apps:
            uow.applications.add(app)
        await uow.commit()


async def test_a_batch_is_read_once_and_written_back_together(
    unit: Units,
) -> None:
    await _add(unit, _new(1), _new(2), _new(3))
    async with unit() as uow:
        await uow.applications.load(["app-3", "app-1", "missing"])
        first, third = await uow.applications.get("app-1"), await uow.applications.get("app-3")
        assert first is not None and third is not None
        assert await uow.applications.get("missing") is None
        for app in (first, third):
            app.move(State.CANCELLED, at=dt.datetime.now(dt.UTC))
            uow.applications.changed(app)
        await uow.commit()
    async with unit() as uow:
        states = {i: (await uow.applications.get(f"app-{i}", lock=False)) for i in (1, 2, 3)}
    assert {i: (a.state, a.version) for i, a in states.items() if a} == {
        1: (State.CANCELLED, 1),
        2: (State.COLLECTING_EVIDENCE, 0),
        3: (State.CANCELLED, 1),
    }


async def test_a_write_over_a_newer_version_is_refused(unit: Units) -> None:
    await _add(unit, _new(1))
    async with unit() as uow:
        stale = await uow.applications.get("app-1", lock=False)
    async with unit() as uow:
        fresh = await uow.applications.get("app-1")
        assert fresh is not None
        uow.applications.changed(fresh)
        await uow.commit()
    assert stale is not None
    async with unit() as uow:
        uow.applications.add(_new(9))  # a write the refusal must roll back too
        await uow.applications.load([])
        sql = uow.applications
        assert isinstance(sql, repository.SqlApplications)
        sql._keep(stale)  # as if read before the other write
        uow.applications.changed(stale)
        with pytest.raises(repository.StaleApplication):
            await uow.commit()
    async with unit() as uow:
        assert await uow.applications.get("app-9", lock=False) is None


async def test_the_sla_sweep_marks_each_overdue_application_once(
    unit: Units,
) -> None:
    past = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    await _add(unit, _new(1, due=past), _new(2, due=past), _new(3))
    async with unit() as uow:
        marked = await uow.applications.mark_overdue(now=dt.datetime.now(dt.UTC), limit=1)
        await uow.commit()
    async with unit() as uow:
        rest = await uow.applications.mark_overdue(now=dt.datetime.now(dt.UTC), limit=10)
        again = await uow.applications.mark_overdue(now=dt.datetime.now(dt.UTC), limit=10)
        await uow.commit()
    assert len(marked) == 1 and len(rest) == 1 and again == []
    assert {marked[0].id, rest[0].id} == {"app-1", "app-2"}
    assert all(app.sla_breached and app.version == 1 for app in (*marked, *rest))
