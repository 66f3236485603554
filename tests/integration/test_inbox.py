"""The inbox: a redelivered event changes nothing, even when two deliveries race."""

import asyncio

import pytest

from panjereh import consumers, events
from panjereh.bus.base import Delivery
from panjereh.db import engine as db_engine
from panjereh.db.uow import UnitOfWork
from tests.integration.outbox_support import Downstream, bump, prepare, tally
from tests.support import state_changed

pytestmark = pytest.mark.asyncio


def _delivery(event: events.Event, offset: int = 0) -> Delivery:
    envelope = events.wrap(event, source="/test")
    return Delivery(events.APPLICATION, 0, offset, envelope.partitionkey, envelope.to_json())


async def test_a_redelivered_event_is_applied_once(database_url: str) -> None:
    engine = await prepare(database_url)
    try:
        first, second = _delivery(state_changed("a", 1)), _delivery(state_changed("a", 2))
        ids = {first.envelope().id, second.envelope().id}
        handle = Downstream(engine, wanted=ids).handler()
        for delivery in (first, first, second, first, second):
            await handle([delivery])
        assert await tally(engine, "applied") == 2
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_racing_deliveries_of_one_event_apply_it_once(postgres_url: str) -> None:
    engine = await prepare(postgres_url)
    try:
        delivery = _delivery(state_changed("race", 1))
        handle = Downstream(engine, wanted={delivery.envelope().id}).handler()
        await asyncio.gather(*(handle([delivery]) for _ in range(8)))
        assert await tally(engine, "applied") == 1
    finally:
        await engine.dispose()


async def test_a_failed_effect_records_nothing_so_the_retry_applies_it(database_url: str) -> None:
    engine = await prepare(database_url)
    try:
        delivery = _delivery(state_changed("flaky", 1))
        attempts = {"n": 0}

        async def fail_once(
            event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork
        ) -> None:
            await bump(uow, "applied")
            attempts["n"] += 1
            if attempts["n"] == 1:
                raise ConnectionError("registry went away mid-handler")

        handle = consumers.idempotent(
            consumer="flaky",
            uow_factory=lambda: UnitOfWork(db_engine.session_factory(engine), source="/test"),
            handlers={events.ApplicationStateChanged: fail_once},
        )
        with pytest.raises(ConnectionError):
            await handle([delivery])
        assert await tally(engine, "applied") == 0, "the failed attempt rolled back"
        await handle([delivery])
        await handle([delivery])
        assert await tally(engine, "applied") == 1
    finally:
        await engine.dispose()
