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
}


def state_label(state: str) -> dict[str, str]:
    """{"fa": ..., "en": ...} for a state."""
    fa, en = STATE_LABELS[state]
    return {"fa": fa, "en": en}
