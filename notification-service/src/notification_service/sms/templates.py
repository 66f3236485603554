"""The text of each SMS to an applicant, in Persian (the default) and English (pure).

Persian texts are sent in UCS-2, where one segment holds 70 characters and a part of a
longer message 67: each template stays within two parts (134) with the longest tracking
code and link we ship, and an optional detail (a rejection's reason) is added only while
it still fits. Numbers people read (tracking code, dates) are in Persian digits; the link
keeps ASCII, or it would not open.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from panjereh import digits, jalali

Language = Literal["fa", "en"]
SmsState = Literal[
    "submitted",
    "approved",
    "rejected",
    "failed",
    "cancelled",
    "sla_breached",
    "awaiting_applicant",  # a preview: check the fetched information by the window's end
]
SMS_STATES: tuple[SmsState, ...] = (
    "submitted",
    "approved",
    "rejected",
    "failed",
    "cancelled",
    "sla_breached",
    "awaiting_applicant",
)

# GSM 03.38's basic character set: text made only of these goes as 7-bit GSM.
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_SEGMENT = {"gsm": (160, 153), "ucs2": (70, 67)}  # (a single message, each part of a longer)

_FA: dict[SmsState, str] = {
    "submitted": "پنجره ملی خدمات: درخواست شما ثبت شد.\nکد رهگیری: {code}\nتاریخ: {date}\n"
    "پیگیری: {link}",
    "approved": "پنجره ملی خدمات: درخواست {code} در {date} تأیید شد.\nپیگیری: {link}",
    "rejected": "پنجره ملی خدمات: درخواست {code} در {date} رد شد.{detail}\nپیگیری: {link}",
    "failed": "پنجره ملی خدمات: درخواست {code} ناموفق ماند؛ مدارک در دسترس نبود ({date}).\n"
    "پیگیری: {link}",
    "cancelled": "پنجره ملی خدمات: درخواست {code} در {date} لغو شد.\nپیگیری: {link}",
    "sla_breached": "پنجره ملی خدمات: مهلت رسیدگی به درخواست {code} ({date}) گذشت؛ "
    "پیگیری می‌شود.\n{link}",
    "awaiting_applicant": "پنجره ملی خدمات: اطلاعات استعلام‌شدهٔ درخواست {code} را تا {date} "
    "ببینید و تأیید کنید.\n{link}",
}
_EN: dict[SmsState, str] = {
    "submitted": "Panjereh: your application was received on {date}.\n"
    "Tracking code: {code}\nTrack it: {link}",
    "approved": "Panjereh: application {code} was approved on {date}.\nTrack it: {link}",
    "rejected": "Panjereh: application {code} was rejected on {date}.{detail}\nTrack it: {link}",
    "failed": "Panjereh: application {code} failed on {date}: the evidence could not be "
    "obtained.\nTrack it: {link}",
    "cancelled": "Panjereh: application {code} was cancelled on {date}.\nTrack it: {link}",
    "sla_breached": "Panjereh: application {code} passed its deadline ({date}) undecided; "
    "it is being followed up.\n{link}",
    "awaiting_applicant": "Panjereh: check the information fetched for application {code} "
    "and confirm it by {date}.\n{link}",
}
_DETAIL = {"fa": " دلیل: {reason}", "en": " Reason: {reason}"}
MAX_SEGMENTS = 2


@dataclass(frozen=True)
class Notice:
    """What one message says: which state, of which application, when, and why."""

    state: SmsState
    tracking_code: str
    at: dt.datetime
    reason_fa: str | None = None
    reason_en: str | None = None


def track_link(public_base_url: str) -> str:
    """The applicant's tracking page under the public base URL."""
    return public_base_url.rstrip("/") + "/track"


def render(notice: Notice, *, language: Language = "fa", public_base_url: str) -> str:
    """The message for `notice` in `language`, with a reason only while it fits in two parts."""
    template = (_FA if language == "fa" else _EN)[notice.state]
    fields = {
        "code": _number(notice.tracking_code, language),
        "date": jalali.to_jalali(notice.at, persian_digits=language == "fa"),
        "link": track_link(public_base_url),
    }
    reason = notice.reason_fa if language == "fa" else notice.reason_en
    if reason:
        detailed = template.format(**fields, detail=_DETAIL[language].format(reason=reason))
        if segments(detailed) <= MAX_SEGMENTS:
            return detailed
    return template.format(**fields, detail="")


def segments(text: str) -> int:
    """How many SMS parts `text` takes (GSM 7-bit when it can, UCS-2 otherwise)."""
    single, part = _SEGMENT["gsm" if set(text) <= _GSM_BASIC else "ucs2"]
    if len(text) <= single:
        return 1
    return -(-len(text) // part)


def _number(value: str, language: Language) -> str:
    return digits.to_persian(value) if language == "fa" else value
