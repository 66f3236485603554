"""The webhook consumer's table with a fake unit of work: which deliveries each batch makes."""

import datetime as dt
import json
import uuid

import pytest

from notification_service import domain, handlers
from notification_service.signals import Signals
from panjereh import events
from panjereh.consumers import Received
from tests.unit.notification.fakes import FakeNotificationUnitOfWork, Store

T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
PASSPORT, TRAFFIC = "passport-police", "traffic-police"


def subscription(
    agency: str, *kinds: str, status: domain.SubscriptionStatus = "active", minute: int = 0
) -> domain.Subscription:
    return domain.Subscription(
        id=f"sub-{agency}-{'-'.join(kinds)}-{status}",
        agency_id=agency,
        url="http://127.0.0.1:9/hook",
        events=kinds,
        description=None,
        secret_ciphertext="v1.sealed",
        status=status,
        created_at=T0 + dt.timedelta(minutes=minute),
    )


def received(event: events.Event) -> Received[events.Event]:
    return Received(event, events.wrap(event, source="/panjereh/application-service", time=T0))


def submitted(app: str, agency: str) -> events.ApplicationSubmitted:
    return events.ApplicationSubmitted(
        application_id=app,
        tracking_code=f"TC-{app}",
        service_id="passport-issuance",
        agency_id=agency,
        national_code="0018392741",
        mobile="09121000001",
        submitted_at=T0,
        sla_due_at=T0 + dt.timedelta(days=2),
        required_evidence=("national-id-card",),
    )


def changed(app: str, to_state: events.ApplicationState) -> events.ApplicationStateChanged:
    return events.ApplicationStateChanged(
        application_id=app, tracking_code=f"TC-{app}", from_state=None, to_state=to_state, at=T0
    )


def decided(app: str, agency: str) -> events.ApplicationDecided:
    return events.ApplicationDecided(
        application_id=app,
        tracking_code=f"TC-{app}",
        service_id="passport-issuance",
        agency_id=agency,
        outcome="approved",
        by="rules",
        decided_at=T0,
    )


async def apply(
    store: Store, *items: Received[events.Event], signals: Signals | None = None
) -> None:
    uow = FakeNotificationUnitOfWork(store, signals)
    async with uow:
        await handlers.table().apply(uow, list(items))
        await uow.commit()


def seeded(*subscriptions: domain.Subscription) -> Store:
    return Store(subscriptions={s.id: s for s in subscriptions})


def kinds(store: Store, sub: domain.Subscription) -> list[tuple[str | None, str]]:
    return [(d.application_id, d.event_type) for d in store.delivered_to(sub.id)]


@pytest.mark.asyncio
async def test_a_batch_of_two_agencies_goes_only_to_each_agencys_matching_subscriptions() -> None:
    everything = subscription(PASSPORT, "*")
    decisions = subscription(PASSPORT, "application.decided", minute=1)
    traffic_new = subscription(TRAFFIC, "application.submitted")
    traffic_failed = subscription(TRAFFIC, "application.failed", minute=1)
    store = seeded(everything, decisions, traffic_new, traffic_failed)
    a, b = str(uuid.uuid4()), str(uuid.uuid4())

    await apply(
        store,
        received(submitted(a, PASSPORT)),
        received(submitted(b, TRAFFIC)),
        received(changed(a, "collecting_evidence")),
        received(changed(b, "failed")),
        received(decided(a, PASSPORT)),
    )

    assert kinds(store, everything) == [
        (a, "application.submitted"),
        (a, "application.state_changed"),
        (a, "application.decided"),
    ]
    assert kinds(store, decisions) == [(a, "application.decided")]
    assert kinds(store, traffic_new) == [(b, "application.submitted")]
    assert kinds(store, traffic_failed) == [(b, "application.failed")]
    seqs = [d.seq or 0 for d in store.delivered_to(everything.id)]
    assert seqs == sorted(seqs)  # the order a receiver gets them in
    assert store.live_loads == [[PASSPORT, TRAFFIC]]  # both agencies in one read


@pytest.mark.asyncio
async def test_a_disabled_or_deleted_subscription_gets_nothing() -> None:
    disabled = subscription(PASSPORT, "*", status="disabled")
    deleted = domain.Subscription(
        **{**vars(subscription(PASSPORT, "application.submitted")), "deleted_at": T0}
    )
    store = seeded(disabled, deleted)

    await apply(store, received(submitted(str(uuid.uuid4()), PASSPORT)))

    assert store.deliveries == []


@pytest.mark.asyncio
async def test_a_redelivered_event_makes_no_second_delivery() -> None:
    everything = subscription(PASSPORT, "*")
    store = seeded(everything)
    app = str(uuid.uuid4())
    first = received(submitted(app, PASSPORT))
    failed = received(changed(app, "failed"))

    await apply(store, first, failed, first)  # a copy within the batch
    await apply(store, first, failed)  # and the whole batch again later

    assert kinds(store, everything) == [
        (app, "application.submitted"),
        (app, "application.state_changed"),
        (app, "application.failed"),
    ]


@pytest.mark.asyncio
async def test_a_later_state_change_finds_its_agency_from_the_submission() -> None:
    everything = subscription(PASSPORT, "*")
    other = subscription(TRAFFIC, "*")
    store = seeded(everything, other)
    app = str(uuid.uuid4())

    await apply(store, received(submitted(app, PASSPORT)))
    await apply(store, received(changed(app, "evaluating")))

    assert kinds(store, everything) == [
        (app, "application.submitted"),
        (app, "application.state_changed"),
    ]
    assert store.delivered_to(other.id) == []
    assert store.applications == {app: PASSPORT}


@pytest.mark.asyncio
async def test_a_state_change_of_an_unknown_application_is_sent_nowhere() -> None:
    store = seeded(subscription(PASSPORT, "*"))

    await apply(store, received(changed(str(uuid.uuid4()), "approved")))

    assert store.deliveries == []


@pytest.mark.asyncio
async def test_the_body_is_the_cloudevent_without_the_applicants_identifiers() -> None:
    everything = subscription(PASSPORT, "*")
    store = seeded(everything)
    app = str(uuid.uuid4())
    item = received(submitted(app, PASSPORT))

    await apply(store, item)

    [delivery] = store.delivered_to(everything.id)
    body = json.loads(delivery.payload)
    assert body["specversion"] == "1.0"
    assert body["id"] == item.envelope.id == delivery.event_id
    assert body["type"] == "application.submitted"
    assert body["panjerehtype"] == events.ApplicationSubmitted.type
    assert body["subject"] == app
    assert body["datacontenttype"] == "application/json"
    assert dt.datetime.fromisoformat(body["time"]) == T0
    assert body["data"]["tracking_code"] == f"TC-{app}"
    assert "national_code" not in body["data"]
    assert "mobile" not in body["data"]
    assert "0018392741" not in delivery.payload


@pytest.mark.asyncio
async def test_a_failed_state_change_sent_as_its_own_type_has_an_id_of_its_own() -> None:
    everything = subscription(PASSPORT, "*")
    store = seeded(everything)
    app = str(uuid.uuid4())
    item = received(changed(app, "cancelled"))
    store.applications[app] = PASSPORT

    await apply(store, item)

    state_changed, cancelled = store.delivered_to(everything.id)
    assert state_changed.event_id == item.envelope.id
    assert cancelled.event_type == "application.cancelled"
    assert cancelled.event_id != item.envelope.id
    assert json.loads(cancelled.payload)["id"] == cancelled.event_id


@pytest.mark.asyncio
async def test_the_dispatcher_is_woken_once_new_deliveries_committed_and_not_otherwise() -> None:
    store = seeded(subscription(PASSPORT, "application.decided"))
    signals, woken = Signals(), []
    signals.on_deliveries_due(lambda: woken.append(len(store.deliveries)))
    app = str(uuid.uuid4())

    await apply(store, received(submitted(app, PASSPORT)), signals=signals)
    assert woken == []  # nothing the subscription wants
    await apply(store, received(decided(app, PASSPORT)), signals=signals)
    assert woken == [1]  # after the delivery was written
