"""A short-lived cache of rendered views: polling clients hit memory, not the database.

A change applied by this replica replaces its entry at once: the projection puts the new
version in after each commit, before it wakes the waiters, so a woken long-poll reads memory,
not the database. A change applied by another replica is seen within `ttl` seconds. Versions
only grow: a read that started before a commit and ends after it cannot put the older version
back (a waiter comparing against it would sleep through the change). Polling apps are told to poll
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
    projected: bool = False  # put by this replica's projection: no other write can be newer


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
        self,
        tracking_code: str,
        *,
        version: int,
        subject: str,
        body: bytes | None = None,
        projected: bool = False,
    ) -> None:
        if self._ttl <= 0:
            return
        known = self._entries.get(tracking_code)
        if known is not None and known.version > version:
            return
        if known is not None and known.version == version:
            # The same version learnt again: keep what was rendered, and where it came from.
            body = body if body is not None else known.body
            projected = projected or known.projected
        if len(self._entries) >= self._max:
            self._entries.clear()  # crude but bounded: a cold cache only costs reads
        expires = time.monotonic() + self._ttl
        self._entries[tracking_code] = Entry(version, subject, body, expires, projected)
