"""The unit of work: the one place that commits, writing collected events to the outbox."""

import asyncio
from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession

from panjereh import context, tracing
from panjereh.db.engine import SessionFactory
from panjereh.events import Event, wrap
from panjereh.outbox import store


class UnitOfWork:
    """Use as `async with uow:`; call `emit` for each fact and `commit` once at the end.

    A service subclasses it to hang its repositories off it (`bind`), so handlers and use
    cases reach the database only through it, and tests can pass a fake one.

    Leaving the block without `commit` rolls everything back, events included. With `serial`
    (SQLite), units of work of one database run one at a time: SQLite has one writer, and
    concurrent writers would otherwise wait in its busy handler, which sleeps in steps of up to
    100 ms, where an asyncio lock hands over at once.
    """

    def __init__(
        self,
        sessions: SessionFactory,
        *,
        source: str,
        on_commit: Callable[[], None] | None = None,
        serial: asyncio.Lock | None = None,
    ) -> None:
        self._sessions = sessions
        self._serial = serial
        self._source = source
        self._on_commit = on_commit
        self._events: list[tuple[Event, str | None, str | None]] = []
        self._after_commit: list[Callable[[], None]] = []
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside `async with`")
        return self._session

    async def __aenter__(self) -> Self:
        if self._serial is not None:
            await self._serial.acquire()
        self._session = self._sessions()
        self._events = []
        self._after_commit = []
        self.bind(self._session)
        return self

    def bind(self, session: AsyncSession) -> None:
        """Attach the service's repositories to this transaction's session (override)."""

    async def flush(self) -> None:
        """Write what the repositories hold in memory, set-based, before commit (override)."""

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.session.rollback()
        finally:
            await self.session.close()
            self._session = None
            if self._serial is not None:
                self._serial.release()

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once this unit of work has committed (e.g. wake a worker)."""
        self._after_commit.append(callback)

    def emit(self, event: Event) -> None:
        """Record a fact to be published if, and only if, this unit of work commits.

        The request's id and trace are taken now: one unit of work may apply a batch of
        events from many requests, and each fact keeps the one that caused it.
        """
        self._events.append((event, context.request_id.get(), tracing.current_traceparent()))

    async def commit(self) -> None:
        """Write the collected events to the outbox and commit them with the state change.

        Only a commit that wrote outbox rows wakes the relay: one that wrote none has nothing
        for it, and an empty relay round costs a transaction.
        """
        await self.flush()
        wrote = bool(self._events)
        if self._events:
            envelopes = [
                wrap(event, source=self._source, request_id=request_id, traceparent=traceparent)
                for event, request_id, traceparent in self._events
            ]
            await store.add(self.session, envelopes)
            self._events = []
        await self.session.commit()
        callbacks = [self._on_commit] if self._on_commit and wrote else []
        for callback in [*callbacks, *self._after_commit]:
            callback()
        self._after_commit = []


UnitOfWorkFactory = Callable[[], UnitOfWork]
"""Makes a fresh unit of work (a service's own subclass, or a fake one in unit tests)."""
