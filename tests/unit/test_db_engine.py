"""Engine options decided from the URL."""

import pytest

from panjereh.db.engine import _loopback_without_tls


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_a_server_on_this_host_is_reached_without_tls(host: str) -> None:
    assert _loopback_without_tls(f"postgresql+asyncpg://u:p@{host}:5432/db") == {"ssl": False}


def test_another_host_keeps_asyncpgs_default() -> None:
    assert _loopback_without_tls("postgresql+asyncpg://u:p@db.internal:5432/db") == {}


@pytest.mark.parametrize("query", ["ssl=require", "sslmode=verify-full"])
def test_a_url_that_asks_for_tls_gets_it_even_on_loopback(query: str) -> None:
    assert _loopback_without_tls(f"postgresql+asyncpg://u:p@127.0.0.1/db?{query}") == {}
