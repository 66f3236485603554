"""A unit of work with no database, for unit tests of handlers and use cases (cosmicpython's
FakeUnitOfWork). A service's fake subclasses it together with the service's own unit of work
and puts in-memory repositories where the real one binds SQL ones."""

from types import TracebackType
from typing import Self

from panjereh.db.uow import UnitOfWork
from panjereh.events import Event


def _no_database() -> None:
    raise AssertionError("a fake unit of work has no database session")


class FakeUnitOfWork(UnitOfWork):
    def __init__(self) -> None:
        super().__init__(_no_database, source="/test/fake")  # type: ignore[arg-type]
        self.emitted: list[Event] = []  # every event committed, in order
        self.commits = 0

    async def __aenter__(self) -> Self:
        self._events, self._after_commit = [], []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._events, self._after_commit = [], []  # not committed: nothing happened

    async def commit(self) -> None:
        await self.flush()
        self.emitted += [event for event, _, _ in self._events]
        self._events = []
        self.commits += 1
        for callback in self._after_commit:
            callback()
        self._after_commit = []
