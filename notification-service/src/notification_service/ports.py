"""What the handlers and use cases ask of the repositories (SQL in repository.py, in memory
in the unit tests' fakes): one Protocol per repository, so mypy checks both."""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol

from notification_service import domain


class Subscriptions(Protocol):
    async def load_live(self, agency_ids: Iterable[str]) -> None:
        """Load the active subscriptions of these agencies for this unit of work (one read)."""

    def live_of(self, agency_id: str) -> Sequence[domain.Subscription]:
        """An agency's active subscriptions among those `load_live` loaded."""

    async def add(self, subscription: domain.Subscription) -> None: ...

    async def count_live(self, agency_id: str) -> int:
        """How many subscriptions the agency has, deleted ones not counted."""

    async def get(
        self, *, agency_id: str, subscription_id: str, lock: bool = False
    ) -> domain.Subscription | None:
        """The agency's own subscription, unless deleted (another agency's is None too);
        `lock`: held until commit (the dispatcher's updates of it wait)."""

    async def update(self, subscription: domain.Subscription) -> None:
        """Write what the agency may change: url, events, description, status and its
        record (disabled_at, disabled_reason, failing_since)."""

    async def page(
        self, *, agency_id: str, after: tuple[dt.datetime, str] | None, limit: int
    ) -> Sequence[domain.Subscription]:
        """The agency's subscriptions, newest first, after the (created_at, id) given."""

    async def delete(self, subscription_id: str, *, at: dt.datetime) -> None: ...


class Deliveries(Protocol):
    def add(
        self, subscription: domain.Subscription, event: domain.Outgoing, *, now: dt.datetime
    ) -> str:
        """Queue a pending delivery, due now (written at flush; a repeat is no second one);
        the id it will have."""

    async def flush(self) -> int:
        """Write the queued deliveries; how many were new."""

    async def page(
        self,
        *,
        subscription_id: str,
        status: domain.DeliveryStatus | None,
        before_seq: int | None,
        limit: int,
        application_id: str | None = None,
    ) -> Sequence[domain.Delivery]:
        """A subscription's deliveries (of one application if given), newest first (by
        seq), before the seq given."""

    async def get(self, *, subscription_id: str, delivery_id: str) -> domain.Delivery | None: ...

    async def attempts_of(self, delivery_id: str) -> Sequence[domain.Attempt]: ...

    async def kill_pending(self, subscription_id: str, *, reason: str, at: dt.datetime) -> int:
        """Every pending or failed delivery of the subscription dead, with `reason`."""

    async def redeliver(self, delivery_id: str, *, at: dt.datetime) -> None:
        """The delivery pending again, due `at`."""


class Applications(Protocol):
    async def load(self, application_ids: Iterable[str]) -> None:
        """Load which agency each of these applications belongs to (one read)."""

    def agency_of(self, application_id: str) -> str | None: ...

    def remember(self, application_id: str, agency_id: str) -> None:
        """Note an application's agency (written at flush; kept if already known)."""

    async def flush(self) -> None: ...
