"""What people read for each application state, in Persian and English (one source for all)."""

STATE_LABELS: dict[str, tuple[str, str]] = {
    "submitted": ("ثبت شد", "Submitted"),
    "collecting_evidence": ("در حال استعلام مدارک", "Collecting evidence online"),
    "evaluating": ("در حال بررسی", "Evaluating"),
    "approved": ("تأیید شد", "Approved"),
    "rejected": ("رد شد", "Rejected"),
    "needs_review": ("در انتظار بررسی کارشناس", "Waiting for an officer's review"),
    "cancelled": ("لغو شد", "Cancelled"),
    "failed": ("ناموفق: مدارک در دسترس نبود", "Failed: evidence could not be obtained"),
    "awaiting_applicant": (
        "در انتظار تأیید شما: اطلاعات استعلام‌شده را ببینید",
        "Waiting for you: check the fetched information",
    ),
}


def state_label(state: str) -> dict[str, str]:
    """{"fa": ..., "en": ...} for a state."""
    return _both(STATE_LABELS, state)


# What a missed SLA did to an application (API.md, SLA breaches), as its applicant reads it.
SLA_LABELS: dict[str, tuple[str, str]] = {
    "breached": ("مهلت رسیدگی به درخواست گذشت", "The service's deadline has passed"),
    "escalated": (
        "مهلت رسیدگی گذشت؛ درخواست به مدیران دستگاه ارجاع شد",
        "Past the deadline: referred to the agency's supervisors",
    ),
    "deemed_approved": (
        "پس از پایان مهلت، به حکم قانون تأییدشده به شمار آمد (سکوت به منزلهٔ موافقت)",
        "Approved by law once the deadline passed (silence is consent)",
    ),
}

# Notes about what the platform could not do for the applicant.
NOTE_LABELS: dict[str, tuple[str, str]] = {
    "sms_not_sent": ("پیامکی برای شما فرستاده نشد", "No SMS could be sent to you"),
}


def sla_label(outcome: str) -> dict[str, str]:
    """{"fa": ..., "en": ...} for an SLA outcome."""
    return _both(SLA_LABELS, outcome)


def note_label(kind: str) -> dict[str, str]:
    """{"fa": ..., "en": ...} for a note's kind."""
    return _both(NOTE_LABELS, kind)


def _both(table: dict[str, tuple[str, str]], key: str) -> dict[str, str]:
    fa, en = table[key]
    return {"fa": fa, "en": en}
