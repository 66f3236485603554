"""A background loop for a service's workers (the outbox relay, the evidence worker).

It runs rounds: again at once while a round says more work waits, otherwise when woken or
after a poll interval; a failing round is logged and retried after an exponential backoff.
A loop given a coalescing window waits that long after a wake before its round, so a burst
of wakes (many commits within a few milliseconds) becomes one round instead of one each.
"""

import asyncio
import contextlib
import logging

log = logging.getLogger(__name__)


class Loop:
    def __init__(
        self,
        *,
        name: str,
        poll_seconds: float,
        max_backoff_seconds: float = 15.0,
        coalesce_seconds: float = 0.0,
    ) -> None:
        self.name = name
        self._poll_seconds = poll_seconds
        self._coalesce_seconds = coalesce_seconds
        self._max_backoff = max_backoff_seconds
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def round(self) -> bool:
        """Do one round of work; True if more is probably waiting."""
        raise NotImplementedError

    def failed(self, error: Exception, failures: int) -> None:
        """A round raised (override to count it too)."""
        log.warning("%s round failed (%s in a row): %r", self.name, failures, error)

    def wake(self) -> None:
        """Start the next round now (e.g. new work committed)."""
        self._wake.set()

    def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        """Let the round in flight finish, then stop."""
        self._stopping.set()
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None

    async def _run(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            # Cleared before the round, not before the idle wait: a wake that arrives while
            # a round runs (work committed meanwhile) must start the next round at once.
            self._wake.clear()
            try:
                more = await self.round()
                failures = 0
            except Exception as error:
                failures += 1
                self.failed(error, failures)
                more = False
            if failures:
                # Back off for real, however often work is committed (a broker outage must
                # not turn every commit into a failing round); only a stop cuts it short.
                await self._until_stopped(min(2**failures * self._poll_seconds, self._max_backoff))
            elif not more:
                await self._idle(self._poll_seconds)

    async def _idle(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._wake.wait()
                await self._coalesce()

    async def _coalesce(self) -> None:
        """After a wake, let the wakes of the same burst arrive before the round starts."""
        if self._coalesce_seconds > 0:
            await self._until_stopped(self._coalesce_seconds)

    async def _until_stopped(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._stopping.wait()
