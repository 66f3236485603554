"""The fold's SQL on SQLite and PostgreSQL: batches through the real consumer, the merges done
in SQL (earliest inquiry, newest catalogue event), and the race on a new application."""

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Sequence

import pytest
import pytest_asyncio

from compliance_service import domain, handlers
from compliance_service.repository import LostRace
from compliance_service.uow import ComplianceUnitOfWork
from panjereh import consumers, events
from panjereh.bus.base import Delivery
from panjereh.consumers import Received
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from panjereh.db.engine import SessionFactory
from tests.unit.compliance.flows import SERVICE, START, Flow, catalogued

pytestmark = pytest.mark.asyncio
TABLE = handlers.table(freshness_bound_seconds=5.0)
DAY = dt.date(2026, 11, 29)


@pytest_asyncio.fixture
async def sessions(database_url: str) -> AsyncIterator[SessionFactory]:
    engine = db_engine.create_engine(database_url)
    await migrations.upgrade(engine, "compliance_service.migrations")
    try:
        yield db_engine.session_factory(engine)
    finally:
        await engine.dispose()


def uow(sessions: SessionFactory) -> ComplianceUnitOfWork:
    return ComplianceUnitOfWork(sessions, source="/test")


def deliveries(items: Sequence[Received[events.Event]]) -> list[Delivery]:
    return [
        Delivery(i.event.topic, 0, n, i.envelope.partitionkey, i.envelope.to_json())
        for n, i in enumerate(items)
    ]


async def tallies(sessions: SessionFactory) -> tuple[dict[str, domain.Tally], ...]:
    async with uow(sessions) as reader:
        return await reader.days.tallies(), await reader.facts.recount()


async def test_batches_of_any_size_and_a_replay_give_the_same_tallies(
    sessions: SessionFactory,
) -> None:
    flows = [Flow().smooth(), Flow().smooth(lag_ms=9000.0), Flow().submitted(paper=("copy",))]
    items = sorted((i for f in flows for i in f.items), key=lambda i: type(i.event).topic)
    handle = consumers.consume(TABLE, consumer="compliance", uow_factory=lambda: uow(sessions))

    await handle(deliveries(items[:5]))
    await handle(deliveries(items[5:7]))
    await handle(deliveries(items))  # a redelivery of all: only the rest is new
    for item in deliveries(items):
        await handle([item])  # and once more, one at a time

    days, recount = await tallies(sessions)
    assert days == recount == {SERVICE: domain.Tally(3, (2, 2, 2, 1), (1, 0, 0, 1))}


async def test_the_earliest_inquiry_and_the_newest_catalogue_event_win_in_sql(
    sessions: SessionFactory,
) -> None:
    early, late = Flow(), Flow(clock=START + dt.timedelta(hours=1))
    early.evidence()
    late.evidence()
    newer = catalogued(START + dt.timedelta(hours=1), "Passport (new)", events.ServiceUpdated)
    handle = consumers.consume(TABLE, consumer="compliance", uow_factory=lambda: uow(sessions))

    await handle(deliveries([newer, *late.items]))
    await handle(deliveries([catalogued(START, "Passport"), *early.items]))

    async with uow(sessions) as reader:
        (service,) = await reader.catalogue.services()
        (agency,) = await reader.agencies.infos()
    assert service.name_en == "Passport (new)"
    assert agency.name_en == "Passport police"
    assert agency.first_online_inquiry_at == START  # the early answer's time


@pytest.mark.postgres
async def test_a_new_application_created_by_two_transactions_fails_the_later_one(
    postgres_url: str,
) -> None:
    engine = db_engine.create_engine(postgres_url)
    await migrations.upgrade(engine, "compliance_service.migrations")
    sessions = db_engine.session_factory(engine)
    flow = Flow().submitted()
    try:
        async with uow(sessions) as first, uow(sessions) as second:
            await TABLE.apply(first, flow.items)
            await TABLE.apply(second, flow.items)  # neither sees a row: both start it empty
            await first.flush()
            later = asyncio.create_task(second.commit())  # waits on the first's new row
            await asyncio.sleep(0.2)
            await first.commit()
            with pytest.raises(LostRace):
                await later
        days, _ = await tallies(sessions)
        assert days == {SERVICE: domain.Tally(1, (1, 0, 0, 0), (0, 0, 0, 0))}
    finally:
        await engine.dispose()
