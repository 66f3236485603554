"""Quiet hours: which messages wait for the morning, until when; and the settings' checks."""

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from notification_service.settings import NotificationSettings
from notification_service.sms import quiet
from notification_service.sms.templates import SMS_STATES, SmsState

WINDOW = quiet.QuietHours()  # 22:00–07:00 Tehran (UTC+3:30)


def utc(hour: int, minute: int = 0, day: int = 1) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("now", "release"),
    [
        (utc(18, 30), utc(3, 30, day=2)),  # 22:00 Tehran: quiet until 07:00 the next day
        (utc(20, 0), utc(3, 30, day=2)),  # 23:30 Tehran
        (utc(21, 0), utc(3, 30, day=2)),  # 00:30 Tehran (the 2nd): the same morning
        (utc(3, 29), utc(3, 30)),  # 06:59 Tehran
    ],
)
def test_inside_the_window_a_message_waits_for_its_end(
    now: dt.datetime, release: dt.datetime
) -> None:
    assert WINDOW.release_at(now) == release


@pytest.mark.parametrize("now", [utc(3, 30), utc(8, 0), utc(18, 29)])  # 07:00, 11:30, 21:59
def test_outside_the_window_nothing_waits(now: dt.datetime) -> None:
    assert WINDOW.release_at(now) is None


def test_a_window_within_one_day_and_an_empty_one() -> None:
    siesta = quiet.QuietHours(start=dt.time(13, 0), end=dt.time(16, 0))
    assert siesta.release_at(utc(10, 0)) == utc(12, 30)  # 13:30 Tehran → 16:00 Tehran
    assert siesta.release_at(utc(13, 0)) is None  # 16:30 Tehran
    assert quiet.QuietHours(start=dt.time(0, 0), end=dt.time(0, 0)).release_at(utc(20)) is None


@pytest.mark.parametrize("state", SMS_STATES)
def test_only_cancellations_and_missed_slas_are_held(state: SmsState) -> None:
    held = quiet.held_until(state, now=utc(20, 0), window=WINDOW)
    assert (held is not None) == (state in {"cancelled", "sla_breached"})
    assert quiet.held_until(state, now=utc(8, 0), window=WINDOW) is None


@pytest.mark.parametrize("text", ["", "22:00", "25:00-07:00", "22:00-7", "night"])
def test_unreadable_quiet_hours_are_refused_at_start(text: str) -> None:
    with pytest.raises(ValidationError, match="sms_quiet_hours"):
        NotificationSettings(sms_quiet_hours=text)


def test_quiet_hours_accept_an_en_dash() -> None:
    assert NotificationSettings(sms_quiet_hours="23:00–06:30").quiet_hours == quiet.QuietHours(
        start=dt.time(23, 0), end=dt.time(6, 30)
    )


def test_production_refuses_the_sandbox_provider_and_an_http_one_without_a_url() -> None:
    real: dict[str, Any] = {
        "profile": "production",
        "database_url": "postgresql+asyncpg://u:p@db/n",
        "secret_key": "a-real-key-of-enough-length",
        "sms_http_api_key": "k-real",
        "sms_receipt_secret": "r-real",
        "sms_client_secret": "c-real",
    }
    with pytest.raises(ValidationError, match="sms_provider"):
        NotificationSettings(**real)
    with pytest.raises(ValidationError, match="sms_provider"):
        NotificationSettings(**real, sms_provider="http")
    settings = NotificationSettings(**real, sms_provider="http", sms_http_base_url="https://sms")
    assert settings.sms_http_base_url == "https://sms"
