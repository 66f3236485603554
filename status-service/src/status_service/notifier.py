"""Wakes long-polls and SSE streams the moment a tracking code's view changes (in-process).

Across replicas no extra channel is needed: each replica consumes the bus itself, and its own
projection step wakes its own waiters.
"""

import asyncio
from collections import defaultdict


class ChangeNotifier:
    def __init__(self) -> None:
        self._waiters: defaultdict[str, set[asyncio.Event]] = defaultdict(set)

    def notify(self, tracking_code: str) -> None:
        for waiter in self._waiters.pop(tracking_code, set()):
            waiter.set()

    async def wait(self, tracking_code: str, *, seconds: float) -> bool:
        """True if the view changed within `seconds`."""
        waiter = asyncio.Event()
        self._waiters[tracking_code].add(waiter)
        try:
            async with asyncio.timeout(seconds):
                await waiter.wait()
            return True
        except TimeoutError:
            return False
        finally:
            waiters = self._waiters.get(tracking_code)
            if waiters is not None:
                waiters.discard(waiter)
                if not waiters:
                    del self._waiters[tracking_code]
