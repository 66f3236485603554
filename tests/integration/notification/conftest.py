"""The notification service's app for the subscription tests (subscriptions_harness)."""

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio

from notification_service import main
from notification_service.settings import NotificationSettings
from notification_service.sms import wiring as sms_half
from notification_service.webhooks import wiring as webhook_half
from panjereh.bus.memory import InMemoryBus
from panjereh.db import engine as db_engine
from tests.integration.notification.subscriptions_harness import (
    Service,
    _without_dispatch,
)
from tests.support import VERIFIER, LifespanManager


@pytest_asyncio.fixture
async def service(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Service]:
    monkeypatch.setattr(webhook_half, "lifespan_parts", _without_dispatch)
    monkeypatch.setattr(sms_half, "lifespan_parts", _without_dispatch)
    bus = InMemoryBus()
    await bus.start()
    app = main.create_app(
        NotificationSettings(database_url=database_url, outbox_poll_seconds=0.05),
        bus=bus,
        token_verifier=VERIFIER,
    )
    engine = db_engine.create_engine(database_url)
    try:
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://n") as client:
                yield Service(client, app, bus, engine)
    finally:
        await engine.dispose()
        await bus.stop()
