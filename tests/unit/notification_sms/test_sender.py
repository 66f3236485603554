"""The sender with fakes: Shahkar first, then send, hold, retry or give up; events for each."""

import dataclasses
import datetime as dt
import random

import pytest

from notification_service.sealing import SecretBox
from notification_service.sms import handlers, quiet
from notification_service.sms.providers import ProviderError
from notification_service.sms.sender import SmsSender
from panjereh import events
from tests.unit.notification_sms import events_for_tests as ev
from tests.unit.notification_sms.fakes import FakeProvider, FakeShahkar, Units

pytestmark = pytest.mark.asyncio
BOX = SecretBox("a-key-for-unit-tests-only")
MISMATCH_CODE = "0063927187"


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@dataclasses.dataclass
class World:
    units: Units
    provider: FakeProvider
    shahkar: FakeShahkar
    clock: Clock
    sender: SmsSender

    async def consume(self, *batch: events.Event) -> None:
        uow = self.units()
        table = handlers.table(box=BOX, public_base_url="https://p.example", clock=self.clock)
        async with uow:
            await table.apply(uow, [ev.received(e) for e in batch])
            await uow.commit()

    def statuses(self) -> list[tuple[str, str, str]]:
        return [(m.application_id, m.state, m.status) for m in self.units.store.messages.values()]


@pytest.fixture
def world() -> World:
    units, provider, clock = Units(), FakeProvider(), Clock(ev.T0)
    shahkar = FakeShahkar({(MISMATCH_CODE, ev.MOBILE): "mismatch"})
    sender = SmsSender(
        uow=units,
        provider=provider,
        shahkar=shahkar,
        box=BOX,
        quiet=quiet.QuietHours(),
        batch=50,
        concurrency=4,
        poll_seconds=1,
        clock=clock,
        rng=random.Random(7),
    )
    return World(units, provider, shahkar, clock, sender)


async def test_a_confirmed_mobile_gets_its_messages_in_order(world: World) -> None:
    await world.consume(ev.submitted("a1"), ev.decided("a1"))
    assert await world.sender.round() is False  # fewer than a batch: nothing more waits
    assert [(to, ref) for to, _, ref in world.provider.sent] == [
        (ev.MOBILE, m.id) for m in world.units.store.messages.values()
    ]
    assert world.statuses() == [("a1", "submitted", "sent"), ("a1", "approved", "sent")]
    assert world.shahkar.asked == [(ev.NATIONAL_CODE, ev.MOBILE)]
    delivered = [e for e in world.units.emitted if isinstance(e, events.NotificationDelivered)]
    assert [(e.kind, e.outcome, e.label) for e in delivered] == [
        ("sms", "delivered", "submitted"),
        ("sms", "delivered", "approved"),
    ]


async def test_shahkar_is_asked_once_per_application_and_the_code_then_erased(world: World) -> None:
    await world.consume(ev.submitted("a1"))
    await world.sender.round()
    await world.consume(ev.decided("a1"))
    await world.sender.round()
    assert len(world.shahkar.asked) == 1
    confirmation = world.units.store.confirmations["a1"]
    assert confirmation.outcome == "confirmed" and confirmation.national_code_ciphertext is None


async def test_a_mobile_shahkar_does_not_confirm_gets_nothing_and_the_status_is_told(
    world: World,
) -> None:
    await world.consume(ev.submitted("m1", national_code=MISMATCH_CODE), ev.decided("m1"))
    await world.sender.round()
    assert world.provider.sent == []
    assert world.statuses() == [("m1", "submitted", "not_sent"), ("m1", "approved", "not_sent")]
    told = [e for e in world.units.emitted if isinstance(e, events.NotificationSmsNotSent)]
    assert [(e.application_id, e.reason.code) for e in told] == [
        ("m1", "mobile_not_confirmed"),
        ("m1", "mobile_not_confirmed"),
    ]
    assert told[0].tracking_code == ev.tracking("m1") and told[0].reason.fa
    assert world.units.store.confirmations["m1"].national_code_ciphertext is None


async def test_no_mobile_means_no_shahkar_question_and_no_message(world: World) -> None:
    await world.consume(ev.submitted("n1", mobile=None))
    await world.sender.round()
    assert world.shahkar.asked == [] and world.provider.sent == []
    (told,) = [e for e in world.units.emitted if isinstance(e, events.NotificationSmsNotSent)]
    assert told.reason.code == "no_mobile"


async def test_an_event_whose_submission_was_never_seen_is_not_sent_either(world: World) -> None:
    await world.consume(ev.decided("old"))
    await world.sender.round()
    assert world.statuses() == [("old", "approved", "not_sent")]


async def test_while_shahkar_is_unavailable_the_message_waits_and_goes_later(world: World) -> None:
    world.shahkar.answers[(ev.NATIONAL_CODE, ev.MOBILE)] = "unavailable"
    await world.consume(ev.submitted("a1"))
    await world.sender.round()
    (message,) = world.units.store.messages.values()
    assert message.status == "queued" and message.next_attempt_at > ev.T0
    assert world.units.store.confirmations["a1"].national_code_ciphertext is not None
    world.shahkar.answers.clear()
    world.clock.now = message.next_attempt_at
    await world.sender.round()
    assert world.statuses() == [("a1", "submitted", "sent")]


async def test_a_transient_provider_error_is_retried_and_a_permanent_one_fails(
    world: World,
) -> None:
    world.provider.failures = [
        ProviderError("provider answered 503", transient=True),
        ProviderError("provider answered 400", transient=False),
    ]
    await world.consume(ev.submitted("a1"), ev.submitted("a2"))
    await world.sender.round()
    assert world.statuses() == [("a1", "submitted", "queued"), ("a2", "submitted", "failed")]
    retry = world.units.store.messages[next(iter(world.units.store.messages))]
    assert retry.attempts == 1 and retry.reason == "provider answered 503"
    world.clock.now = retry.next_attempt_at
    await world.sender.round()
    assert world.statuses() == [("a1", "submitted", "sent"), ("a2", "submitted", "failed")]


async def test_a_later_message_waits_behind_an_earlier_one_being_retried(world: World) -> None:
    world.provider.failures = [ProviderError("provider timed out", transient=True)]
    await world.consume(ev.submitted("a1"), ev.decided("a1"))
    await world.sender.round()
    assert world.statuses() == [("a1", "submitted", "queued"), ("a1", "approved", "queued")]
    assert world.provider.sent == []


async def test_retries_end_after_the_window_as_failed_and_not_sent(world: World) -> None:
    world.provider.failures = [ProviderError("down", transient=True)] * 100
    await world.consume(ev.submitted("a1"))
    for _ in range(60):
        await world.sender.round()
        (message,) = world.units.store.messages.values()
        if message.status != "queued":
            break
        world.clock.now = message.next_attempt_at
    assert message.status == "failed" and message.reason == "delivery_expired: down"
    assert world.clock.now - ev.T0 <= dt.timedelta(hours=6)
    (told,) = [e for e in world.units.emitted if isinstance(e, events.NotificationSmsNotSent)]
    assert told.reason.code == "delivery_expired"


async def test_quiet_hours_hold_a_missed_sla_until_morning_but_not_a_receipt(
    world: World,
) -> None:
    world.clock.now = dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC)  # 23:30 in Tehran
    await world.consume(ev.submitted("a1"), ev.breached("a1"))
    await world.sender.round()
    assert world.statuses() == [
        ("a1", "submitted", "sent"),
        ("a1", "sla_breached", "held_quiet_hours"),
    ]
    morning = dt.datetime(2026, 12, 2, 3, 30, tzinfo=dt.UTC)  # 07:00 in Tehran
    assert (
        world.units.store.messages[list(world.units.store.messages)[1]].next_attempt_at == morning
    )
    world.clock.now = morning - dt.timedelta(minutes=1)
    await world.sender.round()
    assert len(world.provider.sent) == 1
    world.clock.now = morning
    await world.sender.round()
    assert world.statuses()[1] == ("a1", "sla_breached", "sent")


async def test_a_full_batch_says_more_may_wait(world: World) -> None:
    world.sender._batch = 2
    await world.consume(ev.submitted("a1"), ev.submitted("a2"), ev.submitted("a3"))
    assert await world.sender.round() is True
    assert await world.sender.round() is False
    assert len(world.provider.sent) == 3
