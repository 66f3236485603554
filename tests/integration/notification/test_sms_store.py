"""The SMS store's SQL on SQLite and a real PostgreSQL: one message per application and state,
a lease that hides what it took, a receipt that a late "sent" record does not overwrite."""

import dataclasses
import datetime as dt
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
import pytest_asyncio

from notification_service.sms import domain, templates
from notification_service.sms.uow import SmsUnitOfWork
from panjereh.db import engine as db_engine
from panjereh.db import migrations

pytestmark = pytest.mark.asyncio
T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


@pytest_asyncio.fixture
async def units(database_url: str) -> AsyncIterator[Callable[[], SmsUnitOfWork]]:
    engine = db_engine.create_engine(database_url)
    await migrations.upgrade(engine, "notification_service.migrations")
    sessions = db_engine.session_factory(engine)
    try:
        yield lambda: SmsUnitOfWork(sessions, source="/test")
    finally:
        await engine.dispose()


def message(app: str, state: templates.SmsState = "submitted") -> domain.Message:
    return domain.Message(
        id=str(uuid.uuid4()),
        application_id=app,
        tracking_code="1234567890123",
        state=state,
        template=f"{state}.fa.v1",
        text="متن",
        status="queued",
        next_attempt_at=T0,
        created_at=T0,
    )


async def test_one_message_per_application_and_state_whoever_queues_it(
    units: Callable[[], SmsUnitOfWork],
) -> None:
    for batch in ([message("a1"), message("a1")], [message("a1"), message("a1", "approved")]):
        async with units() as uow:
            for item in batch:
                uow.sms.queue_message(item)
            await uow.commit()
    async with units() as uow:
        leased = await uow.sms.lease_due(now=T0, until=T0, limit=10)
    assert sorted(m.state for m in leased) == ["approved", "submitted"]


async def test_a_lease_hides_its_messages_until_it_ends(units: Callable[[], SmsUnitOfWork]) -> None:
    async with units() as uow:
        uow.sms.queue_message(message("a1"))
        await uow.commit()
    until = T0 + dt.timedelta(minutes=2)
    async with units() as uow:
        assert len(await uow.sms.lease_due(now=T0, until=until, limit=10)) == 1
        await uow.commit()
    async with units() as uow:
        assert (
            await uow.sms.lease_due(now=T0 + dt.timedelta(minutes=1), until=until, limit=10) == []
        )
        assert len(await uow.sms.lease_due(now=until, until=until, limit=10)) == 1


async def test_a_receipt_before_the_sent_record_is_kept(units: Callable[[], SmsUnitOfWork]) -> None:
    queued = message("a1")
    async with units() as uow:
        uow.sms.queue_message(queued)
        await uow.commit()
    async with units() as uow:  # the provider's callback came first
        receipt = await uow.sms.receipt(reference=queued.id, delivered=True, at=T0)
        await uow.commit()
    assert receipt is not None and receipt.status == "delivered"
    sent = dataclasses.replace(queued, status="sent", attempts=1, sent_at=T0)
    async with units() as uow:
        await uow.sms.save_messages([sent])
        await uow.commit()
    async with units() as uow:
        # Still delivered: a "failed" receipt finds no message to fail (it would, were it sent).
        assert await uow.sms.receipt(reference=queued.id, delivered=False, at=T0) is None
        assert await uow.sms.receipt(reference=str(uuid.uuid4()), delivered=True, at=T0) is None
        assert await uow.sms.lease_due(now=T0, until=T0, limit=10) == []  # delivered: not due


async def test_the_sandbox_pages_one_mobiles_messages_in_order(
    units: Callable[[], SmsUnitOfWork],
) -> None:
    async with units() as uow:
        for index in range(3):
            await uow.sms.sandbox_add(
                mobile="09121000001", text=f"t{index}", reference=f"r{index}", at=T0
            )
        await uow.sms.sandbox_add(mobile="09121000001", text="again", reference="r0", at=T0)
        await uow.sms.sandbox_add(mobile="09121000002", text="other", reference="r9", at=T0)
        await uow.commit()
    async with units() as uow:
        first = await uow.sms.sandbox_page(mobile="09121000001", after_seq=0, limit=2)
        rest = await uow.sms.sandbox_page(mobile="09121000001", after_seq=first[-1].seq, limit=2)
    assert [m.text for m in first + list(rest)] == ["t0", "t1", "t2"]
