"""The notification unit of work with in-memory repositories over a `Store`, which outlives
units of work the way the database does (and keeps UNIQUE(subscription_id, event_id))."""

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from notification_service import domain, ports
from notification_service.signals import Signals
from notification_service.uow import NotificationUnitOfWork
from tests.fakes import FakeUnitOfWork


@dataclass
class Store:
    subscriptions: dict[str, domain.Subscription] = field(default_factory=dict)
    deliveries: list[domain.Delivery] = field(default_factory=list)  # in seq order
    attempts: dict[str, list[domain.Attempt]] = field(default_factory=dict)
    applications: dict[str, str] = field(default_factory=dict)
    seq: "itertools.count[int]" = field(default_factory=lambda: itertools.count(1))
    live_loads: list[list[str]] = field(default_factory=list)  # each load_live's agencies

    def delivered_to(self, subscription_id: str) -> list[domain.Delivery]:
        return [d for d in self.deliveries if d.subscription_id == subscription_id]

    def set_status(self, delivery_id: str, status: domain.DeliveryStatus) -> None:
        """What the dispatcher would do (webhooks/), for the use cases' tests."""
        for index, d in enumerate(self.deliveries):
            if d.id == delivery_id:
                self.deliveries[index] = dataclasses.replace(d, status=status)


class InMemorySubscriptions(ports.Subscriptions):
    def __init__(self, store: Store) -> None:
        self.store = store
        self._live: dict[str, list[domain.Subscription]] = {}

    async def load_live(self, agency_ids: Iterable[str]) -> None:
        wanted = sorted(set(agency_ids) - set(self._live))
        if not wanted:
            return
        self.store.live_loads.append(wanted)
        for agency in wanted:
            self._live[agency] = sorted(
                (
                    s
                    for s in self.store.subscriptions.values()
                    if s.agency_id == agency and s.status == "active" and s.deleted_at is None
                ),
                key=lambda s: (s.created_at, s.id),
            )

    def live_of(self, agency_id: str) -> Sequence[domain.Subscription]:
        return self._live.get(agency_id, ())

    async def add(self, subscription: domain.Subscription) -> None:
        self.store.subscriptions[subscription.id] = subscription

    async def count_live(self, agency_id: str) -> int:
        return sum(
            1
            for s in self.store.subscriptions.values()
            if s.agency_id == agency_id and s.deleted_at is None
        )

    async def get(
        self, *, agency_id: str, subscription_id: str, lock: bool = False
    ) -> domain.Subscription | None:
        found = self.store.subscriptions.get(subscription_id)
        if found is None or found.agency_id != agency_id or found.deleted_at is not None:
            return None
        return found

    async def update(self, subscription: domain.Subscription) -> None:
        self.store.subscriptions[subscription.id] = subscription

    async def page(
        self, *, agency_id: str, after: tuple[dt.datetime, str] | None, limit: int
    ) -> Sequence[domain.Subscription]:
        mine = [
            s
            for s in self.store.subscriptions.values()
            if s.agency_id == agency_id and s.deleted_at is None
        ]
        mine.sort(key=lambda s: (s.created_at, s.id), reverse=True)
        if after is not None:
            mine = [s for s in mine if (s.created_at, s.id) < after]
        return mine[:limit]

    async def delete(self, subscription_id: str, *, at: dt.datetime) -> None:
        found = self.store.subscriptions[subscription_id]
        self.store.subscriptions[subscription_id] = dataclasses.replace(found, deleted_at=at)


class InMemoryDeliveries(ports.Deliveries):
    def __init__(self, store: Store) -> None:
        self.store = store
        self._queued: list[domain.Delivery] = []

    def add(
        self, subscription: domain.Subscription, event: domain.Outgoing, *, now: dt.datetime
    ) -> str:
        delivery_id = f"delivery-{len(self.store.deliveries) + len(self._queued) + 1}"
        self._queued.append(
            domain.Delivery(
                id=delivery_id,
                subscription_id=subscription.id,
                event_id=event.event_id,
                event_type=event.event_type,
                application_id=event.application_id,
                payload=event.payload,
                status="pending",
                created_at=now,
                next_attempt_at=now,
            )
        )
        return delivery_id

    async def flush(self) -> int:
        queued, self._queued = self._queued, []
        taken = {(d.subscription_id, d.event_id) for d in self.store.deliveries}
        new = 0
        for delivery in queued:
            if (delivery.subscription_id, delivery.event_id) in taken:
                continue  # ON CONFLICT DO NOTHING
            taken.add((delivery.subscription_id, delivery.event_id))
            self.store.deliveries.append(dataclasses.replace(delivery, seq=next(self.store.seq)))
            new += 1
        return new

    async def page(
        self,
        *,
        subscription_id: str,
        status: domain.DeliveryStatus | None,
        before_seq: int | None,
        limit: int,
        application_id: str | None = None,
    ) -> Sequence[domain.Delivery]:
        found = [
            d
            for d in reversed(self.store.deliveries)
            if d.subscription_id == subscription_id
            and (status is None or d.status == status)
            and (application_id is None or d.application_id == application_id)
            and (before_seq is None or (d.seq or 0) < before_seq)
        ]
        return found[:limit]

    async def get(self, *, subscription_id: str, delivery_id: str) -> domain.Delivery | None:
        return next(
            (
                d
                for d in self.store.deliveries
                if d.id == delivery_id and d.subscription_id == subscription_id
            ),
            None,
        )

    async def attempts_of(self, delivery_id: str) -> Sequence[domain.Attempt]:
        return self.store.attempts.get(delivery_id, [])

    async def kill_pending(self, subscription_id: str, *, reason: str, at: dt.datetime) -> int:
        killed = 0
        for index, d in enumerate(self.store.deliveries):
            if d.subscription_id == subscription_id and d.status in ("pending", "failed"):
                self.store.deliveries[index] = dataclasses.replace(
                    d, status="dead", last_error=reason, next_attempt_at=None
                )
                killed += 1
        return killed

    async def redeliver(self, delivery_id: str, *, at: dt.datetime) -> None:
        for index, d in enumerate(self.store.deliveries):
            if d.id == delivery_id:
                self.store.deliveries[index] = dataclasses.replace(
                    d, status="pending", next_attempt_at=at
                )


class InMemoryApplications(ports.Applications):
    def __init__(self, store: Store) -> None:
        self.store = store
        self._agencies: dict[str, str] = {}
        self._new: dict[str, str] = {}

    async def load(self, application_ids: Iterable[str]) -> None:
        for application_id in application_ids:
            if application_id in self.store.applications:
                self._agencies[application_id] = self.store.applications[application_id]

    def agency_of(self, application_id: str) -> str | None:
        return self._agencies.get(application_id)

    def remember(self, application_id: str, agency_id: str) -> None:
        if application_id not in self._agencies:
            self._new[application_id] = agency_id
        self._agencies[application_id] = agency_id

    async def flush(self) -> None:
        for application_id, agency_id in self._new.items():
            self.store.applications.setdefault(application_id, agency_id)
        self._new = {}


class FakeNotificationUnitOfWork(FakeUnitOfWork, NotificationUnitOfWork):
    def __init__(self, store: Store, signals: Signals | None = None) -> None:
        super().__init__()
        self.store = store
        self.signals = signals or Signals()
        self.subscriptions = InMemorySubscriptions(store)
        self.deliveries = InMemoryDeliveries(store)
        self.applications = InMemoryApplications(store)


def factory(store: Store, signals: Signals | None = None) -> "Factory":
    return Factory(store, signals or Signals())


@dataclass
class Factory:
    """Fresh fake units of work over one store (a use case opens its own)."""

    store: Store
    signals: Signals

    def __call__(self) -> FakeNotificationUnitOfWork:
        return FakeNotificationUnitOfWork(self.store, self.signals)
