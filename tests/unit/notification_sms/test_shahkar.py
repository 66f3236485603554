"""The Shahkar client over a mock transport: one token for many questions, the answers it
reads, and every failure "unavailable" (never "confirmed")."""

import datetime as dt
import json

import httpx
import pytest
from pydantic import SecretStr

from notification_service.sms.shahkar import ShahkarClient

pytestmark = pytest.mark.asyncio
T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


class Clock:
    now = T0

    def __call__(self) -> dt.datetime:
        return self.now


def client(handler: httpx.MockTransport, clock: Clock | None = None) -> ShahkarClient:
    return ShahkarClient(
        base_url="http://gateway",
        client_id="panjereh-notifications",
        client_secret=SecretStr("s"),
        purpose_service_id="applicant-notifications",
        timeout_seconds=1,
        clock=clock or Clock(),
        transport=handler,
    )


def gateway(answer: httpx.Response | Exception, calls: list[str]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if request.url.path == "/v1/oauth/token":
            assert b"scope=inquiries%3Aread" in request.content
            return httpx.Response(200, json={"access_token": "t", "expires_in": 300})
        assert request.headers["Authorization"] == "Bearer t"
        body = json.loads(request.content)
        assert body["purpose"] == {"service_id": "applicant-notifications"}
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.MockTransport(handle)


@pytest.mark.parametrize(
    ("answer", "outcome"),
    [
        (httpx.Response(200, json={"status": "found", "data": {"matches": True}}), "confirmed"),
        (httpx.Response(200, json={"status": "found", "data": {"matches": False}}), "mismatch"),
        (httpx.Response(200, json={"status": "found", "data": {}}), "mismatch"),
        (httpx.Response(200, json={"status": "not_found", "data": None}), "mismatch"),
        (httpx.Response(200, json={"status": "unavailable", "data": None}), "unavailable"),
        (httpx.Response(403, json={"type": "no-legal-basis/pending"}), "unavailable"),
        (httpx.Response(503), "unavailable"),
        (httpx.ConnectError("down"), "unavailable"),
        (httpx.ReadTimeout("slow"), "unavailable"),
    ],
)
async def test_what_each_answer_means(answer: httpx.Response | Exception, outcome: str) -> None:
    shahkar = client(gateway(answer, []))
    assert await shahkar.confirm(national_code="0018392741", mobile="09121000001") == outcome
    await shahkar.aclose()


async def test_one_token_serves_until_it_nearly_expires() -> None:
    calls: list[str] = []
    clock = Clock()
    found = httpx.Response(200, json={"status": "found", "data": {"matches": True}})
    shahkar = client(gateway(found, calls), clock)
    for _ in range(3):
        await shahkar.confirm(national_code="0018392741", mobile="09121000001")
    assert calls.count("/v1/oauth/token") == 1
    clock.now = T0 + dt.timedelta(seconds=280)  # within 30 s of its end: renewed
    await shahkar.confirm(national_code="0018392741", mobile="09121000001")
    assert calls.count("/v1/oauth/token") == 2
    await shahkar.aclose()


async def test_a_refused_token_is_unavailable_not_a_crash() -> None:
    shahkar = client(httpx.MockTransport(lambda request: httpx.Response(401, json={})))
    assert await shahkar.confirm(national_code="0018392741", mobile="09121000001") == "unavailable"
    await shahkar.aclose()
