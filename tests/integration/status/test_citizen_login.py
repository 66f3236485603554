"""The one-time code's store and sender on SQLite and a real PostgreSQL (issue 17): a request
is answered before the code exists, the code is handed over and kept only as its HMAC, it
opens one session, concurrent requests of one person keep one row within their budget, and a
failed hand-over is tried again with a new code."""

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
import pytest
import sqlalchemy as sa

from status_service.main import create_app
from status_service.models import citizen_logins
from status_service.settings import StatusSettings
from tests.support import ISSUER, VERIFIER, LifespanManager, eventually

pytestmark = pytest.mark.asyncio
PERSON, MOBILE = "0018392741", "09121000001"


@dataclass
class FakeNotification:
    """The notification service's internal route and the gateway's token endpoint."""

    outcomes: list[str] = field(default_factory=list)  # what to answer, in turn; then "sent"
    received: list[dict[str, object]] = field(default_factory=list)
    tokens_asked: int = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/oauth/token":
            self.tokens_asked += 1
            return httpx.Response(200, json={"access_token": "t", "expires_in": 900})
        assert request.url.path == "/internal/citizen-otp-sms"
        assert request.headers["authorization"] == "Bearer t"
        self.received.append(json.loads(request.content))
        outcome = self.outcomes.pop(0) if self.outcomes else "sent"
        return httpx.Response(200, json={"outcome": outcome})

    def codes(self) -> list[str]:
        return [str(body["code"]) for body in self.received]


@contextlib.asynccontextmanager
async def status(database_url: str, fake: FakeNotification) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(
        StatusSettings(database_url=database_url, otp_sender_poll_seconds=0.05),
        token_verifier=VERIFIER,
    )
    transport = httpx.MockTransport(fake.handle)
    app.state.otp_transports = {"notification": transport, "gateway": transport}
    async with LifespanManager(app) as manager:
        asgi = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=asgi, base_url="http://status") as client:
            client.service_app = app  # type: ignore[attr-defined]
            yield client


def _gateway() -> dict[str, str]:
    token = ISSUER.issue(client_id="panjereh-gateway", agency_id=None, scopes=["otp:redeem"])
    return {"Authorization": f"Bearer {token}"}


async def _ask(client: httpx.AsyncClient, mobile: str = MOBILE) -> httpx.Response:
    return await client.post("/v1/citizen/otp", json={"national_code": PERSON, "mobile": mobile})


async def _redeem(client: httpx.AsyncClient, code: str) -> httpx.Response:
    return await client.post(
        "/internal/citizen-otp/redeem",
        json={"national_code": PERSON, "code": code},
        headers=_gateway(),
    )


async def _rows(client: httpx.AsyncClient) -> list[dict[str, object]]:
    engine = client.service_app.state.runtime.engine  # type: ignore[attr-defined]
    async with engine.connect() as connection:
        rows = (await connection.execute(sa.select(citizen_logins))).mappings().all()
    return [dict(row) for row in rows]


async def test_a_code_is_handed_over_kept_only_as_its_hmac_and_opens_one_session(
    database_url: str,
) -> None:
    fake = FakeNotification()
    async with status(database_url, fake) as client:
        answer = await _ask(client, mobile="۰۹۱۲۱۰۰۰۰۰۱")  # Persian digits accepted
        assert answer.status_code == 202, answer.text
        await eventually(lambda: len(fake.received) == 1, within=30, what="the hand-over")
        (handed,) = fake.received
        assert (handed["national_code"], handed["mobile"], handed["valid_seconds"]) == (
            PERSON,
            MOBILE,
            120,
        )
        code = fake.codes()[0]
        assert len(code) == 6 and code.isdigit()

        async def recorded() -> bool:
            return (await _rows(client))[0]["state"] == "sent"

        await eventually(recorded, within=30, what="the hand-over recorded")
        (row,) = await _rows(client)
        stored = " ".join(str(value) for value in row.values())
        assert code not in stored and PERSON not in stored and MOBILE not in stored
        assert (await _redeem(client, code)).status_code == 200
        again = await _redeem(client, code)
        assert again.status_code == 400, "a code opened two sessions"


async def test_concurrent_requests_of_one_person_keep_one_row_within_their_budget(
    database_url: str,
) -> None:
    fake = FakeNotification()
    async with status(database_url, fake) as client:
        answers = await asyncio.gather(*(_ask(client) for _ in range(8)))
        assert [answer.status_code for answer in answers] == [202] * 8
        assert len({answer.content for answer in answers}) == 1
        (row,) = await _rows(client)
        assert row["window_requests"] == 5  # PANJEREH_STATUS_OTP_REQUESTS_PER_PERSON: 5/hour
        await eventually(lambda: len(fake.received) >= 1, within=30, what="a hand-over")
        assert len(fake.received) <= 5


async def test_a_failed_hand_over_is_tried_again_with_a_new_code(database_url: str) -> None:
    fake = FakeNotification(outcomes=["unavailable"])
    async with status(database_url, fake) as client:
        assert (await _ask(client)).status_code == 202
        await eventually(lambda: len(fake.received) == 2, within=30, what="the second try")
        first, second = fake.codes()

        async def recorded() -> bool:
            return (await _rows(client))[0]["state"] == "sent"

        await eventually(recorded, within=30, what="the second hand-over recorded")
        if first != second:
            assert (await _redeem(client, first)).status_code == 400
        assert (await _redeem(client, second)).status_code == 200


async def test_a_mobile_shahkar_does_not_confirm_leaves_no_code_that_works(
    database_url: str,
) -> None:
    fake = FakeNotification(outcomes=["not_sent"])
    async with status(database_url, fake) as client:
        assert (await _ask(client)).status_code == 202
        await eventually(lambda: len(fake.received) == 1, within=30, what="the hand-over")

        async def recorded() -> bool:
            return (await _rows(client))[0]["state"] == "not_sent"

        await eventually(recorded, within=30, what="the refusal recorded")
        assert (await _redeem(client, fake.codes()[0])).status_code == 400


async def test_only_the_gateway_redeems(database_url: str) -> None:
    fake = FakeNotification()
    async with status(database_url, fake) as client:
        body = {"national_code": PERSON, "code": "123456"}
        anonymous = await client.post("/internal/citizen-otp/redeem", json=body)
        assert anonymous.status_code == 401
        agency = ISSUER.issue(
            client_id="passport-police-backend",
            agency_id="passport-police",
            scopes=["applications:read", "inquiries:read"],
        )
        refused = await client.post(
            "/internal/citizen-otp/redeem", json=body, headers={"Authorization": f"Bearer {agency}"}
        )
        assert refused.status_code == 403
        citizen = ISSUER.issue_citizen(national_code=PERSON, ttl=ISSUER.ttl)
        refused = await client.post(
            "/internal/citizen-otp/redeem",
            json=body,
            headers={"Authorization": f"Bearer {citizen}"},
        )
        assert refused.status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {"national_code": "0018392742", "mobile": MOBILE},  # check digit wrong
        {"national_code": PERSON, "mobile": "0912"},
        {"national_code": PERSON},
        {"mobile": MOBILE},
    ],
)
async def test_bad_input_is_a_422_that_records_nothing(
    database_url: str, body: dict[str, str]
) -> None:
    fake = FakeNotification()
    async with status(database_url, fake) as client:
        answer = await client.post("/v1/citizen/otp", json=body)
        assert answer.status_code == 422, answer.text
        assert await _rows(client) == []
