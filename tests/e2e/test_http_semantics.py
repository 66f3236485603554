"""HTTP semantics through the embedded window's gateway (issue 18): HEAD wherever GET works,
If-None-Match compared weakly on the status lookup, RateLimit headers under a limit and a
real Retry-After over it, and CORS preflights answered as configured, never a 405."""

import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from panjereh_embedded.app import create_app
from tests.support import LifespanManager, eventually

pytestmark = pytest.mark.asyncio
PERSON = "0018392741"
_POLICY = re.compile(r'^"(?P<name>[a-z]+)";q=(?P<q>\d+);w=(?P<w>\d+)$')
_LEFT = re.compile(r'^"(?P<name>[a-z]+)";r=(?P<r>\d+);t=(?P<t>\d+)$')


@pytest_asyncio.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(create_app(tmp_path / "data"), startup_timeout=120) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            yield client


async def _tracking_code(gateway: httpx.AsyncClient) -> str:
    form = {
        "grant_type": "client_credentials",
        "client_id": "passport-police-backend",
        "client_secret": "demo-passport-police-secret",
    }
    token = (await gateway.post("/v1/oauth/token", data=form)).json()["access_token"]
    submitted = await gateway.post(
        "/v1/applications",
        json={"service_id": "exit-permit-review", "applicant": {"national_code": PERSON}},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex},
    )
    assert submitted.status_code == 202, submitted.text
    code = str(submitted.json()["tracking_code"])

    async def visible() -> bool:
        answer = await gateway.get(f"/v1/status/{code}", headers={"X-National-Code": PERSON})
        return answer.status_code == 200

    await eventually(visible, within=60, what="the status projection")
    return code


async def test_head_works_wherever_get_does(gateway: httpx.AsyncClient) -> None:
    code = await _tracking_code(gateway)
    person = {"X-National-Code": PERSON}
    for path, headers in (
        (f"/v1/status/{code}", person),
        (f"/v1/status/{code}/access-log", person),
        ("/v1/catalog/services", {}),
        ("/openapi.json", {}),
        ("/health/live", {}),
        ("/.well-known/oauth-authorization-server", {}),
    ):
        got, head = (
            await gateway.get(path, headers=headers),
            await gateway.head(path, headers=headers),
        )
        assert (path, head.status_code) == (path, got.status_code) and got.status_code == 200
        assert head.content == b"", path
        assert head.headers["content-type"] == got.headers["content-type"], path
        assert head.headers.get("etag") == got.headers.get("etag"), path
    events = await gateway.head(f"/v1/status/{code}/events", headers=person)
    assert events.status_code == 200 and events.content == b""
    assert events.headers["content-type"].startswith("text/event-stream")


async def test_head_on_a_404_is_a_404_with_no_body(gateway: httpx.AsyncClient) -> None:
    for path in ("/v1/status/1234567890123", "/v1/nowhere"):
        head = await gateway.head(path, headers={"X-National-Code": PERSON})
        assert head.status_code == 404 and head.content == b"", path
        assert head.headers["content-type"].startswith("application/problem+json")


async def test_if_none_match_is_compared_weakly(gateway: httpx.AsyncClient) -> None:
    code = await _tracking_code(gateway)
    person = {"X-National-Code": PERSON}
    first = await gateway.get(f"/v1/status/{code}", headers=person)
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    # The fast path (a cached view) and the routes (any query, here ?wait=0) alike.
    for query in ("", "?wait=0"):
        for given in (etag, f"W/{etag}", f'"x", W/{etag}', "*"):
            again = await gateway.get(
                f"/v1/status/{code}{query}", headers=person | {"If-None-Match": given}
            )
            assert again.status_code == 304, (query, given)
            assert again.content == b"" and again.headers["etag"] == etag
    for given in ('W/"x", "y"', etag.strip('"'), f"{etag} junk"):
        again = await gateway.get(f"/v1/status/{code}", headers=person | {"If-None-Match": given})
        assert again.status_code == 200 and again.json()["tracking_code"] == code, given


async def test_answers_under_a_limit_say_what_is_left(gateway: httpx.AsyncClient) -> None:
    answers = [await gateway.get("/v1/catalog/services") for _ in range(3)]
    left = []
    for answer in answers:
        assert answer.status_code == 200
        policy = _POLICY.match(answer.headers["ratelimit-policy"])
        now = _LEFT.match(answer.headers["ratelimit"])
        assert policy and now, answer.headers
        assert policy["name"] == now["name"] == "ip"
        assert (int(policy["q"]), int(policy["w"])) == (600, 60)  # the default per address
        left.append(int(now["r"]))
    assert left[0] > left[1] > left[2]


async def test_over_the_limit_retry_after_is_the_time_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANJEREH_GATEWAY_RATE_LIMIT_PER_IP", "3/minute")
    async with (
        LifespanManager(create_app(tmp_path / "data"), startup_timeout=120) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://gateway"
        ) as gateway,
    ):
        answers = [await gateway.get("/v1/catalog/services") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert _LEFT.match(answers[2].headers["ratelimit"])["r"] == "0"  # type: ignore[index]
    refused = answers[3]
    wait = int(refused.headers["retry-after"])
    assert 1 <= wait <= 60
    assert refused.headers["ratelimit"] == f'"ip";r=0;t={wait}'
    assert refused.headers["ratelimit-policy"] == '"ip";q=3;w=60'
    assert refused.headers["content-type"].startswith("application/problem+json")


PREFLIGHT = {"Origin": "https://app.example", "Access-Control-Request-Method": "GET"}


async def test_a_preflight_with_no_origin_configured_is_a_204_without_cors(
    gateway: httpx.AsyncClient,
) -> None:
    answer = await gateway.options("/v1/status/1234567890123", headers=PREFLIGHT)
    assert answer.status_code == 204
    assert "access-control-allow-origin" not in answer.headers
    plain = await gateway.options("/v1/catalog/services")
    assert plain.status_code == 204 and "GET" in plain.headers["allow"]


async def test_a_preflight_is_answered_as_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANJEREH_GATEWAY_CORS_ORIGINS", "https://app.example")
    async with (
        LifespanManager(create_app(tmp_path / "data"), startup_timeout=120) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://gateway"
        ) as gateway,
    ):
        allowed = await gateway.options(
            "/v1/status/1234567890123",
            headers=PREFLIGHT | {"Access-Control-Request-Headers": "x-national-code"},
        )
        other = await gateway.options(
            "/v1/status/1234567890123", headers=PREFLIGHT | {"Origin": "https://evil.example"}
        )
        simple = await gateway.get("/v1/catalog/services", headers={"Origin": PREFLIGHT["Origin"]})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://app.example"
    assert "x-national-code" in allowed.headers["access-control-allow-headers"].lower()
    assert other.status_code == 204 and "access-control-allow-origin" not in other.headers
    exposed = simple.headers["access-control-expose-headers"]
    assert "RateLimit" in exposed and "ETag" in exposed
