"""SMS to applicants through the notification service's app, on SQLite and a real PostgreSQL:
events on the bus in, the sandbox's messages out (GET /v1/sandbox/sms), Shahkar asked over
HTTP the way the service asks the gateway (token, then POST /v1/inquiries), answered here
from the inquiry service's own sandbox records of the personas. The whole chain through the
real gateway and inquiry service is tests/e2e/test_sms_embedded.py.
"""

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI, Form, Header, HTTPException

from inquiry_service.sandbox import records
from notification_service import main
from notification_service.parts import Parts, Wiring
from notification_service.settings import NotificationSettings
from panjereh import digits, events
from panjereh.bus.base import Delivery, OutgoingMessage
from panjereh.bus.memory import InMemoryBus
from panjereh.settings import Profile
from tests.support import VERIFIER, LifespanManager, eventually

pytestmark = pytest.mark.asyncio
COMPLETE = ("0018392741", "09121000001")  # the `complete` persona
MISMATCH = ("0063927187", "09121000006")  # `mobile-mismatch`: Shahkar says it is not theirs


@dataclass
class FakeGateway:
    """The gateway's token endpoint and the inquiry service's answer, from sandbox records."""

    inquiries: list[dict[str, Any]] = field(default_factory=list)
    down: bool = False
    refused: int = 0  # inquiries answered 503 while down

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/oauth/token")
        async def token(client_id: str = Form(), client_secret: str = Form()) -> dict[str, Any]:
            if (client_id, client_secret) != (
                "panjereh-notifications",
                "demo-notifications-secret",
            ):
                raise HTTPException(401)
            return {"access_token": "t0k3n", "token_type": "Bearer", "expires_in": 300}

        @app.post("/v1/inquiries")
        async def inquire(body: dict[str, Any], authorization: str = Header()) -> dict[str, Any]:
            if authorization != "Bearer t0k3n":
                raise HTTPException(401)
            if self.down:
                self.refused += 1
                raise HTTPException(503)
            self.inquiries.append(body)
            answer = records.lookup(
                body["evidence_type"], body["national_code"], mobile=body["mobile"]
            )
            return {"id": str(uuid.uuid4()), "status": answer.status, "data": answer.data}

        return app


@dataclass
class Window:
    client: httpx.AsyncClient
    bus: InMemoryBus
    gateway: FakeGateway
    announced: list[events.CloudEvent]

    async def publish(self, *facts: events.Event) -> None:
        envelopes = [events.wrap(f, source="/panjereh/application-service") for f in facts]
        await self.bus.publish_batch(
            [OutgoingMessage.of(f.topic, e) for f, e in zip(facts, envelopes, strict=True)]
        )

    async def sms(self, mobile: str) -> list[dict[str, Any]]:
        response = await self.client.get("/v1/sandbox/sms", params={"mobile": mobile})
        assert response.status_code == 200, response.text
        return list(response.json()["items"])

    def announced_of(self, kind: type[events.Event]) -> list[events.Event]:
        return [events.unwrap(e) for e in self.announced if e.type == kind.type]


def _no_webhooks(wiring: Wiring) -> Parts:
    return Parts()


@pytest_asyncio.fixture
async def window(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Window]:
    monkeypatch.setattr(main.webhooks, "lifespan_parts", _no_webhooks)
    bus = InMemoryBus()
    announced: list[events.CloudEvent] = []

    async def collect(deliveries: Sequence[Delivery]) -> None:
        announced.extend(d.envelope() for d in deliveries)

    bus.subscribe([events.NotificationSmsNotSent.topic], collect, group="test-collector")
    await bus.start()
    settings = NotificationSettings(
        database_url=database_url,
        outbox_poll_seconds=0.05,
        sms_sender_poll_seconds=0.05,
        sms_quiet_hours="00:00-00:00",  # the test may run at night: nothing held
    )
    app = main.create_app(settings, bus=bus, token_verifier=VERIFIER)
    gateway = FakeGateway()
    app.state.inquiry_transport = httpx.ASGITransport(app=gateway.app())
    try:
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://n") as client:
                yield Window(client, bus, gateway, announced)
    finally:
        await bus.stop()


def submitted(app_id: str, person: tuple[str, str | None]) -> events.ApplicationSubmitted:
    now = dt.datetime.now(dt.UTC)
    return events.ApplicationSubmitted(
        application_id=app_id,
        tracking_code=f"{uuid.UUID(app_id).int % 10**13:013d}",
        service_id="passport-issuance",
        agency_id="passport-police",
        national_code=person[0],
        mobile=person[1],
        submitted_at=now,
        sla_due_at=now + dt.timedelta(days=3),
        required_evidence=("national-id-card",),
    )


def decided(fact: events.ApplicationSubmitted) -> events.ApplicationDecided:
    return events.ApplicationDecided(
        application_id=fact.application_id,
        tracking_code=fact.tracking_code,
        service_id=fact.service_id,
        agency_id=fact.agency_id,
        outcome="approved",
        by="rules",
        decided_at=dt.datetime.now(dt.UTC),
    )


async def test_the_complete_persona_gets_persian_messages_with_the_tracking_code(
    window: Window,
) -> None:
    fact = submitted(str(uuid.uuid4()), COMPLETE)
    await window.publish(fact, decided(fact))

    async def both() -> bool:
        return len(await window.sms(COMPLETE[1])) == 2

    await eventually(both, what="the receipt and the decision in the sandbox")
    receipt, decision = await window.sms(COMPLETE[1])
    code = digits.to_persian(fact.tracking_code)
    assert code in receipt["text"] and "ثبت شد" in receipt["text"]
    assert code in decision["text"] and "تأیید شد" in decision["text"]
    assert "/track" in receipt["text"]
    (inquiry,) = window.gateway.inquiries  # Shahkar once for the application, not per message
    assert inquiry == {
        "evidence_type": "mobile-ownership",
        "national_code": COMPLETE[0],
        "mobile": COMPLETE[1],
        "purpose": {"service_id": "applicant-notifications"},
    }
    assert window.announced_of(events.NotificationSmsNotSent) == []


async def test_the_mobile_mismatch_persona_gets_none_and_the_status_is_told(
    window: Window,
) -> None:
    fact = submitted(str(uuid.uuid4()), MISMATCH)
    await window.publish(fact, decided(fact))
    await eventually(
        lambda: len(window.announced_of(events.NotificationSmsNotSent)) == 2,
        what="two sms_not_sent events",
    )
    told = window.announced_of(events.NotificationSmsNotSent)
    assert {(e.application_id, e.reason.code) for e in told} == {  # type: ignore[attr-defined]
        (fact.application_id, "mobile_not_confirmed")
    }
    assert await window.sms(MISMATCH[1]) == []


async def test_a_redelivered_submission_sends_nothing_twice(window: Window) -> None:
    fact = submitted(str(uuid.uuid4()), COMPLETE)
    envelope = events.wrap(fact, source="/panjereh/application-service")
    for _ in range(2):
        await window.bus.publish_batch([OutgoingMessage.of(fact.topic, envelope)])
    again = submitted(fact.application_id, COMPLETE)  # another event of the same state
    await window.publish(again)
    await eventually(lambda: len(window.gateway.inquiries) == 1, what="the Shahkar inquiry")

    async def sent_one() -> bool:
        return len(await window.sms(COMPLETE[1])) == 1

    await eventually(sent_one, what="the receipt")
    assert len(await window.sms(COMPLETE[1])) == 1


async def test_while_shahkar_is_down_the_message_waits_then_goes(window: Window) -> None:
    window.gateway.down = True
    fact = submitted(str(uuid.uuid4()), COMPLETE)
    await window.publish(fact)
    await eventually(lambda: window.gateway.refused >= 1, what="an inquiry while it is down")
    assert await window.sms(COMPLETE[1]) == []  # nothing goes unconfirmed
    window.gateway.down = False

    async def sent() -> bool:
        return len(await window.sms(COMPLETE[1])) == 1

    await eventually(sent, within=30, what="the receipt once Shahkar answers")


@pytest.mark.parametrize("mobile", ["۰۹۱۲۱۰۰۰۰۰۱", "+989121000001", "0912 100 0001"])
async def test_the_sandbox_reads_a_mobile_in_any_digits(window: Window, mobile: str) -> None:
    response = await window.client.get("/v1/sandbox/sms", params={"mobile": mobile})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("mobile", ["", "0912", "08121000001", "٠٩١٢abc", "0912100000１"])
async def test_a_bad_mobile_is_a_422_in_both_languages(window: Window, mobile: str) -> None:
    for language, detail in (
        ("fa", "شماره همراه معتبر نیست"),
        ("en", "mobile number is not valid"),
    ):
        response = await window.client.get(
            "/v1/sandbox/sms", params={"mobile": mobile}, headers={"Accept-Language": language}
        )
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert detail in problem["detail"] and problem["errors"][0]["field"] == "mobile"


async def test_a_missing_mobile_is_a_422(window: Window) -> None:
    response = await window.client.get("/v1/sandbox/sms")
    assert response.status_code == 422


async def test_the_sandbox_is_not_there_in_production(sqlite_url: str) -> None:
    bus = InMemoryBus()
    await bus.start()
    app = main.create_app(
        NotificationSettings(database_url=sqlite_url), bus=bus, token_verifier=VERIFIER
    )
    # The route checks the profile itself: production refuses SQLite and demo secrets at
    # start, so the app's runtime is given the production profile after it was built.
    async with LifespanManager(app) as manager:
        app.state.runtime.settings.profile = Profile.PRODUCTION
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://n") as client:
            response = await client.get("/v1/sandbox/sms", params={"mobile": COMPLETE[1]})
    assert response.status_code == 404
