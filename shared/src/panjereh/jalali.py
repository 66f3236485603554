"""Jalali (Solar Hijri) dates beside ISO ones, on jdatetime."""

import datetime as dt
from zoneinfo import ZoneInfo

import jdatetime

from panjereh import digits

TEHRAN = ZoneInfo("Asia/Tehran")


def to_jalali(moment: dt.datetime | dt.date, *, persian_digits: bool = False) -> str:
    """Render a date (or an aware datetime, in Tehran time) as YYYY/MM/DD in the Jalali calendar."""
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        moment = moment.astimezone(TEHRAN).date()
    text = jdatetime.date.fromgregorian(date=moment).strftime("%Y/%m/%d")
    return digits.to_persian(text) if persian_digits else text


def parse_jalali(text: str) -> dt.date:
    """Parse a Jalali date written YYYY/MM/DD or YYYY-MM-DD (any digits) into a Gregorian date."""
    cleaned = digits.to_ascii(text.strip()).replace("-", "/")
    try:
        year, month, day = (int(part) for part in cleaned.split("/"))
        gregorian: dt.date = jdatetime.date(year, month, day).togregorian()
        return gregorian
    except ValueError as error:
        raise ValueError(f"not a Jalali date: {text!r}") from error


def parse_date(text: str) -> dt.date:
    """Parse a date given either in ISO (Gregorian) or Jalali form; years below 1700 are Jalali."""
    cleaned = digits.to_ascii(text.strip())
    year = int(cleaned.replace("/", "-").split("-", 1)[0] or 0)
    return parse_jalali(cleaned) if year < 1700 else dt.date.fromisoformat(cleaned)


def end_of_jalali_day(day: dt.date) -> dt.datetime:
    """The last moment of a (Gregorian) date in Tehran, as aware UTC: deadlines end then."""
    local = dt.datetime.combine(day, dt.time.max, tzinfo=TEHRAN)
    return local.astimezone(dt.UTC)
