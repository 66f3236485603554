"""The one-time code's SMS: Persian first, Persian digits, how long it holds, one segment pair."""

from notification_service.sms import otp, templates


def test_the_text_is_persian_with_persian_digits_and_says_how_long() -> None:
    text = otp.text("042913", valid_seconds=120)
    assert text.startswith("پنجره ملی خدمات")
    assert "۰۴۲۹۱۳" in text and "042913" not in text
    assert "۲ دقیقه" in text
    assert templates.segments(text) <= templates.MAX_SEGMENTS
