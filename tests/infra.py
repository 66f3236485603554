"""Where the suite's real infrastructure is, and what a test does when it is not there.

Under CI (CI=true) the real-infrastructure tests may not be skipped: `unavailable` fails
them with the reason instead (and tests/conftest.py fails a run in which any was skipped).
"""

import os
import socket
from typing import NoReturn
from urllib.parse import urlsplit

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
POSTGRES_URL = os.environ.get(
    "PANJEREH_TEST_POSTGRES_URL",
    "postgresql+asyncpg://panjereh:panjereh@127.0.0.1:5432/panjereh_test",
)
KAFKA = os.environ.get("PANJEREH_TEST_KAFKA", "127.0.0.1:9092")


def unavailable(what: str, reason: str) -> NoReturn:
    """Skip the test for want of `what` (fail it under CI, where nothing may be skipped)."""
    message = f"{what} is not available: {reason}"
    if IN_CI:
        pytest.fail(message + " (CI=true: real-infrastructure tests may not be skipped)")
    pytest.skip(message)


def port_open(address: str) -> bool:
    """Whether something accepts a connection at `address` (host:port, the first of a list)."""
    parts = urlsplit("//" + address.split(",")[0])
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 9092), 2):
            return True
    except OSError:
        return False


def require_kafka() -> str:
    """The broker's bootstrap address, once something listens there (else `unavailable`)."""
    if not port_open(KAFKA):
        unavailable("Kafka", f"nothing listens on {KAFKA}; run `make infra-up`")
    return KAFKA
