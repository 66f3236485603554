import datetime as dt

import pytest

from panjereh import jalali


@pytest.mark.parametrize(
    ("gregorian", "expected"),
    [
        (dt.date(2023, 3, 20), "1401/12/29"),  # last day of 1401
        (dt.date(2023, 1, 20), "1401/10/30"),  # end of Dey 1401
        (dt.date(2026, 3, 21), "1405/01/01"),  # Nowruz
    ],
)
def test_to_jalali(gregorian: dt.date, expected: str) -> None:
    assert jalali.to_jalali(gregorian) == expected


def test_datetimes_are_shown_in_tehran_time() -> None:
    # 21:00 UTC on 20 March 2023 is already 1 Farvardin 1402 in Tehran (+03:30).
    moment = dt.datetime(2023, 3, 20, 21, 0, tzinfo=dt.UTC)
    assert jalali.to_jalali(moment) == "1402/01/01"
    assert jalali.to_jalali(moment, persian_digits=True) == "۱۴۰۲/۰۱/۰۱"


@pytest.mark.parametrize("text", ["1401/10/30", "۱۴۰۱/۱۰/۳۰", "1401-10-30"])
def test_parse_jalali_accepts_any_digits(text: str) -> None:
    assert jalali.parse_jalali(text) == dt.date(2023, 1, 20)


def test_parse_date_tells_jalali_from_iso() -> None:
    assert jalali.parse_date("1401/12/29") == dt.date(2023, 3, 20)
    assert jalali.parse_date("2023-03-20") == dt.date(2023, 3, 20)


@pytest.mark.parametrize("text", ["1401/13/01", "1401/12/31", "yesterday"])
def test_invalid_jalali_dates_are_rejected(text: str) -> None:
    with pytest.raises(ValueError, match="Jalali"):
        jalali.parse_jalali(text)


def test_a_deadline_ends_at_midnight_in_tehran() -> None:
    end = jalali.end_of_jalali_day(jalali.parse_jalali("1401/10/30"))
    assert end.astimezone(jalali.TEHRAN).date() == dt.date(2023, 1, 20)
    assert end.astimezone(jalali.TEHRAN).time().hour == 23
