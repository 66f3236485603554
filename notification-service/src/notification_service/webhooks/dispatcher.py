"""The webhook dispatcher: leases due deliveries, POSTs them, records what came of it.

A round leases a batch in one statement and starts one task per delivery; it never waits
for a receiver, so one slow or hanging endpoint holds only its own deliveries (at most
`per_endpoint` in flight each) while the next round leases everyone else's. Finished
attempts go to the recorder, which writes whatever has finished in one short transaction
and then wakes the dispatcher (an application's next event becomes due once the earlier one
is recorded). A dispatcher that dies loses nothing: the leases lapse and the deliveries are
sent again with the same webhook-id, which receivers deduplicate.
"""

import asyncio
import datetime as dt
import json
import logging
import random
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from notification_service import domain, facts
from notification_service.sealing import SecretBox, UnsealableSecret
from notification_service.webhooks import metrics, rules
from notification_service.webhooks.rules import Leased, Result, Settlement
from notification_service.webhooks.schedule import Schedule
from notification_service.webhooks.sender import Sender
from notification_service.webhooks.uow import DispatchUnitOfWork
from panjereh import events
from panjereh.background import Loop

log = logging.getLogger(__name__)
DISABLED_TYPE = "panjereh.webhook.disabled"
SOURCE = "/panjereh/notification-service"
Clock = Callable[[], dt.datetime]
# Leased per receiver: twice its slots, so a slot that frees starts the next POST at once
# instead of after a record and a lease. The second half waits for a slot no longer than
# one POST's timeout, well inside its lease.
LEASED_PER_SLOT = 2


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Policy:
    schedule: Schedule
    per_endpoint: int = 4
    in_flight: int = 100
    batch_size: int = 200
    lease: dt.timedelta = dt.timedelta(seconds=60)
    disable_after: dt.timedelta = dt.timedelta(days=5)


class Dispatcher(Loop):
    def __init__(
        self,
        *,
        uow: Callable[[], DispatchUnitOfWork],
        sender: Sender,
        secrets: SecretBox,
        policy: Policy,
        poll_seconds: float = 1.0,
        clock: Clock = utc_now,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(
            name="webhook-dispatcher", poll_seconds=poll_seconds, coalesce_seconds=0.005
        )
        self._uow = uow
        self._sender = sender
        self._secrets = secrets
        self._policy = policy
        self._clock = clock
        self._rng = rng or random.SystemRandom()
        self._flying: Counter[str] = Counter()  # in flight per subscription
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.recorder = Recorder(uow=uow, policy=policy, on_recorded=self.wake)

    def start(self) -> None:
        self._sender.open()
        self.recorder.start()
        super().start()

    async def stop(self) -> None:
        """No new leases; the attempts in flight end (within the timeout) and are recorded."""
        await super().stop()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.recorder.stop()
        await self.recorder.drain()
        await self._sender.close()

    async def round(self) -> bool:
        room = self._policy.in_flight - sum(self._flying.values())
        if room <= 0:
            return False  # a finishing attempt wakes the next round
        held = self._policy.per_endpoint * LEASED_PER_SLOT
        busy = {key for key, count in self._flying.items() if count >= held}
        limit = min(self._policy.batch_size, room)
        now = self._clock()
        async with self._uow() as uow:
            leased = await uow.dispatch.lease(
                now=now,
                until=now + self._policy.lease,
                limit=limit,
                per_subscription=held,
                busy=busy,
            )
            await uow.commit()
        for delivery in leased:
            self._launch(delivery)
        return len(leased) >= limit

    def _launch(self, delivery: Leased) -> None:
        self._flying[delivery.subscription_id] += 1
        task = asyncio.create_task(self._deliver(delivery), name=f"webhook-{delivery.id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, delivery: Leased) -> None:
        key = delivery.subscription_id
        try:
            async with self._slot(key):
                result = await self._attempt(delivery)
            settlement = rules.settle(
                delivery, result, schedule=self._policy.schedule, now=self._clock(), rng=self._rng
            )
            _observe(settlement)
            self.recorder.add(settlement)
        except Exception:
            # Unrecorded: the lease lapses and the delivery is due again.
            log.exception("webhook delivery %s could not be attempted", delivery.id)
        finally:
            self._flying[key] -= 1
            if self._flying[key] <= 0:
                del self._flying[key]
                self._slots.pop(key, None)
            self.wake()

    async def _attempt(self, delivery: Leased) -> Result:
        try:
            secret = self._secrets.open(
                delivery.secret_ciphertext, subscription_id=delivery.subscription_id
            )
        except UnsealableSecret:
            return Result(
                self._clock(),
                0,
                error="The signing secret does not open with the configured key; nothing was "
                "sent. — کلید امضای این اشتراک با کلید پیکربندی‌شده باز نمی‌شود.",
            )
        return await self._sender.post(delivery, secret=secret)

    def _slot(self, key: str) -> asyncio.Semaphore:
        slot = self._slots.get(key)
        if slot is None:
            slot = self._slots[key] = asyncio.Semaphore(self._policy.per_endpoint)
        return slot


class Recorder(Loop):
    """Writes finished attempts, as many as have finished, in one transaction each round."""

    def __init__(
        self,
        *,
        uow: Callable[[], DispatchUnitOfWork],
        policy: Policy,
        on_recorded: Callable[[], None],
    ) -> None:
        super().__init__(name="webhook-recorder", poll_seconds=1.0, coalesce_seconds=0.002)
        self._uow = uow
        self._policy = policy
        self._on_recorded = on_recorded
        self._pending: list[Settlement] = []

    def add(self, settlement: Settlement) -> None:
        self._pending.append(settlement)
        self.wake()

    async def round(self) -> bool:
        batch, self._pending = self._pending, []
        if not batch:
            return False
        try:
            await self._record(batch)
        except BaseException:
            self._pending[:0] = batch  # kept for the next round (their leases still run)
            raise
        return bool(self._pending)

    async def drain(self) -> None:
        """Record what is left (at shutdown); what cannot be is sent again after its lease."""
        try:
            await self.round()
        except Exception as error:
            log.warning("%s webhook results not recorded at stop: %r", len(self._pending), error)

    async def _record(self, batch: Sequence[Settlement]) -> None:
        failing = _disabling(batch, self._policy.disable_after)
        async with self._uow() as uow:
            await uow.dispatch.record(batch)
            for settlement in batch:
                if settlement.outcome != "failed":
                    uow.emit(_ended(settlement))
            disabled = [s for s in failing if await _disable(uow, s, self._policy.disable_after)]
            uow.after_commit(self._on_recorded)
            await uow.commit()
        for settlement in disabled:
            metrics.DISABLED.inc()
            log.warning(
                "webhook subscription %s of agency %s disabled: every delivery failed since %s",
                settlement.leased.subscription_id,
                settlement.leased.agency_id,
                settlement.leased.failing_since,
            )


def _disabling(batch: Sequence[Settlement], disable_after: dt.timedelta) -> list[Settlement]:
    """One failure per subscription that has failed long enough to be disabled."""
    chosen: dict[str, Settlement] = {}
    for settlement in batch:
        if rules.disables(settlement, disable_after=disable_after):
            chosen.setdefault(settlement.leased.subscription_id, settlement)
    return list(chosen.values())


async def _disable(
    uow: DispatchUnitOfWork, settlement: Settlement, disable_after: dt.timedelta
) -> bool:
    """Disable the subscription, end its open deliveries, and tell the agency through its
    other active subscriptions. False: a success or a deletion came first."""
    leased, now = settlement.leased, settlement.settled_at
    since = leased.failing_since or now
    reason = rules.disabled_reason(since, disable_after)
    agency = await uow.dispatch.disable(
        leased.subscription_id, failing_before=now - disable_after, at=now, reason=reason
    )
    if agency is None:
        return False
    await uow.deliveries.kill_pending(leased.subscription_id, reason=reason, at=now)
    await uow.subscriptions.load_live([agency])
    notice = _disabled_notice(leased, since=since, reason=reason, at=now)
    for other in uow.subscriptions.live_of(agency):
        if other.id != leased.subscription_id:
            uow.deliveries.add(other, notice, now=now)
    return True


def _disabled_notice(
    leased: Leased, *, since: dt.datetime, reason: str, at: dt.datetime
) -> domain.Outgoing:
    event_id = str(
        uuid.uuid5(
            uuid.NAMESPACE_URL, f"panjereh:disabled:{leased.subscription_id}:{at.isoformat()}"
        )
    )
    data = {
        "subscription_id": leased.subscription_id,
        "url": leased.url,
        "failing_since": since.isoformat(),
        "disabled_at": at.isoformat(),
        "reason": reason,
    }
    payload = domain.structured(
        event_id=event_id,
        event_type=DISABLED_TYPE,
        source=SOURCE,
        time=at,
        subject=leased.subscription_id,
        data=data,
        platform_type=None,
    )
    return domain.Outgoing(event_id, DISABLED_TYPE, None, payload)


def _ended(settlement: Settlement) -> events.Event:
    """The fact that a delivery reached its end (acknowledged or dead), for the compliance
    dashboard's webhook tallies; no URL, no body."""
    leased = settlement.leased
    return facts.delivered_fact(
        kind="webhook",
        notification_id=leased.id,
        delivered=settlement.outcome == "succeeded",
        label=leased.event_type,
        attempts=settlement.attempts,
        at=settlement.settled_at,
        since=_event_time(leased),
        application_id=leased.application_id,
        agency_id=leased.agency_id,
    )


def _observe(settlement: Settlement) -> None:
    metrics.DELIVERIES.labels(settlement.outcome).inc()
    metrics.ATTEMPT_LATENCY.observe(settlement.result.duration_ms / 1000)
    if settlement.outcome == "succeeded":
        committed = _event_time(settlement.leased)
        metrics.RECEIPT_LATENCY.observe(
            max(0.0, (settlement.settled_at - committed).total_seconds())
        )


def _event_time(leased: Leased) -> dt.datetime:
    """The CloudEvent's time (when the fact committed upstream), else the delivery's."""
    try:
        stamped = json.loads(leased.payload).get("time")
        return dt.datetime.fromisoformat(stamped) if stamped else leased.created_at
    except (ValueError, TypeError, AttributeError):
        return leased.created_at
