"""Wakes between the service's halves, so neither imports the other's internals.

The enqueueing side (the consumer, the test and redeliver routes) says deliveries are due
once its unit of work committed; the dispatcher (webhooks/) listens and starts its round.
"""

from collections.abc import Callable


class Signals:
    def __init__(self) -> None:
        self._deliveries_due: list[Callable[[], None]] = []

    def on_deliveries_due(self, listener: Callable[[], None]) -> None:
        self._deliveries_due.append(listener)

    def deliveries_due(self) -> None:
        for listener in self._deliveries_due:
            listener()
