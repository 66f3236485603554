"""Clients from other addresses of the loopback network (127.0.0.0/8 is all ours on Linux), so
a test can be several people at once, each with a real TCP address of its own."""

import contextlib
from collections.abc import AsyncIterator

import httpx

from panjereh import identity, tracking
from tests.security.conftest import Window


@contextlib.asynccontextmanager
async def client_at(window: Window, address: str) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the window whose connections come from `address` (127.x.y.z)."""
    transport = httpx.AsyncHTTPTransport(local_address=address)
    async with httpx.AsyncClient(base_url=window.url, transport=transport, timeout=30) as http:
        yield http


def someone(seed: int) -> str:
    """A valid national code of nobody in particular (a wrong guess that is well-formed)."""
    first_nine = f"{271800000 + seed:09d}"
    return first_nine + str(identity.national_code_check_digit(first_nine))


def unknown_code() -> str:
    """A well-formed tracking code (check digit right) that no application has."""
    return tracking.new_tracking_code()
