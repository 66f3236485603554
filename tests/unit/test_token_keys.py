"""A service's copy of the gateway's token keys (panjereh.token_keys): a token under a key it
does not know yet makes it ask again, at most once per interval; stale keys are refreshed in
the background; a failed fetch keeps the keys it has."""

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Annotated, Any

import httpx
import pytest
import pytest_asyncio
from fastapi import Depends, FastAPI

from panjereh import auth, problems, token_keys

pytestmark = pytest.mark.asyncio


class Gateway:
    """The JWKS a service would fetch: its keys change as the test rotates them."""

    def __init__(self) -> None:
        self.old, self.new = auth.new_signing_key(), auth.new_signing_key()
        self.published: dict[str, Any] = auth.public_jwks(self.old, kid="old")
        self.fetches = 0
        self.failing = False

    async def fetch(self) -> dict[str, Any]:
        self.fetches += 1
        if self.failing:
            raise httpx.ConnectError("the gateway is away")
        return self.published

    def rotate(self) -> None:
        self.published = {
            "keys": [
                *auth.public_jwks(self.new, kid="new")["keys"],
                *auth.public_jwks(self.old, kid="old")["keys"],
            ]
        }


def _token(key: Any, kid: str) -> str:
    issuer = auth.TokenIssuer(key, kid=kid, ttl=dt.timedelta(minutes=5))
    return issuer.issue(client_id="backend", agency_id="a", scopes=["inquiries:read"])


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest_asyncio.fixture
async def served() -> AsyncIterator[tuple[httpx.AsyncClient, Gateway, Clock]]:
    gateway, clock = Gateway(), Clock()
    verifier = auth.TokenVerifier(await gateway.fetch())
    app = FastAPI()
    problems.install(app)
    app.state.token_verifier = verifier
    app.state.token_keys = token_keys.RefreshingKeys(
        verifier, gateway.fetch, refresh_seconds=300, min_interval_seconds=10, clock=clock
    )

    @app.get("/inquiries")
    async def inquiries(
        who: Annotated[auth.Principal, Depends(auth.require("inquiries:read"))],
    ) -> dict[str, str]:
        return {"client_id": who.client_id}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        yield client, gateway, clock
    await app.state.token_keys.close()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_token_under_a_new_key_makes_the_service_fetch_the_keys_once(
    served: tuple[httpx.AsyncClient, Gateway, Clock],
) -> None:
    client, gateway, clock = served
    clock.now += 10
    gateway.rotate()
    fresh = _token(gateway.new, "new")
    assert (await client.get("/inquiries", headers=_bearer(fresh))).status_code == 200
    assert (await client.get("/inquiries", headers=_bearer(fresh))).status_code == 200
    old = _token(gateway.old, "old")  # signed before the rotation: still published
    assert (await client.get("/inquiries", headers=_bearer(old))).status_code == 200
    assert gateway.fetches == 2  # the first at start, one for the new kid


async def test_unknown_kids_cannot_make_the_service_hammer_the_gateway(
    served: tuple[httpx.AsyncClient, Gateway, Clock],
) -> None:
    client, gateway, clock = served
    clock.now += 10
    forged = auth.new_signing_key()
    answers = await asyncio.gather(
        *(client.get("/inquiries", headers=_bearer(_token(forged, f"kid-{n}"))) for n in range(50))
    )
    assert {answer.status_code for answer in answers} == {401}
    assert gateway.fetches == 2  # 50 made-up kids: one fetch in the interval
    clock.now += 10
    assert (await client.get("/inquiries", headers=_bearer(_token(forged, "x")))).status_code == 401
    assert gateway.fetches == 3  # the next interval allows one more, no more


async def test_stale_keys_are_refreshed_in_the_background_and_a_failed_fetch_keeps_them(
    served: tuple[httpx.AsyncClient, Gateway, Clock],
) -> None:
    client, gateway, clock = served
    old = _token(gateway.old, "old")
    clock.now += 301
    gateway.failing = True
    assert (await client.get("/inquiries", headers=_bearer(old))).status_code == 200
    for _ in range(20):
        await asyncio.sleep(0)
    assert gateway.fetches == 2
    assert (await client.get("/inquiries", headers=_bearer(old))).status_code == 200
    gateway.failing = False
    gateway.rotate()
    clock.now += 301
    assert (await client.get("/inquiries", headers=_bearer(old))).status_code == 200
    for _ in range(20):
        await asyncio.sleep(0)
    assert gateway.fetches == 3
    # Known now without asking: the background refresh brought the new key.
    assert (
        await client.get("/inquiries", headers=_bearer(_token(gateway.new, "new")))
    ).status_code == 200
    assert gateway.fetches == 3
