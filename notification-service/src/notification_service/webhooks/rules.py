"""What an attempt's result makes of a delivery and its subscription: pure, no I/O.

A 2xx acknowledges (succeeded); anything else (another status, a redirect, a timeout, a
refused address) is a failure retried on the schedule until its window ends (dead). A
subscription whose deliveries have all failed since `failing_since` for `disable_after` is
disabled; any success clears `failing_since`.
"""

import datetime as dt
import random
from dataclasses import dataclass
from typing import Literal

from notification_service.webhooks.schedule import Schedule

Outcome = Literal["succeeded", "failed", "dead"]
MAX_ERROR_LENGTH = 1000


@dataclass(frozen=True)
class Leased:
    """A delivery a dispatcher holds until `leased_until`, with what sending it needs."""

    seq: int
    id: str
    subscription_id: str
    agency_id: str
    url: str
    secret_ciphertext: str
    event_id: str
    event_type: str
    application_id: str | None
    payload: str
    attempts: int
    created_at: dt.datetime
    first_attempt_at: dt.datetime | None
    failing_since: dt.datetime | None
    leased_until: dt.datetime


@dataclass(frozen=True)
class Result:
    """One POST: the receiver's status if it answered, else why there was no answer."""

    started_at: dt.datetime
    duration_ms: int
    status: int | None = None
    error: str | None = None

    @property
    def acknowledged(self) -> bool:
        return self.status is not None and 200 <= self.status < 300 and self.error is None


@dataclass(frozen=True)
class Settlement:
    """A delivery's new state after one attempt (and the attempt, for the log)."""

    leased: Leased
    result: Result
    outcome: Outcome
    attempts: int
    first_attempt_at: dt.datetime
    next_attempt_at: dt.datetime | None
    error: str | None
    settled_at: dt.datetime


def settle(
    leased: Leased, result: Result, *, schedule: Schedule, now: dt.datetime, rng: random.Random
) -> Settlement:
    """The delivery after `result`: succeeded, failed (tried again later) or dead."""
    attempts = leased.attempts + 1
    first = leased.first_attempt_at or result.started_at
    error = None if result.acknowledged else _error_of(result)
    if result.acknowledged:
        outcome: Outcome = "succeeded"
        following = None
    else:
        # Judged at the attempt's start, not its end: an attempt begun inside the window
        # is not the last one because the receiver took its time to fail, so the tries
        # span the whole window (a retry whose time has passed already is due at once).
        following = schedule.next_attempt(
            attempts=attempts, first_attempt_at=first, now=result.started_at, rng=rng
        )
        outcome = "failed" if following is not None else "dead"
    return Settlement(leased, result, outcome, attempts, first, following, error, now)


def disables(settlement: Settlement, *, disable_after: dt.timedelta) -> bool:
    """Whether this failure ends the subscription: it has failed without a success since
    `failing_since`, and that is `disable_after` ago."""
    since = settlement.leased.failing_since
    return (
        settlement.outcome != "succeeded"
        and since is not None
        and settlement.settled_at - since >= disable_after
    )


def disabled_reason(since: dt.datetime, disable_after: dt.timedelta) -> str:
    hours = round(disable_after.total_seconds() / 3600)
    return (
        f"Every delivery failed since {since.isoformat()} ({hours} h or more); the "
        "subscription was disabled. — همه‌ی ارسال‌ها از این زمان ناموفق بوده‌اند و اشتراک "
        "غیرفعال شد."
    )


def _error_of(result: Result) -> str:
    text = result.error or f"the receiver answered {result.status}, not a 2xx"
    return text[:MAX_ERROR_LENGTH]
