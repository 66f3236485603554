"""The SMS texts: Persian by default, Persian digits, Jalali dates, the /track link, short."""

import datetime as dt

import pytest

from notification_service.sms import templates

AT = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)  # 1405/09/10 in Tehran
CODE = "4817263549021"
# The longest link we expect: a real domain's /track, longer than the demo's.
LONG_BASE = "https://my.panjereh.gov.ir"


def test_the_submission_receipt_reads_exactly_so() -> None:
    text = templates.render(
        templates.Notice("submitted", CODE, AT), public_base_url="http://127.0.0.1:8000/"
    )
    assert text == (
        "پنجره ملی خدمات: درخواست شما ثبت شد.\n"
        "کد رهگیری: ۴۸۱۷۲۶۳۵۴۹۰۲۱\n"
        "تاریخ: ۱۴۰۵/۰۹/۱۰\n"
        "پیگیری: http://127.0.0.1:8000/track"
    )


@pytest.mark.parametrize("state", templates.SMS_STATES)
def test_every_persian_text_has_persian_digits_the_jalali_date_and_an_ascii_link(
    state: templates.SmsState,
) -> None:
    text = templates.render(templates.Notice(state, CODE, AT), public_base_url=LONG_BASE)
    assert "۴۸۱۷۲۶۳۵۴۹۰۲۱" in text and CODE not in text
    assert "۱۴۰۵/۰۹/۱۰" in text
    assert text.endswith(LONG_BASE + "/track")  # the link keeps its ASCII, or it does not open


@pytest.mark.parametrize("state", templates.SMS_STATES)
@pytest.mark.parametrize("language", ["fa", "en"])
def test_every_text_fits_in_two_sms_parts(
    state: templates.SmsState, language: templates.Language
) -> None:
    notice = templates.Notice(state, CODE, AT, reason_fa="دلیل " * 30, reason_en="why " * 60)
    text = templates.render(notice, language=language, public_base_url=LONG_BASE)
    assert templates.segments(text) <= 2


def test_english_keeps_ascii_digits() -> None:
    text = templates.render(
        templates.Notice("approved", CODE, AT), language="en", public_base_url=LONG_BASE
    )
    assert text == (
        f"Panjereh: application {CODE} was approved on 1405/09/10.\nTrack it: {LONG_BASE}/track"
    )


def test_a_short_reason_is_given_and_a_long_one_left_to_the_track_page() -> None:
    short = templates.Notice("rejected", CODE, AT, reason_fa="سن زیر ۱۸ سال.")
    long = templates.Notice("rejected", CODE, AT, reason_fa="دلیلی بسیار بلند " * 5)
    assert "دلیل: سن زیر ۱۸ سال." in templates.render(short, public_base_url=LONG_BASE)
    assert "دلیل" not in templates.render(long, public_base_url=LONG_BASE)


def test_the_date_is_the_tehran_day() -> None:
    late_utc = dt.datetime(2026, 12, 1, 21, 0, tzinfo=dt.UTC)  # 00:30 on the 11th in Tehran
    text = templates.render(templates.Notice("approved", CODE, late_utc), public_base_url="x")
    assert "۱۴۰۵/۰۹/۱۱" in text


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("س" * 70, 1),
        ("س" * 71, 2),
        ("س" * 134, 2),
        ("س" * 135, 3),
        ("a" * 100 + "€", 2),  # not in GSM's basic set: UCS-2 (the euro is an extension)
    ],
)
def test_segments_count_gsm_and_ucs2_parts(text: str, parts: int) -> None:
    assert templates.segments(text) == parts
