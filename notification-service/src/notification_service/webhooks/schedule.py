"""When a failed delivery is tried again, and when it is given up.

Exponential steps with full jitter (each retry at a random point between now and the step,
as AWS's "Exponential Backoff And Jitter" recommends: many deliveries failing together,
say on a receiver's outage, spread out instead of returning in waves). Whether a delivery
is dead is decided by the time since its first attempt, not by the number of attempts, so
the retries span the whole window whatever the jitter drew; the last retry is pulled onto
the window's end, so a delivery is tried once more right there before it is dead.
"""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

# 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then every (up to) 3 h: about twenty tries in 26 h.
DEFAULT_STEPS_SECONDS = (5.0, 30.0, 120.0, 600.0, 1800.0, 3600.0, 10800.0)
DEFAULT_GIVE_UP_AFTER = dt.timedelta(hours=26)
# A jittered delay never below this: a retry at once would meet the same failure.
MIN_DELAY_SECONDS = 1.0


@dataclass(frozen=True)
class Schedule:
    steps_seconds: Sequence[float] = DEFAULT_STEPS_SECONDS
    give_up_after: dt.timedelta = DEFAULT_GIVE_UP_AFTER

    def __post_init__(self) -> None:
        if not self.steps_seconds or any(step <= 0 for step in self.steps_seconds):
            raise ValueError("a retry schedule needs positive steps")
        if self.give_up_after <= dt.timedelta(0):
            raise ValueError("a retry schedule needs a positive window")

    def step(self, attempts: int) -> float:
        """The longest wait after the `attempts`-th failed attempt (1-based)."""
        return self.steps_seconds[min(max(attempts, 1), len(self.steps_seconds)) - 1]

    def next_attempt(
        self,
        *,
        attempts: int,
        first_attempt_at: dt.datetime,
        now: dt.datetime,
        rng: random.Random,
    ) -> dt.datetime | None:
        """When to try again after `attempts` failed attempts; None: give up (dead)."""
        deadline = first_attempt_at + self.give_up_after
        if now >= deadline:
            return None
        step = self.step(attempts)
        delay = max(min(MIN_DELAY_SECONDS, step), rng.uniform(0, step))
        return min(now + dt.timedelta(seconds=delay), deadline)
