"""The HTTP connector, with its resilience, against the registry simulator over real HTTP."""

import asyncio

import httpx
import pytest

from inquiry_service.evidence import catalog
from inquiry_service.registries.base import RegistryUnavailable
from inquiry_service.registries.http import HttpConnector
from inquiry_service.registries.resilient import Resilience, ResilientConnector
from inquiry_service.sandbox import personas

pytestmark = pytest.mark.asyncio

COMPLETE = next(p for p in personas.PERSONAS if "complete" in p.traits)
NO_DEGREE = next(p for p in personas.PERSONAS if "no-degree" in p.traits)
TIMEOUT = next(p for p in personas.PERSONAS if "registry-timeout" in p.traits)
NATIONAL_ID = catalog.get("national-id-card")


def _connector(simulator: httpx.AsyncClient, **policy: float) -> ResilientConnector:
    http = HttpConnector(
        base_urls=dict.fromkeys(catalog.REGISTRIES, str(simulator.base_url)),
        api_keys=dict.fromkeys(catalog.REGISTRIES, "sandbox-exchange-key"),
        timeout_seconds=5,
    )
    defaults = {
        "timeout_seconds": 0.5,
        "attempts": 3,
        "backoff_seconds": 0.01,
        "cache_ttl_seconds": 0,
    }
    return ResilientConnector(http, Resilience(**(defaults | policy)))  # type: ignore[arg-type]


async def _calls(simulator: httpx.AsyncClient, key: str) -> int:
    return int((await simulator.get("/_stats")).json()["requests"].get(key, 0))


async def test_found_over_the_wire(simulator: httpx.AsyncClient) -> None:
    connector = _connector(simulator)
    fetched = await connector.fetch(NATIONAL_ID, COMPLETE.national_code)
    assert fetched.answer.status == "found" and not fetched.cached
    assert (
        fetched.answer.data is not None
        and fetched.answer.data["national_code"] == COMPLETE.national_code
    )
    assert fetched.answer.registry == "civil-registration"
    await connector.aclose()


async def test_not_found_is_an_answer_not_a_failure(simulator: httpx.AsyncClient) -> None:
    connector = _connector(simulator)
    fetched = await connector.fetch(catalog.get("education-degree"), NO_DEGREE.national_code)
    assert fetched.answer.status == "not_found" and fetched.answer.data is None
    assert await _calls(simulator, "education/education-degree") == 1, "a not-found is not retried"
    await connector.aclose()


async def test_timeouts_are_retried_then_reported_unavailable(simulator: httpx.AsyncClient) -> None:
    connector = _connector(simulator, attempts=3, timeout_seconds=0.3)
    with pytest.raises(RegistryUnavailable) as raised:
        await connector.fetch(NATIONAL_ID, TIMEOUT.national_code)
    assert raised.value.attempts == 3 and "timed out" in raised.value.reason
    assert await _calls(simulator, "civil-registration/national-id-card") == 3
    await connector.aclose()


async def test_5xx_is_retried_but_4xx_is_not(simulator: httpx.AsyncClient) -> None:
    connector = _connector(simulator, attempts=3)
    await simulator.put("/_faults/civil-registration", json={"mode": "error", "status": 503})
    with pytest.raises(RegistryUnavailable):
        await connector.fetch(NATIONAL_ID, COMPLETE.national_code)
    assert await _calls(simulator, "civil-registration/national-id-card") == 3
    await simulator.delete("/_stats")
    await simulator.put("/_faults/civil-registration", json={"mode": "error", "status": 400})
    with pytest.raises(Exception, match="answered 400"):
        await connector.fetch(NATIONAL_ID, COMPLETE.national_code)
    assert await _calls(simulator, "civil-registration/national-id-card") == 1
    await connector.aclose()


async def test_breaker_opens_on_the_failure_rate_and_closes_after_recovery(
    simulator: httpx.AsyncClient,
) -> None:
    connector = _connector(
        simulator, attempts=1, breaker_minimum_calls=3, breaker_recovery_seconds=0.5
    )
    await simulator.put("/_faults/civil-registration", json={"mode": "error", "status": 503})
    for _ in range(3):
        with pytest.raises(RegistryUnavailable, match="answered 503"):
            await connector.fetch(NATIONAL_ID, COMPLETE.national_code)
    assert await connector.breaker_state("civil-registration") == "opened"

    with pytest.raises(RegistryUnavailable, match="circuit open"):
        await connector.fetch(NATIONAL_ID, COMPLETE.national_code)
    assert await _calls(simulator, "civil-registration/national-id-card") == 3, "open: no call made"
    # Other registries are not affected by this one's breaker.
    other = await connector.fetch(catalog.get("driving-license"), COMPLETE.national_code)
    assert other.answer.status == "found"

    await simulator.put("/_faults/civil-registration", json={"mode": "none"})
    await asyncio.sleep(0.6)  # past the recovery time: the next call is a half-open trial
    recovered = await connector.fetch(NATIONAL_ID, COMPLETE.national_code)
    assert recovered.answer.status == "found"
    assert await connector.breaker_state("civil-registration") == "closed"
    await connector.aclose()


async def test_one_persons_timeouts_with_their_retries_do_not_open_the_breaker(
    simulator: httpx.AsyncClient,
) -> None:
    connector = _connector(simulator, attempts=3, timeout_seconds=0.2, breaker_minimum_calls=4)
    for _ in range(3):  # nine timed-out attempts, but three requests
        with pytest.raises(RegistryUnavailable, match="timed out"):
            await connector.fetch(NATIONAL_ID, TIMEOUT.national_code)
    assert await connector.breaker_state("civil-registration") == "closed"
    fetched = await connector.fetch(NATIONAL_ID, COMPLETE.national_code)
    assert fetched.answer.status == "found"
    await connector.aclose()


async def test_the_cache_spares_the_registry_repeated_questions(
    simulator: httpx.AsyncClient,
) -> None:
    connector = _connector(simulator, cache_ttl_seconds=60)
    first = await connector.fetch(NATIONAL_ID, COMPLETE.national_code)
    second = await connector.fetch(NATIONAL_ID, COMPLETE.national_code)
    assert (first.cached, second.cached) == (False, True)
    assert second.answer == first.answer
    assert await _calls(simulator, "civil-registration/national-id-card") == 1
    await connector.aclose()
