"""Use cases of the subscription API: each runs in one unit of work, which commits."""

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from notification_service import domain, sealing
from notification_service.uow import NotificationUnitOfWork
from panjereh.db import errors as db_errors
from panjereh.problems import ProblemError

UowFactory = Callable[[], NotificationUnitOfWork]
UrlCheck = Callable[[str], Awaitable[None]]
"""Raises a 422 ProblemError for a URL webhooks may not go to (webhooks/ssrf.py)."""
DELETED = "subscription deleted"
T = TypeVar("T")
_ATTEMPTS = 3


@dataclass(frozen=True)
class Subscribed:
    subscription: domain.Subscription
    secret: str  # the one time it is seen in the clear


async def subscribe(
    uows: UowFactory,
    box: sealing.SecretBox,
    *,
    agency_id: str,
    url: str,
    event_types: Sequence[str],
    description: str | None,
    check_url: UrlCheck,
) -> Subscribed:
    """A new active subscription with a fresh signing secret, stored only sealed."""
    chosen = await _checked(url, event_types, check_url)
    subscription_id = str(uuid.uuid4())
    secret = sealing.new_signing_secret()
    subscription = domain.Subscription(
        id=subscription_id,
        agency_id=agency_id,
        url=url,
        events=chosen,
        description=description,
        secret_ciphertext=box.seal(secret, subscription_id=subscription_id),
        status="active",
        created_at=_now(),
    )
    async with uows() as uow:
        domain.room_for_another(await uow.subscriptions.count_live(agency_id))
        await uow.subscriptions.add(subscription)
        await uow.commit()
    return Subscribed(subscription, secret)


async def change(
    uows: UowFactory,
    *,
    agency_id: str,
    subscription_id: str,
    url: str | None,
    event_types: Sequence[str] | None,
    description: str | None,
    status: domain.SubscriptionStatus | None,
    check_url: UrlCheck,
) -> domain.Subscription:
    """The agency's changes to its subscription (a new URL passes the guard first); turned
    off, what it still had to send is dead (redeliverable)."""
    chosen = await _checked(url, event_types, check_url)

    async def apply() -> domain.Subscription:
        async with uows() as uow:
            current = await _own(uow, agency_id, subscription_id, lock=True)
            updated = domain.changed(
                current,
                url=url,
                events=chosen if event_types is not None else None,
                description=description,
                status=status,
                now=_now(),
            )
            await uow.subscriptions.update(updated)
            if current.status == "active" and updated.status == "disabled":
                # Paused means nothing goes out; the agency redelivers what it wants once on.
                at = updated.disabled_at or _now()
                await uow.deliveries.kill_pending(
                    subscription_id, reason=domain.DISABLED_BY_AGENCY, at=at
                )
            await uow.commit()
        return updated

    return await _again_if_deadlocked(apply)


async def unsubscribe(uows: UowFactory, *, agency_id: str, subscription_id: str) -> None:
    """Soft delete (its deliveries stay in the log); what was still to be sent is dead."""

    async def apply() -> None:
        async with uows() as uow:
            await _own(uow, agency_id, subscription_id, lock=True)
            now = _now()
            await uow.subscriptions.delete(subscription_id, at=now)
            await uow.deliveries.kill_pending(subscription_id, reason=DELETED, at=now)
            await uow.commit()

    await _again_if_deadlocked(apply)


async def send_test(uows: UowFactory, *, agency_id: str, subscription_id: str) -> str:
    """Queue a `panjereh.webhook.test` delivery through the same pipeline; its id."""
    async with uows() as uow:
        subscription = await _own(uow, agency_id, subscription_id)
        now = _now()
        ping = domain.test_event(subscription_id=subscription.id, agency_id=agency_id, now=now)
        delivery_id = uow.deliveries.add(subscription, ping, now=now)
        await uow.commit()
    return delivery_id


async def redeliver(
    uows: UowFactory, *, agency_id: str, subscription_id: str, delivery_id: str
) -> domain.Delivery:
    """A finished delivery (dead, failed or succeeded) pending again, due now; 409 if pending."""
    async with uows() as uow:
        await _own(uow, agency_id, subscription_id)
        delivery = await _delivery(uow, subscription_id, delivery_id)
        domain.redeliverable(delivery)
        await uow.deliveries.redeliver(delivery_id, at=_now())
        uow.after_commit(uow.signals.deliveries_due)
        await uow.commit()
        return await _delivery(uow, subscription_id, delivery_id)


async def subscription_of(
    uows: UowFactory, *, agency_id: str, subscription_id: str
) -> domain.Subscription:
    async with uows() as uow:
        return await _own(uow, agency_id, subscription_id)


async def subscriptions_page(
    uows: UowFactory, *, agency_id: str, after: tuple[dt.datetime, str] | None, limit: int
) -> Sequence[domain.Subscription]:
    async with uows() as uow:
        return await uow.subscriptions.page(agency_id=agency_id, after=after, limit=limit)


async def deliveries_page(
    uows: UowFactory,
    *,
    agency_id: str,
    subscription_id: str,
    status: domain.DeliveryStatus | None,
    before_seq: int | None,
    limit: int,
    application_id: str | None = None,
) -> Sequence[domain.Delivery]:
    async with uows() as uow:
        await _own(uow, agency_id, subscription_id)
        return await uow.deliveries.page(
            subscription_id=subscription_id,
            status=status,
            before_seq=before_seq,
            limit=limit,
            application_id=application_id,
        )


async def delivery_with_attempts(
    uows: UowFactory, *, agency_id: str, subscription_id: str, delivery_id: str
) -> tuple[domain.Delivery, Sequence[domain.Attempt]]:
    async with uows() as uow:
        await _own(uow, agency_id, subscription_id)
        delivery = await _delivery(uow, subscription_id, delivery_id)
        return delivery, await uow.deliveries.attempts_of(delivery_id)


async def _again_if_deadlocked(apply: Callable[[], Awaitable[T]]) -> T:
    """`apply` again if PostgreSQL made it a deadlock's victim: it locks the subscription,
    then its open deliveries, while the dispatcher records an attempt by locking a delivery,
    then its subscription. (The dispatcher's round, if it is the victim, is retried too.)"""
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            return await apply()
        except DBAPIError as error:
            if attempt == _ATTEMPTS or not db_errors.conflicted(error):
                raise
    raise AssertionError("unreachable")


async def _checked(
    url: str | None, event_types: Sequence[str] | None, check_url: UrlCheck
) -> tuple[str, ...]:
    """The chosen types (none if not given), once the URL and the types given are valid;
    else one 422 naming every bad field."""
    problems: list[ProblemError] = []
    chosen: tuple[str, ...] = ()
    if url is not None:
        try:
            await check_url(url)
        except ProblemError as problem:
            problems.append(problem)
        except UnicodeError:  # a host name IDNA cannot encode (an empty or 64+ letter label)
            problems.append(
                domain.invalid(
                    "url",
                    "The URL's host name is not a valid domain name.",
                    "نام میزبانِ نشانی یک نام دامنه معتبر نیست.",
                )
            )
    if event_types is not None:
        try:
            chosen = domain.chosen_event_types(event_types)
        except ProblemError as problem:
            problems.append(problem)
    if not problems:
        return chosen
    first = problems[0]
    first.errors = [error for problem in problems for error in problem.errors]
    raise first


async def _own(
    uow: NotificationUnitOfWork, agency_id: str, subscription_id: str, *, lock: bool = False
) -> domain.Subscription:
    subscription = await uow.subscriptions.get(
        agency_id=agency_id, subscription_id=subscription_id, lock=lock
    )
    if subscription is None:
        raise domain.not_found("webhook subscription", "اشتراک وب‌هوک")
    return subscription


async def _delivery(
    uow: NotificationUnitOfWork, subscription_id: str, delivery_id: str
) -> domain.Delivery:
    delivery = await uow.deliveries.get(subscription_id=subscription_id, delivery_id=delivery_id)
    if delivery is None:
        raise domain.not_found("delivery", "ارسال")
    return delivery


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
