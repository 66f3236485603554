"""A short-lived cache of rendered views: polling clients hit memory, not the database.

A change applied by this replica drops its entry at once (the notifier calls `forget`); a
change applied by another replica is seen within `ttl` seconds. Polling apps are told to poll
every few seconds, so a one-second bound costs them nothing and saves most reads.
"""

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    version: int
    subject: str
    body: bytes | None  # the rendered 200 body, once someone asked for it
    expires: float


class ViewCache:
    def __init__(self, *, ttl: float, max_entries: int = 200_000) -> None:
        self._ttl = ttl
        self._max = max_entries
        self._entries: dict[str, Entry] = {}

    def get(self, tracking_code: str) -> Entry | None:
        entry = self._entries.get(tracking_code)
        if entry is None or entry.expires < time.monotonic():
            return None
        return entry

    def put(
        self, tracking_code: str, *, version: int, subject: str, body: bytes | None = None
    ) -> None:
        if self._ttl <= 0:
            return
        if len(self._entries) >= self._max:
            self._entries.clear()  # crude but bounded: a cold cache only costs reads
        self._entries[tracking_code] = Entry(version, subject, body, time.monotonic() + self._ttl)

    def forget(self, tracking_code: str) -> None:
        self._entries.pop(tracking_code, None)
