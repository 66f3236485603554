"""The rules of SMS to applicants (pure): what a message is, to whom it may go, retries.

Quiet hours are in quiet.py.

Only a mobile that Shahkar confirms belongs to the applicant's national code is written to;
without a mobile, or when it does not match, nothing is sent and the status service is told.
"""

import datetime as dt
import random
from dataclasses import dataclass
from typing import Literal

from notification_service.sms.templates import SmsState
from notification_service.webhooks import schedule
from panjereh import events, identity

MessageStatus = Literal["queued", "held_quiet_hours", "sent", "delivered", "failed", "not_sent"]
DUE_STATUSES: tuple[MessageStatus, ...] = ("queued", "held_quiet_hours")
Outcome = Literal["pending", "confirmed", "mismatch", "no_mobile", "unavailable"]
FINAL_OUTCOMES: frozenset[Outcome] = frozenset({"confirmed", "mismatch", "no_mobile"})

# An SMS that could not go within this long says nothing useful any more.
RETRIES = schedule.Schedule(
    steps_seconds=(5.0, 30.0, 120.0, 600.0, 1800.0), give_up_after=dt.timedelta(hours=6)
)


@dataclass(frozen=True)
class Confirmation:
    """Whom an application's messages go to, and what Shahkar said about it (sealed)."""

    application_id: str
    tracking_code: str
    mobile_ciphertext: str | None
    mobile_masked: str | None
    national_code_ciphertext: str | None
    outcome: Outcome
    created_at: dt.datetime
    attempts: int = 0
    checked_at: dt.datetime | None = None


@dataclass(frozen=True)
class Message:
    """One SMS of one application's state, as stored."""

    id: str
    application_id: str
    tracking_code: str
    state: SmsState
    template: str
    text: str
    status: MessageStatus
    next_attempt_at: dt.datetime
    created_at: dt.datetime
    attempts: int = 0
    reason: str | None = None
    provider_reference: str | None = None
    sent_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None


NOT_SENT: dict[str, events.Reason] = {
    "no_mobile": events.Reason(
        code="no_mobile",
        fa="شماره همراهی برای این درخواست ثبت نشده است؛ پیامکی فرستاده نشد.",
        en="The application gave no mobile number; no SMS could be sent.",
    ),
    "mismatch": events.Reason(
        code="mobile_not_confirmed",
        fa="شاهکار تأیید نکرد که این شماره همراه به نام متقاضی است؛ پیامکی فرستاده نشد.",
        en="Shahkar did not confirm the mobile as the applicant's; no SMS could be sent.",
    ),
    "expired": events.Reason(
        code="delivery_expired",
        fa="پیامک در مهلت مقرر فرستاده نشد.",
        en="The SMS could not be sent in time.",
    ),
}


def masked_mobile(mobile: str) -> str:
    """09121234567 → 0912***4567: enough for a person to recognise their number."""
    return mobile[:4] + "***" + mobile[-4:]


def normalised_mobile(value: str | None) -> str | None:
    """The mobile as 09xxxxxxxxx, or None when there is none or it is not a mobile."""
    if not value:
        return None
    try:
        return identity.normalize_mobile(value)
    except identity.InvalidMobile:
        return None


def outcome_of_inquiry(status: str, data: dict[str, object] | None) -> Outcome:
    """What the `mobile-ownership` answer says: confirmed only on an explicit match."""
    if status == "found" and data is not None and data.get("matches") is True:
        return "confirmed"
    if status in ("found", "not_found"):
        return "mismatch"
    return "unavailable"


def retry_at(
    *, attempts: int, first_at: dt.datetime, now: dt.datetime, rng: random.Random
) -> dt.datetime | None:
    """When to try a message again after `attempts` failures; None once it is too late."""
    return RETRIES.next_attempt(attempts=attempts, first_attempt_at=first_at, now=now, rng=rng)
