"""The registry simulator, in-process over ASGI: answers, errors, faults, stats, latency."""

import datetime as dt
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
import pytest_asyncio

from inquiry_service.sandbox import personas, records
from inquiry_service.simulator.app import SimulatorSettings, create_app
from panjereh import digits

pytestmark = pytest.mark.asyncio

KEY = {"X-Exchange-Key": "sandbox-exchange-key"}
ID_CARD = "/exchange/v1/civil-registration/national-id-card"
DEGREE = "/exchange/v1/education/education-degree"
MILITARY = "/exchange/v1/military/military-service-card"
MOBILE = "/exchange/v1/shahkar/mobile-ownership"
# asyncio may wake a timer within its clock resolution; allow that much, no more.
CLOCK_SLACK = 0.002

Client = Callable[..., Awaitable[httpx.AsyncClient]]


def _code(trait: str) -> str:
    return next(p.national_code for p in personas.PERSONAS if trait in p.traits)


COMPLETE = _code("complete")


def _settings(**overrides: object) -> SimulatorSettings:
    values: dict[str, object] = {"latency_ms": 0, "slow_seconds": 0.2, "timeout_seconds": 0.2}
    values.update(overrides)
    return SimulatorSettings.model_validate(values)


@pytest_asyncio.fixture
async def make_client() -> AsyncIterator[Client]:
    clients: list[httpx.AsyncClient] = []

    async def make(**overrides: object) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=create_app(_settings(**overrides)))
        client = httpx.AsyncClient(transport=transport, base_url="http://sim")
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest_asyncio.fixture
async def sim(make_client: Client) -> httpx.AsyncClient:
    return await make_client()


async def _ask(client: httpx.AsyncClient, path: str, code: str, **body: object) -> httpx.Response:
    return await client.post(path, json={"national_code": code, **body}, headers=KEY)


async def test_found_answers_200_with_the_sandbox_record(sim: httpx.AsyncClient) -> None:
    response = await _ask(sim, ID_CARD, COMPLETE)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "found"
    assert body["registry"] == "civil-registration"
    assert body["evidence_type"] == "national-id-card"
    assert body["data"] == records.lookup("national-id-card", COMPLETE).data
    answered = dt.datetime.fromisoformat(body["answered_at"])
    assert abs(dt.datetime.now(dt.UTC) - answered) < dt.timedelta(minutes=1)


async def test_answers_are_deterministic(sim: httpx.AsyncClient) -> None:
    first = (await _ask(sim, DEGREE, "0094815275")).json()
    second = (await _ask(sim, DEGREE, "0094815275")).json()
    assert first["data"] == second["data"] and first["data"] is not None


async def test_persian_digits_are_accepted(sim: httpx.AsyncClient) -> None:
    response = await _ask(sim, ID_CARD, digits.to_persian(COMPLETE))
    assert response.status_code == 200
    assert response.json()["data"]["national_code"] == COMPLETE


async def test_not_found_answers_404_with_null_data(sim: httpx.AsyncClient) -> None:
    response = await _ask(sim, DEGREE, _code("no-degree"))
    assert response.status_code == 404
    body = response.json()
    assert body["status"] == "not_found" and body["data"] is None
    assert body["evidence_type"] == "education-degree"


async def test_mobile_is_checked_against_shahkar(sim: httpx.AsyncClient) -> None:
    mismatch = personas.persona_for(_code("mobile-mismatch"))
    assert mismatch is not None
    response = await _ask(sim, MOBILE, mismatch.national_code, mobile=mismatch.mobile)
    assert response.json()["data"]["matches"] is False
    ok = await _ask(sim, MOBILE, COMPLETE, mobile="+989121000001")
    assert ok.json()["data"] == {
        "national_code": COMPLETE,
        "mobile": "09121000001",
        "matches": True,
    }


@pytest.mark.parametrize("headers", [{}, {"X-Exchange-Key": "wrong"}])
async def test_missing_or_wrong_key_is_401_problem(
    sim: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await sim.post(ID_CARD, json={"national_code": COMPLETE}, headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 401


async def test_a_configured_key_replaces_the_demo_one(make_client: Client) -> None:
    client = await make_client(api_key="another-key")
    assert (await _ask(client, ID_CARD, COMPLETE)).status_code == 401
    response = await client.post(
        ID_CARD, json={"national_code": COMPLETE}, headers={"X-Exchange-Key": "another-key"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("code", ["0018392740", "12", "abc"])
async def test_invalid_national_code_is_422_problem(sim: httpx.AsyncClient, code: str) -> None:
    response = await _ask(sim, ID_CARD, code)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["national_code"]


async def test_evidence_type_of_another_registry_is_404_unknown_evidence_type(
    sim: httpx.AsyncClient,
) -> None:
    for path in ("/exchange/v1/military/driving-license", "/exchange/v1/education/passport"):
        response = await _ask(sim, path, COMPLETE)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"].endswith("/unknown-evidence-type")


async def test_unknown_registry_is_404_problem(sim: httpx.AsyncClient) -> None:
    response = await _ask(sim, "/exchange/v1/passports/national-id-card", COMPLETE)
    assert response.status_code == 404
    assert response.json()["type"].endswith("/unknown-registry")


async def test_error_fault_answers_its_status_until_cleared(sim: httpx.AsyncClient) -> None:
    put = await sim.put("/_faults/military", json={"mode": "error"})
    assert put.status_code == 200
    failed = await _ask(sim, MILITARY, COMPLETE)
    assert failed.status_code == 503
    assert failed.headers["content-type"] == "application/problem+json"
    assert (await _ask(sim, ID_CARD, COMPLETE)).status_code == 200  # other registries unharmed
    listed = (await sim.get("/_faults")).json()
    assert listed == {"faults": {"military": {"mode": "error", "status": 503}}}
    await sim.put("/_faults/military", json={"mode": "none"})
    assert (await _ask(sim, MILITARY, COMPLETE)).status_code == 200
    assert (await sim.get("/_faults")).json() == {"faults": {}}


async def test_error_fault_can_choose_its_status_and_delete_clears_all(
    sim: httpx.AsyncClient,
) -> None:
    await sim.put("/_faults/shahkar", json={"mode": "error", "status": 502})
    await sim.put("/_faults/education", json={"mode": "error"})
    assert (await _ask(sim, MOBILE, COMPLETE)).status_code == 502
    assert (await sim.delete("/_faults")).status_code == 204
    assert (await _ask(sim, MOBILE, COMPLETE)).status_code == 200
    assert (await _ask(sim, DEGREE, COMPLETE)).status_code == 200


async def test_fault_on_unknown_registry_or_bad_status_is_rejected(sim: httpx.AsyncClient) -> None:
    assert (await sim.put("/_faults/nowhere", json={"mode": "error"})).status_code == 404
    bad = await sim.put("/_faults/military", json={"mode": "error", "status": 200})
    assert bad.status_code == 422


async def test_timeout_fault_hangs_then_answers_504(sim: httpx.AsyncClient) -> None:
    await sim.put("/_faults/education", json={"mode": "timeout"})
    started = time.perf_counter()
    response = await _ask(sim, DEGREE, COMPLETE)
    assert time.perf_counter() - started >= 0.2 - CLOCK_SLACK
    assert response.status_code == 504


async def test_stats_count_requests_per_registry_and_type(sim: httpx.AsyncClient) -> None:
    for _ in range(3):
        await _ask(sim, ID_CARD, COMPLETE)
    await _ask(sim, MOBILE, COMPLETE)
    await sim.post(ID_CARD, json={"national_code": COMPLETE})  # no key: never reached a registry
    expected = {"civil-registration/national-id-card": 3, "shahkar/mobile-ownership": 1}
    assert (await sim.get("/_stats")).json() == {"requests": expected}
    assert (await sim.delete("/_stats")).status_code == 204
    assert (await sim.get("/_stats")).json() == {"requests": {}}


async def test_failed_requests_still_count(sim: httpx.AsyncClient) -> None:
    await sim.put("/_faults/military", json={"mode": "error"})
    await _ask(sim, MILITARY, COMPLETE)
    await _ask(sim, MILITARY, COMPLETE)
    stats = (await sim.get("/_stats")).json()
    assert stats["requests"]["military/military-service-card"] == 2


async def test_latency_setting_delays_every_answer(make_client: Client) -> None:
    client = await make_client(latency_ms=150)
    started = time.perf_counter()
    response = await _ask(client, ID_CARD, COMPLETE)
    assert time.perf_counter() - started >= 0.15 - CLOCK_SLACK
    assert response.status_code == 200


async def test_slow_persona_answers_after_slow_seconds(sim: httpx.AsyncClient) -> None:
    started = time.perf_counter()
    response = await _ask(sim, ID_CARD, _code("slow-registry"))
    assert time.perf_counter() - started >= 0.2 - CLOCK_SLACK
    assert response.status_code == 200


async def test_timeout_persona_hangs_then_answers_504(sim: httpx.AsyncClient) -> None:
    started = time.perf_counter()
    response = await _ask(sim, ID_CARD, _code("registry-timeout"))
    assert time.perf_counter() - started >= 0.2 - CLOCK_SLACK
    assert response.status_code == 504
    assert response.headers["content-type"] == "application/problem+json"


async def test_health(sim: httpx.AsyncClient) -> None:
    response = await sim.get("/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


async def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANJEREH_SIMULATOR_LATENCY_MS", "25")
    monkeypatch.setenv("PANJEREH_SIMULATOR_API_KEY", "from-env")
    settings = SimulatorSettings()
    assert settings.latency_ms == 25
    assert settings.api_key.get_secret_value() == "from-env"
