"""Issue 17, Must show 2 (the one-time code's part): the citizen's login by SMS code cannot be
guessed, outlived, aimed at someone else's phone, flooded, or read from the logs; and the
token it gives opens none of the agencies' endpoints.

Black box through the gateway of the embedded default over real HTTP; the only thing reached
inside is the status service's clock (`otp_clock`), so an expired code needs no waiting.
"""

import asyncio
import datetime as dt
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from panjereh import digits
from panjereh_embedded.app import create_app
from tests import citizen_support as citizen
from tests.security import _logs
from tests.security.conftest import OFFICE, PASSPORT, SECRETS, Window
from tests.support import eventually, serve

pytestmark = pytest.mark.asyncio
COMPLETE, COMPLETE_MOBILE = citizen.COMPLETE
MISMATCH, MISMATCH_MOBILE = citizen.MOBILE_MISMATCH


class Clock:
    """The status service's clock for one-time codes: real time, plus what a test adds."""

    def __init__(self) -> None:
        self.ahead = dt.timedelta()

    def __call__(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self.ahead


@dataclass
class Platform(Window):
    clock: Clock
    app: Any


def app_of(platform: Platform, service: str) -> Any:
    """One mounted service of the embedded app (for reading the sandbox's phone)."""
    return platform.app.state.services[service]


@pytest_asyncio.fixture
async def platform(tmp_path: Path) -> AsyncIterator[Platform]:
    app = create_app(tmp_path / "data")
    clock = Clock()
    app.state.services["status"].state.otp_clock = clock
    async with serve(app) as url, httpx.AsyncClient(base_url=url, timeout=30) as http:
        yield Platform(url=url, http=http, clock=clock, app=app)


def _problem(answer: httpx.Response) -> tuple[int, str, str, str]:
    body = answer.json()
    return answer.status_code, body["type"], body["title"], body["detail"]


def _wrong(code: str, n: int) -> str:
    return f"{(int(code) + 1 + n) % 1_000_000:06d}"


async def test_five_wrong_codes_kill_the_code_and_then_the_right_one_fails(
    platform: Platform,
) -> None:
    http = platform.http
    code = await citizen.request_code(http, national_code=COMPLETE, mobile=COMPLETE_MOBILE)
    refusals = {
        _problem(await citizen.redeem(http, national_code=COMPLETE, code=_wrong(code, n)))
        for n in range(5)
    }
    assert len(refusals) == 1  # one answer for every wrong code
    (refused,) = refusals
    assert refused[:2] == (400, "https://panjereh.ir/problems/code-refused")
    right = await citizen.redeem(http, national_code=COMPLETE, code=code)
    assert _problem(right) == refused, "the sixth try opened a dead code"
    # A new code works: the lock is on the code, not on the person.
    assert await citizen.citizen_login(http)


async def test_a_wrong_code_in_persian_digits_spends_a_try_like_any(platform: Platform) -> None:
    http = platform.http
    code = await citizen.request_code(http, national_code=COMPLETE, mobile=COMPLETE_MOBILE)
    persian = digits.to_persian(code)
    answer = await citizen.redeem(http, national_code=digits.to_persian(COMPLETE), code=persian)
    assert answer.status_code == 200, answer.text  # the right code, typed in Persian digits


async def test_an_expired_code_opens_nothing(platform: Platform) -> None:
    http = platform.http
    code = await citizen.request_code(http, national_code=COMPLETE, mobile=COMPLETE_MOBILE)
    never = await citizen.redeem(http, national_code=MISMATCH, code=code)  # never issued
    platform.clock.ahead = dt.timedelta(minutes=2, seconds=1)
    expired = await citizen.redeem(http, national_code=COMPLETE, code=code)
    assert _problem(expired) == _problem(never)
    platform.clock.ahead = dt.timedelta()
    again = await citizen.redeem(http, national_code=COMPLETE, code=code)
    assert _problem(again) == _problem(never), "an expired code came back to life"


async def _shahkar_asked(platform: Platform, national_code: str) -> int:
    """How many Shahkar matches the person's access history holds (the office's view)."""
    office = await platform.auth(OFFICE)
    answer = await platform.http.get(
        "/v1/oversight/access-history", params={"national_code": national_code}, headers=office
    )
    assert answer.status_code == 200, answer.text
    return sum(item["evidence_type"] == "mobile-ownership" for item in answer.json()["items"])


def _same_answer(a: httpx.Response, b: httpx.Response) -> None:
    assert (a.status_code, a.content) == (b.status_code, b.content)
    # The request's own id and time, and the client's own rate count (RateLimit: the
    # address's, which says nothing of the person asked about).
    varying = {"date", "x-request-id", "content-length", "ratelimit"}
    assert {k: v for k, v in a.headers.items() if k not in varying} == {
        k: v for k, v in b.headers.items() if k not in varying
    }


async def test_another_persons_mobile_gets_no_sms_and_the_same_answer(
    platform: Platform,
) -> None:
    http = platform.http
    real = await http.post(
        "/v1/citizen/otp", json={"national_code": COMPLETE, "mobile": COMPLETE_MOBILE}
    )
    # Someone types the complete persona's national code with their own mobile, and the
    # mobile-mismatch persona asks with theirs (Shahkar never confirms it).
    other = await http.post(
        "/v1/citizen/otp", json={"national_code": COMPLETE, "mobile": MISMATCH_MOBILE}
    )
    _same_answer(real, other)
    mismatch = await http.post(
        "/v1/citizen/otp", json={"national_code": MISMATCH, "mobile": MISMATCH_MOBILE}
    )
    _same_answer(real, mismatch)
    assert real.status_code == 202
    # Both were asked of Shahkar (a real inquiry, in each person's history) and neither sent.
    await eventually(
        lambda: _shahkar_asked(platform, MISMATCH), within=60, what="mismatch's Shahkar match"
    )

    async def both_matched() -> bool:
        return await _shahkar_asked(platform, COMPLETE) >= 1

    await eventually(both_matched, within=60, what="the complete persona's Shahkar match")
    assert await citizen.sandbox_texts(http, MISMATCH_MOBILE) == []


async def test_a_thousand_requests_from_one_client_are_cut_off_and_send_nothing_more(
    platform: Platform,
) -> None:
    http = platform.http
    people = [citizen.COMPLETE, citizen.MOBILE_MISMATCH]
    answers: list[httpx.Response] = []
    for start in range(0, 1000, 50):
        answers += await asyncio.gather(
            *(
                http.post(
                    "/v1/citizen/otp",
                    json=dict(zip(("national_code", "mobile"), people[n % 2], strict=True)),
                )
                for n in range(start, start + 50)
            )
        )
    statuses = [answer.status_code for answer in answers]
    accepted = statuses.count(202)
    assert set(statuses) == {202, 429}
    # PANJEREH_STATUS_OTP_REQUESTS_PER_CLIENT, 10/minute: a sliding window counter, which
    # lets at most twice that through in a span that straddles two of its windows.
    assert 1 <= accepted <= 20
    limited = [(n % 2, a) for n, a in enumerate(answers) if a.status_code == 429]
    # The status service's limit per client, then the gateway's per address: the same
    # refusals whoever was asked about (their request ids and seconds to wait aside).
    shapes: dict[int, set[str]] = {0: set(), 1: set()}
    for person, answer in limited:
        assert answer.json()["type"] == "https://panjereh.ir/problems/rate-limited"
        shapes[person].add(re.sub(r"[0-9]+", "N", str({**answer.json(), "request_id": ""})))
    assert shapes[0] == shapes[1]
    assert all(int(answer.headers["Retry-After"]) >= 1 for _, answer in limited)

    # The flood spent this address's share at the gateway (600/minute) too: the sandbox's
    # phone is read from the notification service itself.
    notification = app_of(platform, "notification")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=notification), base_url="http://notification"
    ) as phone:
        sent: list[str] = []

        async def delivered() -> bool:
            sent[:] = await citizen.sandbox_codes(phone, COMPLETE_MOBILE)
            return len(sent) >= 1

        await eventually(delivered, within=60, what="the code of an accepted request")
        assert await citizen.sandbox_texts(phone, MISMATCH_MOBILE) == []
    assert 1 <= len(sent) <= min(accepted, 5)  # and 5 per person an hour


async def test_the_code_never_reaches_a_log_line(
    platform: Platform, captured: _logs.Everything
) -> None:
    http = platform.http
    codes = [await citizen.request_code(http, national_code=COMPLETE, mobile=COMPLETE_MOBILE)]
    await citizen.redeem(http, national_code=COMPLETE, code=_wrong(codes[0], 0))
    codes.append(await citizen.request_code(http, national_code=COMPLETE, mobile=COMPLETE_MOBILE))
    assert (await citizen.redeem(http, national_code=COMPLETE, code=codes[1])).status_code == 200
    assert len(captured.lines) > 10  # the login was logged, as every request is
    for code in codes:
        alone = re.compile(rf"(?<![0-9A-Za-z]){code}(?![0-9A-Za-z])")
        leaks = [line for line in captured.lines if alone.search(_logs.readable(line))]
        assert leaks == [], f"the one-time code is in the log: {leaks[:3]}"


AGENCY_ENDPOINTS = [
    ("GET", "/v1/applications", None),
    ("POST", "/v1/inquiries", {"evidence_type": "national-id-card", "national_code": COMPLETE}),
    ("GET", "/v1/webhooks", None),
    ("GET", "/v1/compliance/summary", None),
    ("GET", "/v1/legal-basis/requests", None),
    ("GET", "/v1/oversight/access-history?national_code=" + COMPLETE, None),
]


async def test_a_citizen_token_opens_no_agency_endpoint(platform: Platform) -> None:
    http = platform.http
    headers = await citizen.citizen_headers(http)
    for method, path, body in AGENCY_ENDPOINTS:
        answer = await http.request(method, path, headers=headers, json=body)
        assert answer.status_code == 403, (method, path, answer.text)
    mine = await http.get("/v1/citizen/applications", headers=headers)
    assert mine.status_code == 200, mine.text


async def test_no_oauth_client_is_granted_the_citizen_scope(platform: Platform) -> None:
    answer = await platform.http.post(
        "/v1/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": PASSPORT,
            "client_secret": SECRETS[PASSPORT],
            "scope": "citizen",
        },
    )
    assert answer.status_code == 400, answer.text
    assert "access_token" not in answer.json()


async def test_the_internal_routes_are_not_reachable_through_the_gateway(
    platform: Platform,
) -> None:
    http = platform.http
    for path in ("/internal/citizen-otp/redeem", "/internal/citizen-otp-sms"):
        answer = await http.post(path, json={"national_code": COMPLETE, "code": "123456"})
        assert answer.status_code == 404, (path, answer.text)
    document = (await http.get("/openapi.json")).json()
    assert not [path for path in document["paths"] if path.startswith("/internal")]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"national_code": COMPLETE, "code": "12a456"}, 400),  # never a code: refused alike
        ({"national_code": COMPLETE, "code": "1234567"}, 400),
        ({"national_code": COMPLETE, "code": "x" * 21}, 422),
        ({"national_code": "0018392742", "code": "123456"}, 422),  # check digit wrong
        ({"code": "123456"}, 422),
    ],
)
async def test_bad_input_to_the_token_endpoint_opens_nothing(
    platform: Platform, body: dict[str, str], status: int
) -> None:
    answer = await platform.http.post("/v1/citizen/token", json=body)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert "access_token" not in answer.json()
