"""The one-time code's rules (status_service.citizen.login_domain), no I/O."""

import dataclasses
import datetime as dt

import pytest

from status_service.citizen import login_domain as otp

KEY = b"test-otp-key"
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
PERSON = "0018392741"
SUBJECT = otp.subject_of(KEY, PERSON)
BUDGET = otp.Budget(requests=3, window=dt.timedelta(hours=1))


def _asked(current: otp.Login | None = None, at: dt.datetime = NOW) -> otp.Login | None:
    return otp.requested(
        current, subject=SUBJECT, national_code=PERSON, mobile="09121000001", now=at, budget=BUDGET
    )


def _live(code: str = "123456", at: dt.datetime = NOW) -> otp.Login:
    asked = _asked(at=at)
    assert asked is not None
    return otp.issued(asked, code_digest=otp.digest(KEY, subject=SUBJECT, code=code), now=at)


def _try(login: otp.Login | None, code: str, at: dt.datetime) -> tuple[otp.Login | None, bool]:
    return otp.redeemed(login, code_digest=otp.digest(KEY, subject=SUBJECT, code=code), now=at)


def test_codes_are_six_digits_and_vary() -> None:
    codes = {otp.new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 150


def test_the_digest_needs_the_key_and_is_bound_to_the_person() -> None:
    digest = otp.digest(KEY, subject=SUBJECT, code="123456")
    assert "123456" not in digest and PERSON not in SUBJECT
    assert otp.digest(b"another-key", subject=SUBJECT, code="123456") != digest
    other = otp.subject_of(KEY, "0025619306")
    assert otp.digest(KEY, subject=other, code="123456") != digest


def test_the_right_code_opens_once() -> None:
    login, opened = _try(_live(), "123456", NOW + dt.timedelta(seconds=30))
    assert opened and login is not None and login.state == "used"
    assert _try(login, "123456", NOW + dt.timedelta(seconds=31)) == (login, False)


def test_five_wrong_tries_kill_the_code_and_then_the_right_one_fails() -> None:
    login: otp.Login | None = _live()
    for n in range(otp.MAX_TRIES):
        login, opened = _try(login, f"00000{n}", NOW)
        assert not opened
    assert login is not None and login.state == "dead"
    assert _try(login, "123456", NOW)[1] is False


def test_four_wrong_tries_leave_the_right_one_working() -> None:
    login: otp.Login | None = _live()
    for n in range(otp.MAX_TRIES - 1):
        login, _ = _try(login, f"00000{n}", NOW)
    assert _try(login, "123456", NOW)[1] is True


@pytest.mark.parametrize("after", [otp.VALID_FOR, otp.VALID_FOR + dt.timedelta(hours=1)])
def test_an_expired_code_is_dead(after: dt.timedelta) -> None:
    login, opened = _try(_live(), "123456", NOW + after)
    assert not opened and login is not None and login.state == "dead"


def test_no_code_opens_nothing() -> None:
    assert _try(None, "123456", NOW) == (None, False)
    pending = _asked()
    assert _try(pending, "123456", NOW) == (pending, False)


def test_a_new_request_replaces_the_code() -> None:
    replaced = _asked(_live(), NOW + dt.timedelta(seconds=10))
    assert replaced is not None and replaced.code_digest is None
    assert _try(replaced, "123456", NOW + dt.timedelta(seconds=11))[1] is False


def test_past_the_budget_a_request_changes_nothing_until_the_window_ends() -> None:
    login = _asked()
    for _ in range(BUDGET.requests - 1):
        login = _asked(login)
    assert login is not None and login.window_requests == BUDGET.requests
    assert _asked(login, NOW + dt.timedelta(minutes=59)) is None
    later = _asked(login, NOW + BUDGET.window)
    assert later is not None and later.window_requests == 1


def test_a_handed_over_code_forgets_whom_it_went_to() -> None:
    sent = otp.handed_over(_live(), "sent", now=NOW)
    assert (sent.state, sent.national_code, sent.mobile) == ("sent", None, None)
    assert sent.code_digest is not None
    refused = otp.handed_over(_live(), "not_sent", now=NOW)
    assert (refused.state, refused.code_digest, refused.national_code) == ("not_sent", None, None)


def test_an_unavailable_hand_over_is_tried_again_with_no_code_until_too_late() -> None:
    again = otp.handed_over(_live(), "unavailable", now=NOW + dt.timedelta(seconds=1))
    assert again.state == "pending" and again.code_digest is None
    assert again.next_attempt_at > NOW + dt.timedelta(seconds=1)
    late = dataclasses.replace(_live(), requested_at=NOW - otp.HANDOVER_GIVE_UP)
    assert otp.handed_over(late, "unavailable", now=NOW).state == "not_sent"
