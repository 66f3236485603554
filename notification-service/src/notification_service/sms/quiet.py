"""Quiet hours (pure): which messages wait for the morning, and until when.

By default 22:00–07:00, Tehran time. A message that answers something the applicant
just did or is waiting for goes at once, at any hour: the submission receipt, the decision
(approved or rejected: an automatic decision follows the submission within seconds) and the
failure (the application's end). What the applicant did not cause and need not read at night
waits for the morning: a cancellation (done by the agency) and a missed SLA (the sweep finds
those at any hour, often in bulk).
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from notification_service.sms.templates import SmsState

TEHRAN = ZoneInfo("Asia/Tehran")
HELD_IN_QUIET_HOURS: frozenset[SmsState] = frozenset({"cancelled", "sla_breached"})


@dataclass(frozen=True)
class QuietHours:
    """A nightly window (start to end, wall-clock in `zone`) in which non-urgent SMS wait."""

    start: dt.time = dt.time(22, 0)
    end: dt.time = dt.time(7, 0)
    zone: ZoneInfo = TEHRAN

    def release_at(self, now: dt.datetime) -> dt.datetime | None:
        """When a held message may go, or None if `now` is outside the window."""
        local = now.astimezone(self.zone)
        clock = local.time().replace(tzinfo=None)
        if self.start == self.end:
            return None
        crosses_midnight = self.start > self.end
        inside = (
            (clock >= self.start or clock < self.end)
            if crosses_midnight
            else self.start <= clock < self.end
        )
        if not inside:
            return None
        day = local.date()
        if crosses_midnight and clock >= self.start:
            day += dt.timedelta(days=1)
        return dt.datetime.combine(day, self.end, tzinfo=self.zone).astimezone(dt.UTC)


def parse_window(text: str) -> tuple[dt.time, dt.time]:
    """`22:00-07:00` as its two times (ValueError otherwise)."""
    start, sep, end = text.replace("–", "-").partition("-")
    if not sep:
        raise ValueError("quiet hours are written HH:MM-HH:MM")
    return dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())


def held_until(state: SmsState, *, now: dt.datetime, window: QuietHours) -> dt.datetime | None:
    """When a message of `state` may go if now is quiet time and it is not urgent; else None."""
    if state not in HELD_IN_QUIET_HOURS:
        return None
    return window.release_at(now)
