"""The HTTP SMS provider against a real aiohttp server on 127.0.0.1, through the service's
app: it sends with the key, a 500 is tried again, the delivery receipt updates the message,
receipts without the shared secret are refused, and the key never reaches a log line."""

import json
import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import pytest_asyncio
import sqlalchemy as sa
from aiohttp import web

from notification_service import main
from notification_service.settings import NotificationSettings
from notification_service.sms.models import sms_messages
from panjereh.bus.memory import InMemoryBus
from panjereh.db import engine as db_engine
from tests.integration.notification.test_sms import (
    COMPLETE,
    FakeGateway,
    Window,
    _no_webhooks,
    submitted,
)
from tests.support import VERIFIER, LifespanManager, eventually

pytestmark = pytest.mark.asyncio
API_KEY = "sk-live-7f3a9c0e5b1d"
RECEIPT_SECRET = "receipt-s3cr3t-for-tests"


@dataclass
class SmsGateway:
    """An SMS provider's API: records each POST /messages, answers 500 while told to."""

    failures: int = 0
    received: list[tuple[dict[str, str], dict[str, Any]]] = field(default_factory=list)

    async def messages(self, request: web.Request) -> web.Response:
        self.received.append((dict(request.headers), await request.json()))
        if self.failures:
            self.failures -= 1
            return web.Response(status=500, text="try later")
        return web.json_response({"id": f"prov-{len(self.received)}"})


@dataclass
class HttpWindow(Window):
    provider: SmsGateway = field(default_factory=SmsGateway)
    database_url: str = ""

    async def messages(self) -> list[Any]:
        engine = db_engine.create_engine(self.database_url)
        try:
            async with engine.connect() as connection:
                rows = await connection.execute(sa.select(sms_messages))
                return list(rows)
        finally:
            await engine.dispose()

    async def receipt(self, body: dict[str, Any], secret: str | None = RECEIPT_SECRET) -> Any:
        headers = {"X-SMS-Receipt-Secret": secret} if secret is not None else {}
        return await self.client.post("/v1/sms/receipts", json=body, headers=headers)


@pytest_asyncio.fixture
async def window(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[HttpWindow]:
    monkeypatch.setattr(main.webhooks, "lifespan_parts", _no_webhooks)
    provider = SmsGateway(failures=1)
    server = web.Application()
    server.router.add_post("/messages", provider.messages)
    runner = web.AppRunner(server, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    bus = InMemoryBus()
    await bus.start()
    settings = NotificationSettings(
        database_url=database_url,
        outbox_poll_seconds=0.05,
        sms_sender_poll_seconds=0.05,
        sms_quiet_hours="00:00-00:00",
        sms_provider="http",
        sms_http_base_url=f"http://127.0.0.1:{port}",
        sms_http_api_key=API_KEY,
        sms_receipt_secret=RECEIPT_SECRET,
    )
    app = main.create_app(settings, bus=bus, token_verifier=VERIFIER)
    gateway = FakeGateway()
    app.state.inquiry_transport = httpx.ASGITransport(app=gateway.app())
    try:
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://n") as client:
                yield HttpWindow(client, bus, gateway, [], provider, database_url)
    finally:
        await bus.stop()
        await runner.cleanup()


async def test_it_sends_with_the_key_retries_a_500_and_takes_the_receipt(
    window: HttpWindow, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fact = submitted(str(uuid.uuid4()), COMPLETE)
    await window.publish(fact)

    async def sent() -> bool:
        return [m.status for m in await window.messages()] == ["sent"]

    await eventually(sent, what="the message sent after the provider's 500")
    assert len(window.provider.received) == 2  # the 500, then the one it took
    (message,) = await window.messages()
    headers, body = window.provider.received[-1]
    assert headers["Authorization"] == f"Bearer {API_KEY}"
    assert body == {"to": COMPLETE[1], "text": message.text, "reference": message.id}
    assert (message.attempts, message.provider_reference) == (2, "prov-2")

    response = await window.receipt({"reference": message.id, "status": "delivered"})
    assert response.status_code == 200, response.text
    assert response.json() == {"id": message.id, "status": "delivered"}
    (message,) = await window.messages()
    assert message.status == "delivered" and message.delivered_at is not None
    again = await window.receipt({"reference": message.id, "status": "delivered"})
    assert again.status_code == 200  # a provider repeating its receipt changes nothing

    logged = "\n".join(
        f"{r.getMessage()} {json.dumps(r.__dict__, default=str)}" for r in caplog.records
    )
    assert API_KEY not in logged


async def test_a_failed_receipt_marks_the_message_failed(window: HttpWindow) -> None:
    window.provider.failures = 0
    await window.publish(submitted(str(uuid.uuid4()), COMPLETE))

    async def sent() -> bool:
        return [m.status for m in await window.messages()] == ["sent"]

    await eventually(sent, what="the message sent")
    (message,) = await window.messages()
    response = await window.receipt({"reference": message.id, "status": "failed"})
    assert response.json()["status"] == "failed"
    (message,) = await window.messages()
    assert message.status == "failed" and message.reason


@pytest.mark.parametrize("secret", [None, "", "wrong", RECEIPT_SECRET + "x"])
async def test_a_receipt_without_the_shared_secret_is_refused(
    window: HttpWindow, secret: str | None
) -> None:
    response = await window.receipt({"reference": "x", "status": "delivered"}, secret=secret)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_receipt_for_no_message_of_ours_is_a_404(window: HttpWindow) -> None:
    response = await window.receipt({"reference": str(uuid.uuid4()), "status": "delivered"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"reference": "x"},
        {"reference": "x", "status": "read"},
        {"reference": "", "status": "failed"},
    ],
)
async def test_a_malformed_receipt_is_a_422(window: HttpWindow, body: dict[str, Any]) -> None:
    response = await window.receipt(body)
    assert response.status_code == 422
