"""The SMS consumer's table with a fake unit of work: which messages each batch queues."""

import pytest

from notification_service.sealing import SecretBox
from notification_service.sms import handlers
from panjereh import digits, events
from panjereh.consumers import HandlerTable
from tests.unit.notification_sms import events_for_tests as ev
from tests.unit.notification_sms.fakes import FakeSmsUnitOfWork, InMemorySmsStore

pytestmark = pytest.mark.asyncio
BOX = SecretBox("a-key-for-unit-tests-only")


def table() -> HandlerTable[FakeSmsUnitOfWork]:
    return handlers.table(box=BOX, public_base_url="https://panjereh.example", clock=lambda: ev.T0)  # type: ignore[return-value]


async def apply(store: InMemorySmsStore, *batch: events.Event) -> FakeSmsUnitOfWork:
    uow = FakeSmsUnitOfWork(store)
    async with uow:
        await table().apply(uow, [ev.received(e) for e in batch])
        await uow.commit()
    return uow


async def test_a_batch_queues_one_message_per_state_the_applicant_is_told_of() -> None:
    store = InMemorySmsStore()
    await apply(
        store,
        ev.submitted("a1"),
        ev.changed("a1", "submitted"),
        ev.changed("a1", "collecting_evidence"),
        ev.decided("a1", "needs_review"),
        ev.decided("a1", "approved"),
        ev.submitted("a2"),
        ev.changed("a2", "failed"),
        ev.submitted("a3"),
        ev.breached("a3"),
        ev.changed("a3", "cancelled"),
    )
    states = [(m.application_id, m.state) for m in store.messages.values()]
    assert states == [
        ("a1", "submitted"),
        ("a1", "approved"),
        ("a2", "submitted"),
        ("a2", "failed"),
        ("a3", "submitted"),
        ("a3", "sla_breached"),
        ("a3", "cancelled"),
    ]
    assert all(m.status == "queued" and m.next_attempt_at == ev.T0 for m in store.messages.values())


async def test_the_text_is_rendered_from_the_event_in_persian_with_the_tracking_code() -> None:
    store = InMemorySmsStore()
    await apply(store, ev.submitted("a1"))
    (message,) = store.messages.values()
    assert digits.to_persian(ev.tracking("a1")) in message.text
    assert "https://panjereh.example/track" in message.text
    assert message.template == "submitted.fa.v1"


async def test_a_redelivered_event_or_a_second_event_of_one_state_queues_nothing_more() -> None:
    store = InMemorySmsStore()
    await apply(store, ev.submitted("a1"), ev.decided("a1"), ev.decided("a1"))
    uow = await apply(store, ev.submitted("a1"), ev.decided("a1"))
    assert [m.state for m in store.messages.values()] == ["submitted", "approved"]
    assert len(store.confirmations) == 1
    assert uow.commits == 1


async def test_the_mobile_and_national_code_are_kept_only_sealed() -> None:
    store = InMemorySmsStore()
    await apply(store, ev.submitted("a1"))
    confirmation = store.confirmations["a1"]
    assert confirmation.outcome == "pending"
    assert confirmation.mobile_masked == "0912***0001"
    sealed = f"{confirmation.mobile_ciphertext} {confirmation.national_code_ciphertext}"
    assert ev.MOBILE not in sealed and ev.NATIONAL_CODE not in sealed
    assert confirmation.mobile_ciphertext is not None
    assert BOX.open(confirmation.mobile_ciphertext, subscription_id="a1") == ev.MOBILE


@pytest.mark.parametrize("mobile", [None, "", "12345", "09121"])
async def test_a_submission_without_a_usable_mobile_is_known_to_have_none(
    mobile: str | None,
) -> None:
    store = InMemorySmsStore()
    await apply(store, ev.submitted("a1", mobile=mobile))
    confirmation = store.confirmations["a1"]
    assert confirmation.outcome == "no_mobile"
    assert confirmation.mobile_ciphertext is None and confirmation.national_code_ciphertext is None
    assert [m.state for m in store.messages.values()] == ["submitted"]  # the sender says why


async def test_a_rejection_names_its_first_reason_when_it_fits() -> None:
    store = InMemorySmsStore()
    reason = events.Reason(code="adult", fa="سن زیر ۱۸ سال.", en="Under 18.")
    await apply(store, ev.decided("a1", "rejected", reasons=(reason,)))
    (message,) = store.messages.values()
    assert message.state == "rejected" and reason.fa in message.text


async def test_new_messages_wake_the_sender_once_committed_and_repeats_do_not() -> None:
    store = InMemorySmsStore()
    woken: list[str] = []

    async def apply_waking(name: str) -> None:
        uow = FakeSmsUnitOfWork(store)
        uow.wake_sender = lambda: woken.append(name)
        async with uow:
            await table().apply(uow, [ev.received(ev.submitted("a1"))])
            assert name not in woken  # not before the commit: the sender would not see it
            await uow.commit()

    await apply_waking("first")
    await apply_waking("repeat")
    assert woken == ["first"]
