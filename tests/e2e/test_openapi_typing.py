"""The merged document types what generators need (issue 18): readable, unique operationIds;
the status 200 typed, its 304 and 404 and headers; `/events` as text/event-stream; states,
`outcome`, `by` and evidence `status` as enums (a bogus state filter is a 422, not `[]`);
X-Request-ID, RateLimit and Idempotent-Replayed documented where they are sent."""

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from panjereh_embedded.app import create_app
from tests.e2e.live_document import live_document
from tests.support import LifespanManager

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def document(tmp_path: Path) -> AsyncIterator[dict[str, Any]]:
    yield await live_document(tmp_path / "data")


def _operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


def _schema(document: dict[str, Any], ref: str) -> dict[str, Any]:
    schema: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return schema


async def test_every_operation_has_a_readable_unique_operation_id(
    document: dict[str, Any],
) -> None:
    ids = [op["operationId"] for op in _operations(document).values()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    unreadable = [i for i in ids if not re.fullmatch(r"[a-z][a-zA-Z0-9]{2,60}", i)]
    assert not unreadable, unreadable
    named = {key: op["operationId"] for key, op in _operations(document).items()}
    assert named[("POST", "/v1/applications")] == "submitApplication"
    assert named[("GET", "/v1/applications")] == "listApplications"
    assert named[("GET", "/v1/applications/{application_id}")] == "getApplication"
    assert named[("GET", "/v1/status/{tracking_code}")] == "getStatus"
    assert named[("GET", "/v1/status/{tracking_code}/events")] == "streamStatusEvents"
    assert named[("POST", "/v1/oauth/token")] == "createToken"


async def test_the_status_answer_is_typed_with_its_304_404_and_headers(
    document: dict[str, Any],
) -> None:
    operation = _operations(document)[("GET", "/v1/status/{tracking_code}")]
    responses = operation["responses"]
    ok = responses["200"]
    status = _schema(document, ok["content"]["application/json"]["schema"]["$ref"])
    assert {"tracking_code", "state", "timeline", "sla_due_at_jalali"} <= set(status["required"])
    assert "needs_review" in status["properties"]["state"]["enum"]
    assert {"ETag", "X-Poll-Interval", "X-Request-ID", "RateLimit"} <= set(ok["headers"])
    assert "content" not in responses["304"] and "ETag" in responses["304"]["headers"]
    assert "application/problem+json" in responses["404"]["content"]
    assert "Retry-After" in responses["429"]["headers"]


async def test_events_are_declared_as_an_event_stream(document: dict[str, Any]) -> None:
    operation = _operations(document)[("GET", "/v1/status/{tracking_code}/events")]
    assert list(operation["responses"]["200"]["content"]) == ["text/event-stream"]
    assert "404" in operation["responses"]


async def test_states_outcomes_deciders_and_evidence_status_are_enums(
    document: dict[str, Any],
) -> None:
    schemas = document["components"]["schemas"]

    def enum(schema: dict[str, Any], field: str) -> set[str]:
        found = schema["properties"][field]
        if "$ref" in found:
            found = _schema(document, found["$ref"])
        return set(found["enum"])

    assert {"approved", "needs_review", "awaiting_applicant"} <= enum(
        schemas["ApplicationOut"], "state"
    )
    assert enum(schemas["DecisionOut"], "outcome") == {"approved", "rejected", "needs_review"}
    assert enum(schemas["DecisionOut"], "by") == {"rules", "officer", "sla"}
    assert enum(schemas["EvidenceOut"], "status") >= {"found", "not_found", "unavailable"}
    listing = _operations(document)[("GET", "/v1/applications")]
    state = next(p for p in listing["parameters"] if p["name"] == "state")["schema"]
    ref = next(s["$ref"] for s in state["anyOf"] if "$ref" in s)
    assert {"approved", "needs_review"} <= set(_schema(document, ref)["enum"])


async def test_the_headers_integrators_rely_on_are_documented(document: dict[str, Any]) -> None:
    operations = _operations(document)
    submit = operations[("POST", "/v1/applications")]["responses"]
    assert "Idempotent-Replayed" in submit["202"]["headers"]
    assert {"409", "422", "401", "403", "429"} <= set(submit)
    for (method, path), operation in operations.items():
        for code, response in operation["responses"].items():
            assert "X-Request-ID" in response.get("headers", {}), (method, path, code)
    assert (
        "RateLimit-Policy"
        in operations[("GET", "/v1/catalog/services")]["responses"]["200"]["headers"]
    )
    review = operations[("POST", "/v1/applications/{application_id}/review")]["responses"]
    assert {"404", "409"} <= set(review)


async def test_a_bogus_state_filter_is_a_422_naming_the_field(tmp_path: Path) -> None:
    async with LifespanManager(create_app(tmp_path / "data"), startup_timeout=120) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            form = {
                "grant_type": "client_credentials",
                "client_id": "passport-police-backend",
                "client_secret": "demo-passport-police-secret",
                "scope": "applications:read",
            }
            token = (await client.post("/v1/oauth/token", data=form)).json()["access_token"]
            auth = {"Authorization": f"Bearer {token}"}
            bogus = await client.get("/v1/applications", params={"state": "bogus"}, headers=auth)
            fine = await client.get("/v1/applications", params={"state": "approved"}, headers=auth)
    assert bogus.status_code == 422, bogus.text
    assert [e["field"] for e in bogus.json()["errors"]] == ["state"]
    assert fine.status_code == 200 and fine.json()["items"] == []
