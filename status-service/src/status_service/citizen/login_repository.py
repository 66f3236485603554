"""All SQL of the one-time login codes, and their unit of work."""

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from panjereh.db.engine import as_utc, maybe_utc
from panjereh.db.uow import UnitOfWork
from status_service.citizen.login_domain import Login
from status_service.models import citizen_logins

_COLUMNS = [column.name for column in citizen_logins.columns]


class Logins(Protocol):
    async def get(self, subject: str) -> Login | None:
        """The person's row, locked for this transaction on PostgreSQL (even while there is
        none); SQLite's units of work run one at a time anyway."""

    async def put(self, login: Login) -> None:
        """Write the row (a concurrent first request of the same person: the last wins)."""

    async def due(self, *, now: dt.datetime, limit: int) -> Sequence[Login]:
        """Rows to hand over now: pending and due, or leased by a sender that never came
        back; skipped by concurrent senders on PostgreSQL."""


class SqlLogins:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _postgres(self) -> bool:
        return self._session.get_bind().dialect.name == "postgresql"

    async def get(self, subject: str) -> Login | None:
        query = sa.select(citizen_logins).where(citizen_logins.c.subject == subject)
        if self._postgres():
            # FOR UPDATE locks nothing while the person has no row yet: concurrent first
            # requests would each count as the first of the window. The person's own lock,
            # for this transaction, serialises them too.
            lock = sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(subject, 17))
            await self._session.execute(sa.select(lock))
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
        return _login(row) if row is not None else None

    async def put(self, login: Login) -> None:
        dialect: Any = postgresql if self._postgres() else sqlite
        values = {name: getattr(login, name) for name in _COLUMNS}
        statement = dialect.insert(citizen_logins).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=["subject"],
            set_={name: statement.excluded[name] for name in _COLUMNS if name != "subject"},
        )
        await self._session.execute(statement)

    async def due(self, *, now: dt.datetime, limit: int) -> Sequence[Login]:
        query = (
            sa.select(citizen_logins)
            .where(citizen_logins.c.state.in_(("pending", "handing")))
            .where(citizen_logins.c.next_attempt_at <= now)
            .order_by(citizen_logins.c.next_attempt_at)
            .limit(limit)
        )
        if self._postgres():
            query = query.with_for_update(skip_locked=True)
        return [_login(row) for row in (await self._session.execute(query)).all()]


def _login(row: sa.Row[Any]) -> Login:
    return Login(
        subject=row.subject,
        state=row.state,
        requested_at=as_utc(row.requested_at),
        next_attempt_at=as_utc(row.next_attempt_at),
        window_start=as_utc(row.window_start),
        window_requests=row.window_requests,
        national_code=row.national_code,
        mobile=row.mobile,
        code_digest=row.code_digest,
        expires_at=maybe_utc(row.expires_at),
        tries=row.tries,
        handovers=row.handovers,
    )


class LoginUnitOfWork(UnitOfWork):
    logins: Logins

    def bind(self, session: AsyncSession) -> None:
        self.logins = SqlLogins(session)
