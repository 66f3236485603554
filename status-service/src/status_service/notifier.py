"""Wakes long-polls and SSE streams the moment a tracking code's view changes (in-process).

Across replicas no extra channel is needed: each replica consumes the bus itself, and its own
projection step wakes its own waiters.

A waiter must be registered *before* the version it compares against is read: a change
committed between a read and the registration would otherwise wake nobody, and the client
would hang for its whole wait (seen as a 10 s tail in the end-to-end benchmark).
"""

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import Iterator


class ChangeNotifier:
    def __init__(self) -> None:
        self._waiters: defaultdict[str, set[asyncio.Event]] = defaultdict(set)

    def notify(self, tracking_code: str) -> None:
        for waiter in self._waiters.pop(tracking_code, set()):
            waiter.set()

    @contextlib.contextmanager
    def watching(self, tracking_code: str) -> Iterator[asyncio.Event]:
        """An event set by the next change of `tracking_code` while the block runs."""
        waiter = asyncio.Event()
        self._waiters[tracking_code].add(waiter)
        try:
            yield waiter
        finally:
            waiters = self._waiters.get(tracking_code)
            if waiters is not None:
                waiters.discard(waiter)
                if not waiters:
                    del self._waiters[tracking_code]


async def changed_within(change: asyncio.Event, seconds: float) -> bool:
    """True if `change` was set within `seconds`."""
    try:
        async with asyncio.timeout(seconds):
            await change.wait()
        return True
    except TimeoutError:
        return False
