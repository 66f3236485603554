"""What one attempt makes of a delivery and its subscription (pure rules)."""

import datetime as dt
import random

import pytest

from notification_service.webhooks import rules
from notification_service.webhooks.schedule import Schedule

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
PLAN = Schedule((10.0,), dt.timedelta(hours=1))


def leased(
    *, attempts: int = 0, first: dt.datetime | None = None, failing: dt.datetime | None = None
) -> rules.Leased:
    return rules.Leased(
        seq=1,
        id="d-1",
        subscription_id="s-1",
        agency_id="passport-police",
        url="https://agency.example/hook",
        secret_ciphertext="v1.x",
        event_id="e-1",
        event_type="application.decided",
        application_id="a-1",
        payload="{}",
        attempts=attempts,
        created_at=NOW,
        first_attempt_at=first,
        failing_since=failing,
        leased_until=NOW + dt.timedelta(minutes=1),
    )


def result(status: int | None, error: str | None = None) -> rules.Result:
    return rules.Result(NOW, 12, status, error)


def settle(delivery: rules.Leased, outcome: rules.Result) -> rules.Settlement:
    return rules.settle(delivery, outcome, schedule=PLAN, now=NOW, rng=random.Random(1))


@pytest.mark.parametrize("status", [200, 201, 204, 299])
def test_a_2xx_succeeds(status: int) -> None:
    settled = settle(leased(), result(status))
    assert (settled.outcome, settled.attempts, settled.error) == ("succeeded", 1, None)
    assert settled.next_attempt_at is None and settled.first_attempt_at == NOW


@pytest.mark.parametrize(
    ("outcome", "named"),
    [
        (result(500), "500"),
        (result(404), "404"),
        (result(199), "199"),
        (result(302, "redirecting to https://x/; redirects are not followed"), "redirect"),
        (result(None, "No answer within 10 s."), "10 s"),
    ],
)
def test_anything_else_fails_and_is_tried_again(outcome: rules.Result, named: str) -> None:
    settled = settle(leased(attempts=2, first=NOW - dt.timedelta(minutes=5)), outcome)
    assert settled.outcome == "failed" and settled.attempts == 3
    assert settled.next_attempt_at is not None and settled.next_attempt_at > NOW
    assert named in (settled.error or "")
    assert settled.first_attempt_at == NOW - dt.timedelta(minutes=5)


def test_a_failure_past_the_window_is_dead() -> None:
    settled = settle(leased(attempts=9, first=NOW - dt.timedelta(hours=1)), result(503))
    assert (settled.outcome, settled.next_attempt_at) == ("dead", None)


def test_a_long_error_is_cut() -> None:
    settled = settle(leased(), result(None, "x" * 5000))
    assert len(settled.error or "") == rules.MAX_ERROR_LENGTH


def test_a_subscription_is_disabled_only_after_failing_for_the_whole_time() -> None:
    week = dt.timedelta(days=5)
    long_failing = leased(failing=NOW - week)
    recently_failing = leased(failing=NOW - week + dt.timedelta(seconds=1))
    assert rules.disables(settle(long_failing, result(500)), disable_after=week)
    assert not rules.disables(settle(recently_failing, result(500)), disable_after=week)
    assert not rules.disables(settle(leased(), result(500)), disable_after=week)  # first failure
    assert not rules.disables(settle(long_failing, result(200)), disable_after=week)
    reason = rules.disabled_reason(NOW - week, week)
    assert "disabled" in reason and "غیرفعال" in reason


def test_an_attempt_begun_inside_the_window_is_not_the_last_however_long_it_took() -> None:
    first = NOW - dt.timedelta(hours=1) + dt.timedelta(seconds=5)  # window ends in 5 s
    slow = rules.Result(NOW, 10_000, None, "No answer within 10 s.")  # ended 5 s past it
    settled = rules.settle(
        leased(attempts=3, first=first),
        slow,
        schedule=PLAN,
        now=NOW + dt.timedelta(seconds=10),
        rng=random.Random(1),
    )
    assert settled.outcome == "failed"
    assert settled.next_attempt_at is not None  # tried once more, by the window's end
    assert settled.next_attempt_at <= first + PLAN.give_up_after
