"""The use cases of the reports: the catalogue and the tallies of a period, judged against the
current policy (read through the unit of work; nothing here writes)."""

import datetime as dt
from dataclasses import dataclass
from typing import NoReturn

from compliance_service import deliveries, figures
from compliance_service.policy import PolicyError, PolicySource
from compliance_service.uow import ComplianceUnitOfWork
from panjereh import jalali
from panjereh.problems import FieldError, ProblemError
from panjereh.runtime import Runtime


@dataclass(frozen=True)
class Period:
    """Submission days (Tehran) from `since` to `until`, both included; None means open."""

    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def parse(cls, since: str | None, until: str | None) -> "Period":
        """From ISO or Jalali dates as people type them (Persian digits too); 422 if not dates."""
        period = cls(_date("from", since), _date("to", until))
        if period.since and period.until and period.since > period.until:
            _bad("from", "the period starts after it ends", "آغاز بازه پس از پایان آن است")
        return period


# The days a period may name: what both calendars render (the Jalali library stops in the
# Gregorian year 9377, and "9999-12-31" has no day after it to end a period on).
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)


def _date(field: str, text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        day = jalali.parse_date(text)
    except (ValueError, OverflowError):
        return _bad(field, f"not a date: {text!r} (use 1405/10/30 or 2027-01-20)", "تاریخ نامعتبر")
    if not EARLIEST <= day <= LATEST:
        return _bad(
            field,
            f"{day.isoformat()} is outside {EARLIEST.isoformat()}..{LATEST.isoformat()}",
            "تاریخ خارج از بازه پذیرفتنی است",
        )
    return day


def _bad(field: str, en: str, fa: str) -> NoReturn:
    raise ProblemError(
        422,
        "validation",
        f"Invalid period: {en}.",
        f"بازه نامعتبر: {fa}.",
        errors=[FieldError(field, en)],
    )


def today_in_tehran() -> dt.date:
    return dt.datetime.now(jalali.TEHRAN).date()


async def build(runtime: Runtime, policies: PolicySource, period: Period) -> figures.National:
    """Every figure for `period`, with the targets of the policy file as it reads now."""
    async with runtime.uow_of(ComplianceUnitOfWork)() as uow:
        services = await uow.catalogue.services()
        agencies = await uow.agencies.infos()
        tallies = await uow.days.tallies(since=period.since, until=period.until)
    try:
        policy = policies.current()
    except PolicyError as error:
        raise ProblemError(
            503,
            "policy-unavailable",
            f"The compliance policy file is not valid: {error}",
            "پرونده سیاست‌های پایش نامعتبر است.",
        ) from error
    return figures.build(
        services=services,
        agencies=agencies,
        tallies=tallies,
        policy=policy,
        today=today_in_tehran(),
    )


async def notifications(runtime: Runtime, period: Period) -> deliveries.Figures:
    """The webhooks and SMS that reached their end in `period` (days in Tehran)."""
    async with runtime.uow_of(ComplianceUnitOfWork)() as uow:
        tallies = await uow.deliveries.tallies(since=period.since, until=period.until)
    return deliveries.figures(tallies)
