"""The embedded default, through the gateway: every service mounted in one process."""

import asyncio
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from openapi_spec_validator import validate

from gateway.main import create_app as gateway_app
from gateway.settings import GatewaySettings
from panjereh_embedded.app import create_app
from tests.support import LifespanManager, serve

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(create_app(tmp_path / "data")) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            yield client


async def test_health_aggregates_every_services_readiness(gateway: httpx.AsyncClient) -> None:
    response = await gateway.get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "services": dict.fromkeys(
            ["application", "inquiry", "status", "compliance", "notification"], "ready"
        ),
    }


async def test_one_merged_openapi_document_is_valid(gateway: httpx.AsyncClient) -> None:
    document = (await gateway.get("/openapi.json")).json()
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert "/health" in document["paths"]
    docs = await gateway.get("/docs")
    assert docs.status_code == 200 and "/docs/static/docs.js" in docs.text
    start = await gateway.get("/docs/static/docs.js")  # Swagger UI, started on this document
    assert start.status_code == 200 and "/openapi.json" in start.text


# Every operation of the public contract (../shared/API.md), path parameters as `{}`.
API_MD_OPERATIONS = {
    ("POST", "/v1/oauth/token"),
    ("GET", "/v1/catalog/evidence-types"),
    ("GET", "/v1/catalog/agencies"),
    ("GET", "/v1/catalog/services"),
    ("GET", "/v1/catalog/services/{}"),
    ("POST", "/v1/catalog/services"),
    ("PUT", "/v1/catalog/services/{}"),
    ("POST", "/v1/applications"),
    ("GET", "/v1/applications"),
    ("GET", "/v1/applications/{}"),
    ("POST", "/v1/applications/{}/review"),
    ("POST", "/v1/applications/{}/cancel"),
    ("POST", "/v1/inquiries"),
    ("GET", "/v1/inquiries/{}"),
    ("GET", "/v1/inquiries/access-log"),
    ("GET", "/v1/inquiries/audit/checkpoints"),
    ("GET", "/v1/legal-basis/requests"),
    ("POST", "/v1/legal-basis/requests/{}/{}"),
    ("GET", "/v1/status/{}"),
    ("GET", "/v1/status/{}/events"),
    ("GET", "/v1/status/{}/access-log"),
    ("GET", "/v1/compliance/summary"),
    ("GET", "/v1/compliance/agencies"),
    ("GET", "/v1/compliance/agencies/{}"),
    ("GET", "/v1/sandbox/personas"),
    ("GET", "/v1/sandbox/clients"),
    ("GET", "/v1/sandbox/sms"),
    ("POST", "/v1/webhooks"),
    ("GET", "/v1/webhooks"),
    ("GET", "/v1/webhooks/{}"),
    ("DELETE", "/v1/webhooks/{}"),
    ("POST", "/v1/webhooks/{}/test"),
    ("GET", "/v1/webhooks/{}/deliveries"),
    ("POST", "/v1/webhooks/{}/deliveries/{}/redeliver"),
    ("GET", "/health"),
    ("GET", "/metrics"),
    # Authentication (RFC 8414) and the citizen's side (API.md, Citizens; Decision dossier).
    ("GET", "/.well-known/oauth-authorization-server"),
    ("POST", "/v1/citizen/otp"),
    ("POST", "/v1/citizen/token"),
    ("GET", "/v1/citizen/applications"),
    ("GET", "/v1/citizen/access-log"),
    ("POST", "/v1/citizen/access-log/{}/dispute"),
    ("GET", "/v1/oversight/disputes"),
    ("POST", "/v1/citizen/applications/{}/confirm"),
    ("POST", "/v1/citizen/applications/{}/object"),
    ("GET", "/v1/applications/{}/dossier"),
    ("GET", "/v1/citizen/applications/{}/dossier"),
}


async def test_the_merged_document_covers_every_operation_of_the_contract(
    gateway: httpx.AsyncClient,
) -> None:
    document = (await gateway.get("/openapi.json")).json()
    documented = {
        (method.upper(), re.sub(r"\{[^}]+\}", "{}", path))
        for path, item in document["paths"].items()
        for method in item
    }
    assert documented >= API_MD_OPERATIONS, API_MD_OPERATIONS - documented
    problem = document["components"]["schemas"]["Problem"]
    assert problem["required"] == ["type", "title", "status", "detail"]
    submit = document["paths"]["/v1/applications"]["post"]["responses"]
    assert set(submit["422"]["content"]) == {"application/problem+json"}


async def test_request_ids_are_echoed_and_unknown_paths_are_problems(
    gateway: httpx.AsyncClient,
) -> None:
    response = await gateway.get(
        "/v1/nowhere", headers={"X-Request-ID": "agency-req-1", "Accept-Language": "fa"}
    )
    assert response.status_code == 404
    assert response.headers["x-request-id"] == "agency-req-1"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "یافت نشد"


async def test_routed_paths_reach_their_service(gateway: httpx.AsyncClient) -> None:
    # The status service answers (with its own problem+json 404) for an unknown code.
    response = await gateway.get("/v1/status/123456789012", headers={"X-Request-ID": "r-2"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["instance"] == "/v1/status/123456789012"
    assert response.headers["x-request-id"] == "r-2"


async def test_an_unreachable_service_is_a_503_problem_not_a_hang() -> None:
    settings = GatewaySettings(status_url="http://127.0.0.1:9", upstream_connect_timeout=1.0)
    async with LifespanManager(gateway_app(settings)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            response = await client.get("/v1/status/123456789012")
            health = await client.get("/health")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "2"
    assert health.status_code == 503 and health.json()["services"]["status"] == "unreachable"


async def test_public_catalogue_and_sandbox_personas_through_the_gateway(
    gateway: httpx.AsyncClient,
) -> None:
    types = (await gateway.get("/v1/catalog/evidence-types")).json()["items"]
    assert {t["code"] for t in types} >= {
        "national-id-card",
        "birth-certificate",
        "education-degree",
        "military-service-card",
        "driving-license",
        "mobile-ownership",
    }
    assert all(t["online"] and t["name_fa"] and t["registry"] for t in types)
    personas = (await gateway.get("/v1/sandbox/personas")).json()["items"]
    traits = {trait for persona in personas for trait in persona["traits"]}
    assert traits >= {
        "complete",
        "registry-timeout",
        "slow-registry",
        "deceased",
        "mobile-mismatch",
    }
    document = (await gateway.get("/openapi.json")).json()
    assert (
        "/v1/inquiries" in document["paths"] and "/v1/catalog/evidence-types" in document["paths"]
    )


async def test_a_slow_service_is_a_504_problem_within_the_read_timeout() -> None:
    async def slow(scope: object, receive: object, send: object) -> None:
        await asyncio.sleep(5)

    async with serve(slow, lifespan="off") as url:
        settings = GatewaySettings(status_url=url, upstream_read_timeout=0.5)
        async with LifespanManager(gateway_app(settings)) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
                started = time.perf_counter()
                response = await client.get("/v1/status/1234567890123")
                elapsed = time.perf_counter() - started
    assert response.status_code == 504
    assert response.headers["content-type"] == "application/problem+json"
    assert 0.5 <= elapsed < 2.0
