"""A service's typed lifespan state (panjereh.web.state): put once, read by routes and code."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI

from panjereh.web.state import Slot
from tests.support import LifespanManager

pytestmark = pytest.mark.asyncio


@dataclass
class _State:
    greeting: str


SLOT: Slot[_State] = Slot("example")


def _app() -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        SLOT.put(app, _State(greeting="salam"))
        yield

    app = FastAPI(lifespan=lifespan)

    @app.get("/greeting")
    async def greeting(state: Annotated[_State, Depends(SLOT)]) -> dict[str, str]:
        return {"greeting": state.greeting}

    return app


async def test_the_lifespans_state_reaches_a_route_and_the_code_that_holds_the_app() -> None:
    app = _app()
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            assert (await client.get("/greeting")).json() == {"greeting": "salam"}
        assert SLOT.of(app).greeting == "salam"


async def test_before_the_lifespan_there_is_no_state() -> None:
    with pytest.raises(AttributeError):
        SLOT.of(_app())
    assert SLOT.find(_app()) is None  # what a fast path asks before the lifespan has run


async def test_find_gives_the_state_once_put() -> None:
    app = _app()
    async with LifespanManager(app):
        found = SLOT.find(app)
        assert found is not None and found.greeting == "salam"
