"""The citizen's login by one-time code (pure: no I/O; API.md, Citizens).

One row per person (`Login`), keyed by the keyed hash of their national code:

- a request (`requested`) replaces whatever code the person had with a pending one, within
  the person's own budget of requests per window; past it the request changes nothing, and
  the caller still answers the same 202 (the budget is the person's, so a 429 would say
  someone asked for them);
- the sender (`issued`) makes the code just before handing it over, so it is never stored:
  the row keeps only its HMAC under a key of the service's settings, bound to the person,
  and the two minutes run from then;
- a redemption (`redeemed`) opens a session once; a wrong code spends one of five tries,
  and then even the right code is refused; an expired, dead or never issued code is refused
  alike.
"""

import dataclasses
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal

CODE_DIGITS = 6
VALID_FOR = dt.timedelta(minutes=2)
MAX_TRIES = 5
# A code not handed over within this long after it was asked for is no longer awaited.
HANDOVER_GIVE_UP = dt.timedelta(minutes=2)
HANDOVER_LEASE = dt.timedelta(seconds=30)
_RETRY_STEPS = (2.0, 5.0, 10.0, 20.0)

State = Literal["pending", "handing", "sent", "not_sent", "used", "dead"]


@dataclass(frozen=True)
class Budget:
    """How many codes one person may ask for per window (settings.otp_requests_per_person)."""

    requests: int
    window: dt.timedelta


@dataclass(frozen=True)
class Login:
    """A person's current one-time code, as stored (never the code itself)."""

    subject: str
    state: State
    requested_at: dt.datetime
    next_attempt_at: dt.datetime
    window_start: dt.datetime
    window_requests: int
    # Whom to ask Shahkar about and write to; erased once the code was handed over.
    national_code: str | None = None
    mobile: str | None = None
    code_digest: str | None = None
    expires_at: dt.datetime | None = None
    tries: int = 0
    handovers: int = 0


def subject_of(key: bytes, national_code: str) -> str:
    """The row's key: the national code's HMAC, so the table names no one in clear."""
    return hmac.new(key, b"subject:" + national_code.encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    """Six random digits (the `secrets` module's generator)."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def digest(key: bytes, *, subject: str, code: str) -> str:
    """The code's HMAC bound to its person: without the key, a row opens nothing, and the
    million codes cannot be tried against it."""
    return hmac.new(key, f"code:{subject}:{code}".encode(), hashlib.sha256).hexdigest()


def requested(
    current: Login | None,
    *,
    subject: str,
    national_code: str,
    mobile: str,
    now: dt.datetime,
    budget: Budget,
) -> Login | None:
    """The row after a request for a code; None when the person's budget is spent (the
    request changes nothing: their current code, if any, still works)."""
    fresh_window = current is None or now - current.window_start >= budget.window
    used = 0 if fresh_window or current is None else current.window_requests
    if used >= budget.requests:
        return None
    return Login(
        subject=subject,
        state="pending",
        requested_at=now,
        next_attempt_at=now,
        window_start=now if fresh_window or current is None else current.window_start,
        window_requests=used + 1,
        national_code=national_code,
        mobile=mobile,
    )


def issued(login: Login, *, code_digest: str, now: dt.datetime) -> Login:
    """A code made for `login` and about to be handed over (leased against other senders)."""
    return dataclasses.replace(
        login,
        state="handing",
        code_digest=code_digest,
        expires_at=now + VALID_FOR,
        tries=0,
        handovers=login.handovers + 1,
        next_attempt_at=now + HANDOVER_LEASE,
    )


HandOver = Literal["sent", "not_sent", "unavailable"]


def handed_over(login: Login, outcome: HandOver, *, now: dt.datetime) -> Login:
    """Where the row stands after the notification service's answer: sent (the person and
    mobile erased), not sent (no code works: the mobile is not theirs), or tried again with
    a new code later, until the request is too old to be awaited."""
    if outcome == "sent":
        return dataclasses.replace(login, state="sent", national_code=None, mobile=None)
    gave_up = outcome == "not_sent" or now - login.requested_at >= HANDOVER_GIVE_UP
    if gave_up:
        return dataclasses.replace(
            login, state="not_sent", code_digest=None, national_code=None, mobile=None
        )
    step = _RETRY_STEPS[min(login.handovers, len(_RETRY_STEPS)) - 1]
    return dataclasses.replace(
        login,
        state="pending",
        code_digest=None,
        expires_at=None,
        next_attempt_at=now + dt.timedelta(seconds=step),
    )


def redeemed(
    login: Login | None, *, code_digest: str, now: dt.datetime
) -> tuple[Login | None, bool]:
    """(the row after trying `code_digest`, whether it opens a session)."""
    if login is None or login.code_digest is None or login.state not in ("handing", "sent"):
        return login, False
    if login.expires_at is None or now >= login.expires_at:
        return dataclasses.replace(login, state="dead", code_digest=None), False
    if hmac.compare_digest(login.code_digest, code_digest):
        return dataclasses.replace(login, state="used", code_digest=None), True
    tries = login.tries + 1
    if tries >= MAX_TRIES:
        return dataclasses.replace(login, state="dead", code_digest=None, tries=tries), False
    return dataclasses.replace(login, tries=tries), False
