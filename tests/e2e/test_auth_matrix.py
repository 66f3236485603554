"""Must show: every protected operation × {no token, bad signature, expired, missing scope,
other agency} is refused (401/403/404) — never 2xx — at the edge and in the services, on
both edges (tests.edges: the embedded default's gateway, and HAProxy in front of the
distributed mode)."""

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest

from panjereh import auth
from tests.edges import Deployment

pytestmark = pytest.mark.asyncio

# (method, path, body, scope it needs); {app} is an application of the passport police.
OPERATIONS: list[tuple[str, str, dict[str, Any] | None, str]] = [
    (
        "POST",
        "/v1/applications",
        {"service_id": "passport-issuance", "applicant": {"national_code": "0018392741"}},
        "applications:write",
    ),
    ("GET", "/v1/applications", None, "applications:read"),
    ("GET", "/v1/applications/{app}", None, "applications:read"),
    (
        "POST",
        "/v1/applications/{app}/review",
        {"outcome": "approved", "reason": "checked"},
        "applications:review",
    ),
    ("POST", "/v1/applications/{app}/cancel", None, "applications:write"),
    (
        "POST",
        "/v1/catalog/services",
        {"id": "svc-x", "name_fa": "خدمت", "name_en": "Service", "sla_hours": 24},
        "catalog:write",
    ),
    (
        "PUT",
        "/v1/catalog/services/passport-issuance",
        {"name_fa": "خدمت", "name_en": "Service", "sla_hours": 24},
        "catalog:write",
    ),
    (
        "POST",
        "/v1/inquiries",
        {
            "evidence_type": "national-id-card",
            "national_code": "0018392741",
            "purpose": {"service_id": "passport-issuance"},
        },
        "inquiries:read",
    ),
    ("GET", "/v1/inquiries/access-log?national_code=0018392741", None, "inquiries:read"),
    ("GET", "/v1/inquiries/{inquiry}", None, "inquiries:read"),
    ("GET", "/v1/inquiries/audit/verify", None, "compliance:read"),
    # The legal-basis office's own: no agency, its own included, may read or decide them.
    ("GET", "/v1/legal-basis/requests", None, "catalog:approve"),
    ("GET", "/v1/legal-basis/decisions", None, "catalog:approve"),
    ("GET", "/v1/legal-basis/requests/passport-issuance/national-id-card", None, "catalog:approve"),
    (
        "POST",
        "/v1/legal-basis/requests/passport-issuance/national-id-card",
        {"decision": "refused", "law_reference": "No basis"},
        "catalog:approve",
    ),
    # An agency's webhook subscriptions: its own only (another agency's are 404, no oracle).
    ("POST", "/v1/webhooks", {"url": "http://127.0.0.1:9/hook", "events": ["*"]}, "webhooks:write"),
    ("GET", "/v1/webhooks", None, "webhooks:write"),
    ("GET", "/v1/webhooks/{hook}", None, "webhooks:write"),
    ("POST", "/v1/webhooks/{hook}/test", None, "webhooks:write"),
    ("GET", "/v1/webhooks/{hook}/deliveries", None, "webhooks:write"),
    ("DELETE", "/v1/webhooks/{hook}", None, "webhooks:write"),
]
LISTINGS = (
    "/v1/applications",
    "/v1/inquiries/access-log?national_code=0018392741",
    "/v1/webhooks",
)
ALL_AGENCY = [
    "applications:write",
    "applications:read",
    "applications:review",
    "inquiries:read",
    "catalog:write",
    "webhooks:write",
]


@pytest.fixture(scope="session")
def ids(edge: Deployment) -> dict[str, str]:
    """An application, an inquiry and a webhook of the passport police's, on this edge."""
    owner = edge.bearer("passport-police-backend")
    with httpx.Client(base_url=edge.url, timeout=60) as client:
        app = client.post(
            "/v1/applications",
            json={"service_id": "exit-permit-review", "applicant": {"national_code": "0018392741"}},
            headers=owner | {"Idempotency-Key": uuid.uuid4().hex},
        )
        inquiry = client.post("/v1/inquiries", json=OPERATIONS[7][2], headers=owner)
        hook = client.post("/v1/webhooks", json=_body("POST", "/v1/webhooks"), headers=owner)
    assert app.status_code == 202 and inquiry.status_code == 200, (app.text, inquiry.text)
    assert hook.status_code == 201, hook.text
    return {"app": app.json()["id"], "inquiry": inquiry.json()["id"], "hook": hook.json()["id"]}


def _body(method: str, template: str) -> dict[str, Any] | None:
    return next(b for m, t, b, _ in OPERATIONS if (m, t) == (method, template))


def _of_the_passport_police(items: list[dict[str, Any]], ids: dict[str, str]) -> list[Any]:
    return [
        item
        for item in items
        if item.get("id") in ids.values()
        or item.get("application_id") == ids["app"]
        or "passport-police" in (item.get("agency_id"), item.get("agency"))
    ]


def _forged(*, key: Any, ttl_seconds: int) -> str:
    issuer = auth.TokenIssuer(key, kid="panjereh-1", ttl=dt.timedelta(seconds=ttl_seconds))
    return issuer.issue(client_id="forger", agency_id="passport-police", scopes=ALL_AGENCY)


@pytest.mark.parametrize(
    ("method", "template", "body", "scope"),
    OPERATIONS,
    ids=[f"{m} {p}" for m, p, _, _ in OPERATIONS],
)
async def test_every_protected_operation_refuses_every_bad_caller(
    edge: Deployment,
    ids: dict[str, str],
    method: str,
    template: str,
    body: dict[str, Any] | None,
    scope: str,
) -> None:
    path = template.format(**ids)
    other_agency = edge.token("traffic-police-backend")
    wrong_scope_client = (
        "ops-dashboard" if scope != "compliance:read" else "passport-police-backend"
    )
    scopes_left = None if scope != "compliance:read" else " ".join(ALL_AGENCY)
    missing_scope = edge.token(wrong_scope_client, scope=scopes_left)
    callers = {
        "no token": {},
        "bad signature": {
            "Authorization": f"Bearer {_forged(key=auth.new_signing_key(), ttl_seconds=600)}"
        },
        "expired": {"Authorization": f"Bearer {_forged(key=edge.key(), ttl_seconds=-120)}"},
        "garbage": {"Authorization": "Bearer not.a.jwt"},
        "missing scope": {"Authorization": f"Bearer {missing_scope}"},
        "other agency": {"Authorization": f"Bearer {other_agency}"},
    }
    async with edge.client() as client:
        answers = {
            caller: await client.request(
                method, path, json=body, headers=headers | {"Idempotency-Key": uuid.uuid4().hex}
            )
            for caller, headers in callers.items()
        }
    for caller, response in answers.items():
        expected = (
            {401} if caller in ("no token", "bad signature", "expired", "garbage") else {403, 404}
        )
        if caller == "other agency" and method == "GET" and template in LISTINGS:
            # Listing is allowed, but shows only the caller's own: nothing of the passport police
            # (the deployment is shared: the traffic police may have made things of their own).
            assert response.status_code == 200, (caller, response.text)
            assert not _of_the_passport_police(response.json()["items"], ids), response.text
            continue
        if caller == "other agency" and template in ("/v1/catalog/services", "/v1/webhooks"):
            continue  # publishing a service or subscribing, for one's own agency, is the point
        if caller == "other agency" and template == "/v1/inquiries/audit/verify":
            expected = {403}
        assert response.status_code in expected, (
            caller,
            method,
            path,
            response.status_code,
            response.text,
        )
        assert response.headers["content-type"] == "application/problem+json"
