"""The registry breaker trips on a failure rate over a window with a minimum of calls."""

import pytest

from inquiry_service.registries.breaker import Breaker, BreakerPolicy, State


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _breaker(**policy: float) -> tuple[Breaker, Clock]:
    clock = Clock()
    values = {"window_seconds": 60, "minimum_calls": 10, "failure_rate": 0.5, "open_seconds": 30}
    return Breaker(BreakerPolicy(**(values | policy)), clock=clock), clock  # type: ignore[arg-type]


def _call(breaker: Breaker, *, failed: bool | None) -> bool:
    permit = breaker.allow()
    if permit is None:
        return False
    breaker.record(permit, failed=failed)
    return True


def test_failures_below_the_minimum_of_calls_never_trip_it() -> None:
    breaker, _ = _breaker()
    for _ in range(9):
        _call(breaker, failed=True)
    assert breaker.state is State.CLOSED


def test_it_opens_at_the_failure_rate_once_the_minimum_is_reached() -> None:
    breaker, _ = _breaker()
    for failed in [False] * 5 + [True] * 4:
        _call(breaker, failed=failed)
    assert breaker.state is State.CLOSED
    _call(breaker, failed=True)  # 5 of 10 failed: 50 %
    assert breaker.state is State.OPEN
    assert breaker.allow() is None, "open: no call goes through"


def test_healthy_traffic_keeps_one_persons_failures_below_the_rate() -> None:
    breaker, _ = _breaker()
    for index in range(100):
        _call(breaker, failed=index % 5 == 0)  # 20 % fail
    assert breaker.state is State.CLOSED


def test_old_calls_leave_the_window() -> None:
    breaker, clock = _breaker()
    for _ in range(9):
        _call(breaker, failed=True)
    clock.now += 61
    _call(breaker, failed=True)
    assert breaker.state is State.CLOSED, "the nine old failures are outside the window"


def test_half_open_lets_one_probe_through_and_closes_on_success() -> None:
    breaker, clock = _breaker(minimum_calls=2)
    _call(breaker, failed=True)
    _call(breaker, failed=True)
    clock.now += 31
    assert breaker.state is State.HALF_OPEN
    probe = breaker.allow()
    assert probe is not None and probe.probe
    assert breaker.allow() is None, "one probe at a time"
    breaker.record(probe, failed=False)
    assert breaker.state is State.CLOSED
    _call(breaker, failed=True)
    assert breaker.state is State.CLOSED, "closing starts a fresh window"


def test_a_failed_probe_opens_it_again() -> None:
    breaker, clock = _breaker(minimum_calls=1)
    _call(breaker, failed=True)
    clock.now += 31
    _call(breaker, failed=True)
    assert breaker.state is State.OPEN


def test_a_probe_that_says_nothing_frees_its_place() -> None:
    breaker, clock = _breaker(minimum_calls=1)
    _call(breaker, failed=True)
    clock.now += 31
    _call(breaker, failed=None)
    assert breaker.state is State.HALF_OPEN and breaker.allow() is not None


def test_a_late_answer_from_before_it_opened_changes_nothing() -> None:
    breaker, clock = _breaker(minimum_calls=1)
    late = breaker.allow()
    assert late is not None
    _call(breaker, failed=True)
    clock.now += 31
    breaker.record(late, failed=False)
    assert breaker.state is State.HALF_OPEN, "not closed by an answer of an earlier spell"


def test_neutral_outcomes_are_not_counted() -> None:
    breaker, _ = _breaker(minimum_calls=2)
    _call(breaker, failed=None)
    _call(breaker, failed=True)
    assert breaker.state is State.CLOSED


@pytest.mark.parametrize(
    "policy", [{"failure_rate": 0}, {"failure_rate": 1.5}, {"minimum_calls": 0}]
)
def test_a_nonsensical_policy_is_refused(policy: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        BreakerPolicy(**policy)  # type: ignore[arg-type]
