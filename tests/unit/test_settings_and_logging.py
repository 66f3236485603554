import io
import json
import logging

import pytest
from pydantic import SecretStr, ValidationError

from panjereh import context
from panjereh import logging as panjereh_logging
from panjereh.settings import Profile, ServiceSettings


class _Settings(ServiceSettings):
    signing_key: SecretStr = SecretStr("demo-signing-key")


POSTGRES = "postgresql+asyncpg://u:p@db/x"


def test_embedded_profile_runs_with_demo_secrets() -> None:
    assert _Settings().is_demo


def test_production_refuses_demo_secrets() -> None:
    with pytest.raises(ValidationError, match="demo secret"):
        _Settings(profile=Profile.PRODUCTION, database_url=POSTGRES)


def test_production_refuses_sqlite() -> None:
    with pytest.raises(ValidationError, match="PostgreSQL"):
        _Settings(profile=Profile.PRODUCTION, signing_key=SecretStr("k" * 40))


def test_production_starts_with_real_secrets() -> None:
    settings = _Settings(
        profile=Profile.PRODUCTION, database_url=POSTGRES, signing_key=SecretStr("Zx9" * 20)
    )
    assert not settings.is_demo


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANJEREH_BUS", "kafka")
    monkeypatch.setenv("PANJEREH_CONSUMER_MAX_ATTEMPTS", "7")
    settings = ServiceSettings()
    assert settings.bus == "kafka" and settings.consumer_max_attempts == 7


def test_logs_are_json_with_request_id_and_masked_national_codes() -> None:
    panjereh_logging.configure(service="test", level="INFO", json=True)
    stream = io.StringIO()
    # The one handler configure() adds (a test runner's own handlers stay beside it).
    root = logging.getLogger()
    (handler,) = [h for h in root.handlers if type(h).__module__ == "panjereh.logging"]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    token = context.request_id.set("req-42")
    try:
        logging.getLogger("t").info("inquiry for %s and ۰۷۹۰۴۱۹۹۰۴", "0499370899")
    finally:
        context.request_id.reset(token)
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["request_id"] == "req-42" and line["service"] == "test"
    assert "0499370899" not in line["message"] and "******0899" in line["message"]
    assert "******9904" in line["message"]


def test_masking_leaves_mobiles_and_tracking_codes_alone() -> None:
    text = panjereh_logging.mask_identifiers(
        "mobile 09121234567 tracking 123456789012 code 0499370899"
    )
    assert "09121234567" in text and "123456789012" in text and "******0899" in text


@pytest.mark.parametrize(
    "spelling",
    [
        "0018-392741",
        "0018 392741",
        "001-839274-1",
        "0018_392741",
        "0018%20392741",
        "%DB%B0%DB%B0%DB%B1%DB%B8392741",
        "%25DB%25B0%25DB%25B0%25DB%25B1%25DB%25B8392741",
        "۰۰۱۸۳۹۲۷۴۱",
        "٠٠١٨٣٩٢٧٤١",
        "\\u06f0\\u06f0\\u06f1\\u06f8392741",
        "18392741",
        "code 0018392741 42 times",
    ],
)
def test_masking_catches_every_spelling_of_a_code(spelling: str) -> None:
    text = panjereh_logging.mask_identifiers(f"Invalid isoformat string: '{spelling}'")
    digits_left = "".join(c for c in text if c.isdigit())
    assert len(digits_left) <= 4 and "Invalid isoformat string" in text, text


def test_masking_leaves_ids_dates_and_long_lines_readable() -> None:
    text = panjereh_logging.mask_identifiers(
        "app 12345678-1234-5678-9012-123456789012 at 2026-12-01T09:13:52 req 43442459d3a"
    )
    assert text.startswith("app 12345678-1234-5678-9012-123456789012 at 2026-12-01T09:13:52")
    assert "43442459d3a" in text


def test_uvicorns_own_access_formatter_still_formats_masked_lines() -> None:
    """A process that keeps uvicorn's logging (the registry simulator) formats access lines
    itself: they must still format (it raised TypeError on every request, with a traceback
    written for each) and come out masked, without the query."""
    from uvicorn.logging import AccessFormatter

    from panjereh.logging import install_scrubber

    install_scrubber()
    record = logging.getLogger("uvicorn.access").makeRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/v1/people/0012345679?national_code=0012345679", "1.1", 200),
        None,
    )
    line = AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s').format(record)
    assert "GET /v1/people/" in line and "200" in line
    assert "0012345679" not in line and "?" not in line
