"""The retry schedule: jittered exponential steps that span the whole window, then dead."""

import datetime as dt
import random

import pytest

from notification_service.webhooks import schedule

START = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def run_to_the_end(plan: schedule.Schedule, rng: random.Random) -> list[dt.datetime]:
    """Every attempt's time, failing each one, until the schedule gives up."""
    attempts, now = [START], START
    while (
        following := plan.next_attempt(
            attempts=len(attempts), first_attempt_at=START, now=now, rng=rng
        )
    ) is not None:
        assert following > now
        attempts.append(following)
        now = following
    return attempts


@pytest.mark.parametrize("seed", range(20))
def test_retries_span_at_least_24_hours_then_give_up(seed: int) -> None:
    attempts = run_to_the_end(schedule.Schedule(), random.Random(seed))
    span = attempts[-1] - attempts[0]
    assert span == schedule.DEFAULT_GIVE_UP_AFTER >= dt.timedelta(hours=24)
    assert 10 <= len(attempts) <= 60  # retried, and never hammered


def test_each_delay_is_drawn_within_its_step() -> None:
    plan = schedule.Schedule()
    for attempts, step in enumerate(schedule.DEFAULT_STEPS_SECONDS, start=1):
        for value, expected in ((0.0, 1.0), (0.5, step / 2), (1.0, step)):
            rng = FixedRandom(value)
            got = plan.next_attempt(attempts=attempts, first_attempt_at=START, now=START, rng=rng)
            assert got == START + dt.timedelta(seconds=max(expected, 1.0))
    # Past the steps, the last one repeats.
    assert plan.step(50) == schedule.DEFAULT_STEPS_SECONDS[-1]


def test_the_last_retry_lands_on_the_window_end() -> None:
    plan = schedule.Schedule((100.0,), dt.timedelta(seconds=150))
    now = START + dt.timedelta(seconds=120)
    got = plan.next_attempt(attempts=3, first_attempt_at=START, now=now, rng=FixedRandom(1.0))
    assert got == START + dt.timedelta(seconds=150)
    end = START + dt.timedelta(seconds=150)
    assert (
        plan.next_attempt(attempts=4, first_attempt_at=START, now=end, rng=FixedRandom(1.0)) is None
    )


@pytest.mark.parametrize(
    ("steps", "window"),
    [((), dt.timedelta(hours=1)), ((0.0,), dt.timedelta(hours=1)), ((5.0,), dt.timedelta(0))],
)
def test_a_schedule_that_cannot_retry_is_refused(
    steps: tuple[float, ...], window: dt.timedelta
) -> None:
    with pytest.raises(ValueError, match="retry schedule"):
        schedule.Schedule(steps, window)


class FixedRandom(random.Random):
    """Draws the same fraction of the interval every time."""

    def __init__(self, fraction: float) -> None:
        super().__init__(0)
        self.fraction = fraction

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.fraction
