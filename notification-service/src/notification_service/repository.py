"""All SQL of the subscriptions, the enqueueing of deliveries and the applications' agencies.

(The dispatcher's leasing and updating of deliveries is in webhooks/.)
"""

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from notification_service import domain, ports
from notification_service.models import (
    webhook_applications,
    webhook_attempts,
    webhook_deliveries,
    webhook_subscriptions,
)
from panjereh.db.engine import as_utc, maybe_utc


def _insert(session: AsyncSession, table: sa.Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (PostgreSQL and SQLite alike)."""
    return (postgresql if _is_postgres(session) else sqlite).insert(table)


def _is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


_LIVE = sa.and_(
    webhook_subscriptions.c.status == "active", webhook_subscriptions.c.deleted_at.is_(None)
)


class SqlSubscriptions(ports.Subscriptions):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._live: dict[str, list[domain.Subscription]] = defaultdict(list)

    async def load_live(self, agency_ids: Iterable[str]) -> None:
        """Shared locks on PostgreSQL: a deletion committing meanwhile waits for this batch,
        then marks dead what it enqueued, so no delivery outlives its subscription."""
        wanted = sorted(set(agency_ids) - set(self._live))
        if not wanted:
            return
        c = webhook_subscriptions.c
        query = (
            sa.select(webhook_subscriptions)
            .where(c.agency_id.in_(wanted), _LIVE)
            .order_by(c.agency_id, c.created_at, c.id)
        )
        if _is_postgres(self._session):
            query = query.with_for_update(read=True)
        for agency in wanted:
            self._live[agency] = []
        for row in (await self._session.execute(query)).all():
            self._live[row.agency_id].append(_subscription(row))

    def live_of(self, agency_id: str) -> Sequence[domain.Subscription]:
        return self._live.get(agency_id, ())

    async def add(self, subscription: domain.Subscription) -> None:
        await self._session.execute(
            sa.insert(webhook_subscriptions).values(_subscription_row(subscription))
        )

    async def count_live(self, agency_id: str) -> int:
        c = webhook_subscriptions.c
        query = sa.select(sa.func.count()).where(c.agency_id == agency_id, c.deleted_at.is_(None))
        return int((await self._session.execute(query)).scalar_one())

    async def get(
        self, *, agency_id: str, subscription_id: str, lock: bool = False
    ) -> domain.Subscription | None:
        c = webhook_subscriptions.c
        query = sa.select(webhook_subscriptions).where(
            c.id == subscription_id, c.agency_id == agency_id, c.deleted_at.is_(None)
        )
        if lock and _is_postgres(self._session):
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
        return _subscription(row) if row is not None else None

    async def update(self, subscription: domain.Subscription) -> None:
        await self._session.execute(
            sa.update(webhook_subscriptions)
            .where(webhook_subscriptions.c.id == subscription.id)
            .values(
                url=subscription.url,
                events=list(subscription.events),
                description=subscription.description,
                status=subscription.status,
                disabled_at=subscription.disabled_at,
                disabled_reason=subscription.disabled_reason,
                failing_since=subscription.failing_since,
            )
        )

    async def page(
        self, *, agency_id: str, after: tuple[dt.datetime, str] | None, limit: int
    ) -> Sequence[domain.Subscription]:
        c = webhook_subscriptions.c
        query = sa.select(webhook_subscriptions).where(
            c.agency_id == agency_id, c.deleted_at.is_(None)
        )
        if after is not None:
            query = query.where(sa.tuple_(c.created_at, c.id) < sa.tuple_(*after))
        query = query.order_by(c.created_at.desc(), c.id.desc()).limit(limit)
        return [_subscription(row) for row in (await self._session.execute(query)).all()]

    async def delete(self, subscription_id: str, *, at: dt.datetime) -> None:
        await self._session.execute(
            sa.update(webhook_subscriptions)
            .where(webhook_subscriptions.c.id == subscription_id)
            .values(deleted_at=at)
        )


class SqlDeliveries(ports.Deliveries):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._queued: list[dict[str, Any]] = []

    def add(
        self, subscription: domain.Subscription, event: domain.Outgoing, *, now: dt.datetime
    ) -> str:
        delivery_id = str(uuid.uuid4())
        self._queued.append(
            {
                "id": delivery_id,
                "subscription_id": subscription.id,
                "event_id": event.event_id,
                "event_type": event.event_type,
                "application_id": event.application_id,
                "payload": event.payload,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
        )
        return delivery_id

    async def flush(self) -> int:
        """In the order queued, so `seq` follows the order of the events."""
        if not self._queued:
            return 0
        rows, self._queued = self._queued, []
        insert = _insert(self._session, webhook_deliveries)
        statement = insert.on_conflict_do_nothing(
            index_elements=["subscription_id", "event_id"]
        ).returning(webhook_deliveries.c.seq)
        return len((await self._session.execute(statement, rows)).all())

    async def page(
        self,
        *,
        subscription_id: str,
        status: domain.DeliveryStatus | None,
        before_seq: int | None,
        limit: int,
        application_id: str | None = None,
    ) -> Sequence[domain.Delivery]:
        c = webhook_deliveries.c
        query = sa.select(webhook_deliveries).where(c.subscription_id == subscription_id)
        if status is not None:
            query = query.where(c.status == status)
        if application_id is not None:
            query = query.where(c.application_id == application_id)
        if before_seq is not None:
            query = query.where(c.seq < before_seq)
        query = query.order_by(c.seq.desc()).limit(limit)
        return [_delivery(row) for row in (await self._session.execute(query)).all()]

    async def get(self, *, subscription_id: str, delivery_id: str) -> domain.Delivery | None:
        c = webhook_deliveries.c
        query = sa.select(webhook_deliveries).where(
            c.id == delivery_id, c.subscription_id == subscription_id
        )
        row = (await self._session.execute(query)).first()
        return _delivery(row) if row is not None else None

    async def attempts_of(self, delivery_id: str) -> Sequence[domain.Attempt]:
        c = webhook_attempts.c
        query = sa.select(webhook_attempts).where(c.delivery_id == delivery_id).order_by(c.id)
        return [
            domain.Attempt(
                attempt=row.attempt,
                at=as_utc(row.at),
                response_status=row.response_status,
                error=row.error,
                duration_ms=row.duration_ms,
            )
            for row in (await self._session.execute(query)).all()
        ]

    async def kill_pending(self, subscription_id: str, *, reason: str, at: dt.datetime) -> int:
        c = webhook_deliveries.c
        result = await self._session.execute(
            sa.update(webhook_deliveries)
            .where(c.subscription_id == subscription_id, c.status.in_(("pending", "failed")))
            .values(status="dead", last_error=reason, next_attempt_at=None)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def redeliver(self, delivery_id: str, *, at: dt.datetime) -> None:
        await self._session.execute(
            sa.update(webhook_deliveries)
            .where(webhook_deliveries.c.id == delivery_id)
            # A fresh retry window (the dispatcher's schedule counts from the first attempt
            # after this); the earlier attempts stay in webhook_attempts.
            .values(status="pending", next_attempt_at=at, first_attempt_at=None, leased_until=None)
        )


class SqlApplications(ports.Applications):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._agencies: dict[str, str] = {}
        self._new: dict[str, str] = {}

    async def load(self, application_ids: Iterable[str]) -> None:
        wanted = sorted(set(application_ids) - set(self._agencies))
        if not wanted:
            return
        c = webhook_applications.c
        query = sa.select(c.application_id, c.agency_id).where(c.application_id.in_(wanted))
        for application_id, agency_id in (await self._session.execute(query)).all():
            self._agencies[application_id] = agency_id

    def agency_of(self, application_id: str) -> str | None:
        return self._agencies.get(application_id)

    def remember(self, application_id: str, agency_id: str) -> None:
        if application_id not in self._agencies:
            self._new[application_id] = agency_id
        self._agencies[application_id] = agency_id

    async def flush(self) -> None:
        if not self._new:
            return
        rows = [{"application_id": k, "agency_id": v} for k, v in sorted(self._new.items())]
        self._new = {}
        insert = _insert(self._session, webhook_applications)
        await self._session.execute(insert.on_conflict_do_nothing(), rows)


def _subscription(row: Any) -> domain.Subscription:
    return domain.Subscription(
        id=row.id,
        agency_id=row.agency_id,
        url=row.url,
        events=tuple(row.events),
        description=row.description,
        secret_ciphertext=row.secret_ciphertext,
        status=row.status,
        created_at=as_utc(row.created_at),
        disabled_at=maybe_utc(row.disabled_at),
        disabled_reason=row.disabled_reason,
        failing_since=maybe_utc(row.failing_since),
        deleted_at=maybe_utc(row.deleted_at),
    )


def _subscription_row(subscription: domain.Subscription) -> dict[str, Any]:
    return {
        "id": subscription.id,
        "agency_id": subscription.agency_id,
        "url": subscription.url,
        "events": list(subscription.events),
        "description": subscription.description,
        "secret_ciphertext": subscription.secret_ciphertext,
        "status": subscription.status,
        "created_at": subscription.created_at,
    }


def _delivery(row: Any) -> domain.Delivery:
    return domain.Delivery(
        id=row.id,
        subscription_id=row.subscription_id,
        event_id=row.event_id,
        event_type=row.event_type,
        application_id=row.application_id,
        payload=row.payload,
        status=row.status,
        created_at=as_utc(row.created_at),
        attempts=row.attempts,
        last_response_status=row.last_response_status,
        last_error=row.last_error,
        next_attempt_at=maybe_utc(row.next_attempt_at),
        first_attempt_at=maybe_utc(row.first_attempt_at),
        delivered_at=maybe_utc(row.delivered_at),
        seq=row.seq,
    )
