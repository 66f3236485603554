"""The subscription use cases and rules with a fake unit of work (the routes are tested on
PostgreSQL in tests/integration/notification/test_subscriptions.py)."""

import dataclasses
import json
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError

from notification_service import domain, services
from notification_service.sealing import SecretBox
from notification_service.signals import Signals
from panjereh.problems import FieldError, ProblemError
from tests.unit.notification.fakes import Factory, Store

BOX = SecretBox("a-key-long-enough-for-tests")
PASSPORT = "passport-police"


async def any_url(url: str) -> None:
    return None


async def refuse_every_url(url: str) -> None:
    raise ProblemError(422, "webhook-url-refused", "no", "نه", errors=[FieldError("url", "no")])


def units(signals: Signals | None = None) -> Factory:
    return Factory(Store(), signals or Signals())


async def subscribe(
    uows: Factory, *kinds: str, agency: str = PASSPORT, check: services.UrlCheck = any_url
) -> services.Subscribed:
    return await services.subscribe(
        uows,
        BOX,
        agency_id=agency,
        url="http://127.0.0.1:9/hook",
        event_types=list(kinds),
        description="backend",
        check_url=check,
    )


@pytest.mark.parametrize(
    ("asked", "chosen"),
    [
        (["application.decided", "application.decided"], ("application.decided",)),
        (
            [" application.failed ", "application.submitted"],
            ("application.failed", "application.submitted"),
        ),
        (["application.decided", "*"], ("*",)),
    ],
)
def test_event_types_are_deduplicated_in_order_and_a_wildcard_covers_all(
    asked: list[str], chosen: tuple[str, ...]
) -> None:
    assert domain.chosen_event_types(asked) == chosen


@pytest.mark.parametrize(
    "asked",
    [[], ["application.decided", "evidence.retrieved"], ["ir.gov.panjereh.application.decided.v1"]],
)
def test_no_event_types_or_an_unknown_one_is_a_422_in_both_languages(asked: list[str]) -> None:
    with pytest.raises(ProblemError) as caught:
        domain.chosen_event_types(asked)
    problem = caught.value
    assert problem.status == 422
    assert [e.field for e in problem.errors] == ["events"]
    assert problem.detail_en != problem.detail_fa and "رویداد" in problem.detail_fa


@pytest.mark.parametrize(
    ("versioned", "public"),
    [
        ("ir.gov.panjereh.application.decided.v1", "application.decided"),
        ("ir.gov.panjereh.application.sla_breached.v12", "application.sla_breached"),
        ("ir.gov.panjereh.application.escalated", "application.escalated"),
    ],
)
def test_the_public_type_drops_the_prefix_and_the_version(versioned: str, public: str) -> None:
    assert domain.public_type_of(versioned) == public


@pytest.mark.asyncio
async def test_subscribing_shows_the_secret_once_and_stores_it_only_sealed() -> None:
    uows = units()
    made = await subscribe(uows, "application.decided", "application.decided")

    stored = uows.store.subscriptions[made.subscription.id]
    assert made.secret.startswith("whsec_")
    assert made.secret not in stored.secret_ciphertext
    assert BOX.open(stored.secret_ciphertext, subscription_id=stored.id) == made.secret
    assert stored.events == ("application.decided",)
    assert stored.status == "active"


@pytest.mark.asyncio
async def test_a_bad_url_and_bad_events_are_one_422_naming_both_fields() -> None:
    uows = units()
    with pytest.raises(ProblemError) as caught:
        await subscribe(uows, "nope", check=refuse_every_url)
    assert caught.value.status == 422
    assert [e.field for e in caught.value.errors] == ["url", "events"]
    assert uows.store.subscriptions == {}  # nothing changed


@pytest.mark.asyncio
async def test_another_agencys_subscription_is_not_found_like_a_missing_one() -> None:
    uows = units()
    made = await subscribe(uows, "*")
    for agency, subscription_id in (("traffic-police", made.subscription.id), (PASSPORT, "nope")):
        with pytest.raises(ProblemError) as caught:
            await services.subscription_of(uows, agency_id=agency, subscription_id=subscription_id)
        assert caught.value.status == 404
        with pytest.raises(ProblemError):
            await services.unsubscribe(uows, agency_id=agency, subscription_id=subscription_id)
    assert uows.store.subscriptions[made.subscription.id].deleted_at is None


@pytest.mark.asyncio
async def test_the_test_event_goes_through_the_pipeline_and_wakes_the_dispatcher() -> None:
    signals, woken = Signals(), []
    signals.on_deliveries_due(lambda: woken.append(True))
    uows = units(signals)
    made = await subscribe(uows, "application.decided")

    delivery_id = await services.send_test(
        uows, agency_id=PASSPORT, subscription_id=made.subscription.id
    )

    [delivery] = uows.store.deliveries
    assert delivery.id == delivery_id
    assert (delivery.event_type, delivery.status) == (domain.TEST, "pending")
    body = json.loads(delivery.payload)
    assert body["type"] == domain.TEST and body["id"] == delivery.event_id
    assert woken == [True]


@pytest.mark.asyncio
async def test_deleting_kills_what_was_still_to_be_sent_and_keeps_the_log() -> None:
    uows = units()
    made = await subscribe(uows, "*")
    sub = made.subscription.id
    first = await services.send_test(uows, agency_id=PASSPORT, subscription_id=sub)
    second = await services.send_test(uows, agency_id=PASSPORT, subscription_id=sub)
    uows.store.set_status(second, "succeeded")

    await services.unsubscribe(uows, agency_id=PASSPORT, subscription_id=sub)

    by_id = {d.id: d for d in uows.store.deliveries}
    assert (by_id[first].status, by_id[first].last_error) == ("dead", services.DELETED)
    assert by_id[second].status == "succeeded"
    with pytest.raises(ProblemError):
        await services.subscription_of(uows, agency_id=PASSPORT, subscription_id=sub)


@pytest.mark.asyncio
@pytest.mark.parametrize("finished", ["dead", "failed", "succeeded"])
async def test_a_finished_delivery_is_redelivered_now_and_a_pending_one_is_a_409(
    finished: domain.DeliveryStatus,
) -> None:
    signals, woken = Signals(), []
    signals.on_deliveries_due(lambda: woken.append(True))
    uows = units(signals)
    sub = (await subscribe(uows, "*")).subscription.id
    delivery_id = await services.send_test(uows, agency_id=PASSPORT, subscription_id=sub)

    with pytest.raises(ProblemError) as caught:
        await services.redeliver(
            uows, agency_id=PASSPORT, subscription_id=sub, delivery_id=delivery_id
        )
    assert caught.value.status == 409

    uows.store.set_status(delivery_id, finished)
    again = await services.redeliver(
        uows, agency_id=PASSPORT, subscription_id=sub, delivery_id=delivery_id
    )
    assert again.status == "pending"
    assert len(woken) == 2  # the test event, then the redelivery


async def change(uows: Factory, subscription_id: str, **fields: Any) -> domain.Subscription:
    given: dict[str, Any] = {
        "url": None,
        "event_types": None,
        "description": None,
        "status": None,
        "check_url": any_url,
        **fields,
    }
    return await services.change(uows, agency_id=PASSPORT, subscription_id=subscription_id, **given)


@pytest.mark.asyncio
async def test_a_change_touches_only_the_fields_given() -> None:
    uows = units()
    made = (await subscribe(uows, "application.decided")).subscription

    moved = await change(uows, made.id, url="http://127.0.0.1:10/new")
    retyped = await change(uows, made.id, event_types=["application.failed", "*"])

    assert (moved.url, moved.events, moved.description) == (
        "http://127.0.0.1:10/new",
        ("application.decided",),
        "backend",
    )
    assert (retyped.url, retyped.events) == ("http://127.0.0.1:10/new", ("*",))
    assert uows.store.subscriptions[made.id] == retyped
    assert retyped.secret_ciphertext == made.secret_ciphertext  # the secret stays


@pytest.mark.asyncio
async def test_turned_on_again_a_disabled_subscription_starts_with_a_clean_record() -> None:
    uows = units()
    made = (await subscribe(uows, "*")).subscription
    uows.store.subscriptions[made.id] = dataclasses.replace(
        made,
        status="disabled",
        disabled_at=made.created_at,
        disabled_reason="failing for 5 days",
        failing_since=made.created_at,
    )

    again = await change(uows, made.id, status="active")
    pending = await services.send_test(uows, agency_id=PASSPORT, subscription_id=made.id)
    paused = await change(uows, made.id, status="disabled")

    assert (again.status, again.disabled_at, again.disabled_reason, again.failing_since) == (
        "active",
        None,
        None,
        None,
    )
    assert (paused.status, paused.disabled_reason) == ("disabled", domain.DISABLED_BY_AGENCY)
    [killed] = [d for d in uows.store.deliveries if d.id == pending]
    assert (killed.status, killed.last_error) == ("dead", domain.DISABLED_BY_AGENCY)


@pytest.mark.asyncio
async def test_a_refused_url_in_a_change_changes_nothing() -> None:
    uows = units()
    made = (await subscribe(uows, "*")).subscription
    with pytest.raises(ProblemError) as caught:
        await change(
            uows, made.id, url="http://10.0.0.1/", event_types=[], check_url=refuse_every_url
        )
    assert [e.field for e in caught.value.errors] == ["url", "events"]
    assert uows.store.subscriptions[made.id] == made


@pytest.mark.asyncio
async def test_an_agency_may_have_so_many_subscriptions_and_a_deleted_one_frees_a_place() -> None:
    uows = units()
    made = [await subscribe(uows, "*") for _ in range(domain.MAX_SUBSCRIPTIONS_PER_AGENCY)]
    with pytest.raises(ProblemError) as caught:
        await subscribe(uows, "*")
    assert (caught.value.status, caught.value.code) == (409, "too-many-webhooks")
    assert "۲۰" in caught.value.detail_fa
    await subscribe(uows, "*", agency="traffic-police")  # each agency its own

    await services.unsubscribe(uows, agency_id=PASSPORT, subscription_id=made[0].subscription.id)
    await subscribe(uows, "*")


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _db_error(sqlstate: str) -> DBAPIError:
    return DBAPIError("UPDATE webhook_deliveries …", {}, _PgError(sqlstate))


@pytest.mark.asyncio
@pytest.mark.parametrize("sqlstate", ["40P01", "40001"])
async def test_a_deadlock_victim_is_tried_again(sqlstate: str) -> None:
    calls: list[int] = []

    async def apply() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise _db_error(sqlstate)
        return "done"

    assert await services._again_if_deadlocked(apply) == "done"
    assert len(calls) == 3


@pytest.mark.asyncio
async def test_other_database_errors_and_a_third_deadlock_are_raised() -> None:
    calls: list[str] = []

    async def broken() -> None:
        calls.append("broken")
        raise _db_error("23505")  # a unique violation is no race to retry

    async def locked() -> None:
        calls.append("locked")
        raise _db_error("40P01")

    with pytest.raises(DBAPIError):
        await services._again_if_deadlocked(broken)
    with pytest.raises(DBAPIError):
        await services._again_if_deadlocked(locked)
    assert calls == ["broken", "locked", "locked", "locked"]
