"""All SQL of the dispatcher: leasing due deliveries and recording what their attempts did.

A lease is one statement on PostgreSQL: the oldest open delivery of each (subscription,
application), due and not held by a live lease, at most `per_subscription` per receiver,
locked with SKIP LOCKED (rows another dispatcher is taking are left to it) and stamped
`leased_until`. A later event of an application is not even a candidate while an earlier
one is open (pending or failed), so a receiver gets each application's events in order.
Deliveries without an application (test pings, notices) are independent.
"""

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from notification_service.models import webhook_attempts, webhook_deliveries, webhook_subscriptions
from notification_service.webhooks.rules import Leased, Settlement
from panjereh.db.engine import as_utc, maybe_utc

OPEN = ("pending", "failed")
# Candidates are taken from this many times the lease's size of the due deliveries, oldest
# first, so a lease costs a bounded read however long the backlog.
_CANDIDATES_PER_LEASED = 4

_d = webhook_deliveries
_s = webhook_subscriptions


class SqlDispatch:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lease(
        self,
        *,
        now: dt.datetime,
        until: dt.datetime,
        limit: int,
        per_subscription: int,
        busy: Collection[str] = (),
    ) -> list[Leased]:
        """Take up to `limit` due deliveries until `until` (none of the `busy` receivers)."""
        chosen = _chosen(now=now, limit=limit, per_subscription=per_subscription, busy=busy).cte(
            "chosen"
        )
        stamp = (
            sa.update(_d).where(_d.c.seq.in_(sa.select(chosen.c.seq))).values(leased_until=until)
        )
        if self._session.get_bind().dialect.name == "postgresql":
            leased = stamp.returning(*_d.c).cte("leased")
            query = _with_subscription(sa.select(leased), leased)
        else:  # SQLite: one writer, and RETURNING sees only the updated table
            seqs = (await self._session.execute(stamp.returning(_d.c.seq))).scalars().all()
            if not seqs:
                return []
            taken = sa.select(_d).where(_d.c.seq.in_(seqs)).cte("leased")
            query = _with_subscription(sa.select(taken), taken)
        rows = (await self._session.execute(query)).all()
        return sorted((_leased(row) for row in rows), key=lambda leased: leased.seq)

    async def record(self, settlements: Sequence[Settlement]) -> None:
        """Each delivery's new state and its attempt, set-based. A delivery is changed only
        while it is still under this lease and open: if the lease lapsed and another
        dispatcher took it, or the subscription was deleted meanwhile, its state is theirs
        (the attempt is still logged)."""
        if not settlements:
            return
        # Subscriptions before their deliveries, in id order: the order the routes that
        # change a subscription lock them in, so neither waits on the other in a cycle.
        await self._mark_failing(settlements)
        await self._session.execute(
            sa.update(_d)
            .where(
                _d.c.seq == sa.bindparam("b_seq"),
                _d.c.leased_until == sa.bindparam("b_lease"),
                # Not IN: an expanding list cannot go with executemany.
                sa.or_(*(_d.c.status == status for status in OPEN)),
            )
            .values(
                status=sa.bindparam("b_status"),
                attempts=sa.bindparam("b_attempts"),
                last_response_status=sa.bindparam("b_code"),
                last_error=sa.bindparam("b_error"),
                next_attempt_at=sa.bindparam("b_next"),
                first_attempt_at=sa.bindparam("b_first"),
                delivered_at=sa.bindparam("b_delivered"),
                leased_until=None,
            ),
            [_settled_row(s) for s in settlements],
        )
        await self._session.execute(
            sa.insert(webhook_attempts), [_attempt_row(s) for s in settlements]
        )

    async def disable(
        self, subscription_id: str, *, failing_before: dt.datetime, at: dt.datetime, reason: str
    ) -> str | None:
        """Disable the subscription if it is still active and still failing since before
        `failing_before` (a success meanwhile saves it); its agency, or None."""
        c = _s.c
        result = await self._session.execute(
            sa.update(_s)
            .where(
                c.id == subscription_id,
                c.status == "active",
                c.deleted_at.is_(None),
                c.failing_since.is_not(None),
                c.failing_since <= failing_before,
            )
            .values(status="disabled", disabled_at=at, disabled_reason=reason)
            .returning(c.agency_id)
        )
        agency: str | None = result.scalar_one_or_none()
        return agency

    async def _mark_failing(self, settlements: Sequence[Settlement]) -> None:
        """A subscription's last result in the batch sets (a failure, if not set yet) or
        clears (a success) its `failing_since`; a row already so is not written again."""
        last: dict[str, Settlement] = {}
        for settlement in settlements:
            last[settlement.leased.subscription_id] = settlement
        ok = sa.bindparam("b_ok", type_=sa.Boolean())
        await self._session.execute(
            sa.update(_s)
            .where(
                _s.c.id == sa.bindparam("b_id"),
                sa.or_(
                    sa.and_(ok, _s.c.failing_since.is_not(None)),
                    sa.and_(sa.not_(ok), _s.c.failing_since.is_(None)),
                ),
            )
            .values(
                failing_since=sa.case(
                    (ok, sa.null()), else_=sa.bindparam("b_since", type_=_s.c.failing_since.type)
                )
            ),
            [
                {
                    "b_id": key,
                    "b_ok": last[key].outcome == "succeeded",
                    "b_since": last[key].result.started_at,
                }
                for key in sorted(last)
            ],
        )


def _chosen(
    *, now: dt.datetime, limit: int, per_subscription: int, busy: Collection[str]
) -> sa.Select[Any]:
    """The seqs to lease: each (subscription, application)'s oldest open delivery if due."""
    earlier = _d.alias("earlier")
    earlier_open = (
        sa.select(earlier.c.seq)
        .where(
            earlier.c.subscription_id == _d.c.subscription_id,
            earlier.c.application_id == _d.c.application_id,
            earlier.c.seq < _d.c.seq,
            earlier.c.status.in_(OPEN),
        )
        .exists()
    )
    due = sa.and_(
        _d.c.status.in_(OPEN),
        _d.c.next_attempt_at <= now,
        sa.or_(_d.c.leased_until.is_(None), _d.c.leased_until <= now),
    )
    candidates = sa.select(_d.c.seq, _d.c.subscription_id, _d.c.next_attempt_at).where(
        due, sa.or_(_d.c.application_id.is_(None), ~earlier_open)
    )
    if busy:
        candidates = candidates.where(_d.c.subscription_id.not_in(sorted(busy)))
    candidates_cte = (
        candidates.order_by(_d.c.next_attempt_at, _d.c.seq)
        .limit(limit * _CANDIDATES_PER_LEASED)
        .cte("candidates")
    )
    rank = (
        sa.func.row_number()
        .over(
            partition_by=candidates_cte.c.subscription_id,
            order_by=(candidates_cte.c.next_attempt_at, candidates_cte.c.seq),
        )
        .label("rank")
    )
    ranked = sa.select(candidates_cte.c.seq, rank).cte("ranked")
    fair = sa.select(ranked.c.seq).where(ranked.c.rank <= per_subscription)
    # `due` again on the locked row: PostgreSQL re-checks it on the row's latest version,
    # so a delivery another dispatcher leased and committed meanwhile is not taken twice.
    return (
        sa.select(_d.c.seq)
        .where(_d.c.seq.in_(fair), due)
        .order_by(_d.c.next_attempt_at, _d.c.seq)
        .limit(limit)
        .with_for_update(skip_locked=True, of=_d)
    )


def _with_subscription(query: sa.Select[Any], leased: Any) -> sa.Select[Any]:
    return query.add_columns(
        _s.c.agency_id, _s.c.url, _s.c.secret_ciphertext, _s.c.failing_since.label("failing")
    ).join(_s, _s.c.id == leased.c.subscription_id)


def _leased(row: Any) -> Leased:
    return Leased(
        seq=row.seq,
        id=row.id,
        subscription_id=row.subscription_id,
        agency_id=row.agency_id,
        url=row.url,
        secret_ciphertext=row.secret_ciphertext,
        event_id=row.event_id,
        event_type=row.event_type,
        application_id=row.application_id,
        payload=row.payload,
        attempts=row.attempts,
        created_at=as_utc(row.created_at),
        first_attempt_at=maybe_utc(row.first_attempt_at),
        failing_since=maybe_utc(row.failing),
        leased_until=as_utc(row.leased_until),
    )


def _settled_row(settlement: Settlement) -> dict[str, Any]:
    succeeded = settlement.outcome == "succeeded"
    return {
        "b_seq": settlement.leased.seq,
        "b_lease": settlement.leased.leased_until,
        "b_status": settlement.outcome,
        "b_attempts": settlement.attempts,
        "b_code": settlement.result.status,
        "b_error": settlement.error,
        "b_next": settlement.next_attempt_at,
        "b_first": settlement.first_attempt_at,
        "b_delivered": settlement.settled_at if succeeded else None,
    }


def _attempt_row(settlement: Settlement) -> dict[str, Any]:
    return {
        "delivery_id": settlement.leased.id,
        "attempt": settlement.attempts,
        "at": settlement.result.started_at,
        "response_status": settlement.result.status,
        "error": settlement.error,
        "duration_ms": settlement.result.duration_ms,
    }
