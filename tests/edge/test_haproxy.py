"""Through a real HAProxy running the generated configuration, to stub backends: routing for
every route, the token checks (both keys, expiry, forgery), scopes, the body limit, the rate
limits, request ids, security headers, the metrics port and the access log."""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import jwt
import pytest

from gateway import routing
from gateway.observe import SECURITY_HEADERS
from panjereh import auth
from tests.edge.support import NEXT_KID, Edge, Keys, running_edge, settings_for, stub_backends
from tests.security import _logs

ALL_SCOPES = tuple(auth.SCOPES)
BODY_LIMIT = 4096
TRICKY = (
    "/v1/catalog/evidence-types/national-id-card",
    "/v1/catalog/evidence-typesX",
    "/v1/catalogue",
    "/trackX",
    "/track/",
    "/v1/status",
    "/v1/sms/receipts/x",
    "/v1/sandbox/clients",
    "/v1/oauth/token",
    # The citizen's: the list is the status service's, one application the application
    # service's, the token the gateway's own.
    "/v1/citizen/applications/",
    "/v1/citizen/applications/a1b2",
    "/v1/citizen/applicationsX",
    "/v1/citizen/token",
    "/v1/citizen",
    "/.well-known/jwks.json",
    "/openapi.json",
    "/docs",
    "/health",
    "/metrics",
    "/",
    "/v1/nothing-here",
)


@pytest.fixture(scope="module")
def keys() -> Keys:
    return Keys()


@pytest.fixture(scope="module")
def backends() -> Iterator[dict[str, str]]:
    with stub_backends() as urls:
        yield urls


@pytest.fixture(scope="module")
def edge(
    tmp_path_factory: pytest.TempPathFactory, backends: dict[str, str], keys: Keys
) -> Iterator[Edge]:
    settings = settings_for(
        backends,
        max_body_bytes=BODY_LIMIT,
        rate_limit_per_client="100000/minute",
        rate_limit_per_ip="100000/minute",
    )
    with running_edge(tmp_path_factory.mktemp("edge"), settings, backends, keys) as running:
        yield running


def _backend(answer: httpx.Response) -> str:
    assert answer.status_code == 200, answer.text
    return str(answer.json()["backend"])


def test_every_route_and_tricky_path_reaches_the_backend_routing_names(
    edge: Edge, keys: Keys
) -> None:
    # Every scope the rules name, the citizen's too: this is about where a path goes.
    token = {"Authorization": f"Bearer {keys.token(*ALL_SCOPES, auth.CITIZEN_SCOPE)}"}
    paths = [p for prefix, _ in routing.ROUTES for p in (prefix, prefix + "/x/y")] + list(TRICKY)
    with edge.client() as client:
        picked = {path: _backend(client.get(path, headers=token)) for path in paths}
    expected = {path: routing.upstream_for(path) or routing.GATEWAY for path in paths}
    assert picked == expected
    assert set(picked.values()) == {routing.GATEWAY, *(u for _, u in routing.ROUTES)}


def test_public_routes_need_no_token(edge: Edge) -> None:
    with edge.client() as client:
        assert _backend(client.get("/v1/status/PJ-1234")) == "status"
        assert _backend(client.get("/track")) == "status"
        assert _backend(client.get("/dashboard")) == "compliance"
        assert _backend(client.get("/v1/catalog/services")) == "application"
        assert _backend(client.get("/v1/inquiries/audit/keys")) == "inquiry"
        assert _backend(client.post("/v1/sms/receipts", content=b"{}")) == "notification"
        assert _backend(client.get("/v1/oauth/whatever")) == routing.GATEWAY  # its own checks
        assert _backend(client.post("/v1/citizen/otp", content=b"{}")) == "status"
        assert _backend(client.post("/v1/citizen/token", content=b"{}")) == routing.GATEWAY


def _refused(answer: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = answer.json()
    assert body["type"] == f"https://panjereh.ir/problems/{code}"
    assert body["status"] == status
    assert body["request_id"] == answer.headers["x-request-id"]
    return body


def _forged_none(keys: Keys) -> str:
    claims = jwt.decode(keys.token(*ALL_SCOPES), options={"verify_signature": False})
    return jwt.encode(claims, key="", algorithm="none", headers={"kid": "panjereh-1"})


@pytest.mark.parametrize(
    "authorization",
    ["", "Basic dXNlcjpwYXNz", "Bearer", "Bearer not-a-jwt", "Bearer a.b.c"],
    ids=["none", "basic", "empty-bearer", "garbage", "three-garbage-parts"],
)
def test_a_missing_or_malformed_token_is_refused_with_401(edge: Edge, authorization: str) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    with edge.client() as client:
        answer = client.get("/v1/applications", headers=headers)
    body = _refused(answer, 401, "unauthorized")
    assert answer.headers["www-authenticate"] == 'Bearer realm="panjereh"'
    assert body["instance"] == "/v1/applications"


def test_bad_tokens_are_refused_with_401(edge: Edge, keys: Keys) -> None:
    stranger = Keys().current
    bad = {
        "expired": keys.token(*ALL_SCOPES, ttl=-60),
        "signed by another key": keys.token(*ALL_SCOPES, key=stranger),
        "next key under the current kid": keys.token(*ALL_SCOPES, key=keys.next),
        "unknown kid": keys.token(*ALL_SCOPES, kid="panjereh-0"),
        "alg none": _forged_none(keys),
        "tampered payload": _tampered(keys),
    }
    with edge.client() as client:
        for why, token in bad.items():
            answer = client.get("/v1/applications", headers={"Authorization": f"Bearer {token}"})
            body = _refused(answer, 401, "unauthorized")
            expected = "expired" if why == "expired" else "invalid"
            assert expected in str(body["detail"]), why


def _tampered(keys: Keys) -> str:
    header, payload, signature = keys.token("applications:read").split(".")
    claims = jwt.decode(keys.token(*ALL_SCOPES), options={"verify_signature": False})
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    assert forged != payload
    return ".".join((header, forged, signature))


def test_a_bad_token_is_refused_even_on_a_public_route(edge: Edge) -> None:
    with edge.client() as client:
        answer = client.get("/v1/status/PJ-1", headers={"Authorization": "Bearer nope"})
    _refused(answer, 401, "unauthorized")


def test_a_token_of_the_next_key_is_accepted(edge: Edge, keys: Keys) -> None:
    token = keys.token("applications:read", key=keys.next, kid=NEXT_KID)
    with edge.client() as client:
        answer = client.get("/v1/applications", headers={"Authorization": f"Bearer {token}"})
    assert _backend(answer) == "application"


def test_refusals_speak_persian_when_asked(edge: Edge) -> None:
    with edge.client() as client:
        answer = client.get("/v1/applications", headers={"Accept-Language": "fa-IR"})
    body = _refused(answer, 401, "unauthorized")
    assert body["title"] == "احراز هویت لازم است"
    assert body["detail"] == "توکن دسترسی لازم است."


@pytest.mark.parametrize(
    ("method", "path", "needed"),
    [
        ("POST", "/v1/applications", "applications:write"),
        ("POST", "/v1/applications/abc/review", "applications:review"),
        ("GET", "/v1/compliance/summary", "compliance:read"),
        ("GET", "/v1/inquiries/audit/verify", "compliance:read"),
        ("POST", "/v1/legal-basis/requests/svc/kind", "catalog:approve"),
        ("DELETE", "/v1/webhooks/abc", "webhooks:write"),
        ("PUT", "/v1/catalog/services/svc", "catalog:write"),
        ("GET", "/v1/oversight/access-history", "catalog:approve"),
    ],
)
def test_a_missing_scope_is_refused_with_403_and_the_scope_admits(
    edge: Edge, keys: Keys, method: str, path: str, needed: str
) -> None:
    # A scope whose name holds the needed one must not pass for it.
    lacking = keys.token("applications:read", needed + "x", "x" + needed)
    holding = keys.token(needed)
    with edge.client() as client:
        refused = client.request(method, path, headers={"Authorization": f"Bearer {lacking}"})
        admitted = client.request(method, path, headers={"Authorization": f"Bearer {holding}"})
    body = _refused(refused, 403, "insufficient-scope")
    assert needed in str(body["detail"])
    assert _backend(admitted) == routing.upstream_for(path)


def test_a_body_over_the_limit_is_refused_with_413(edge: Edge, keys: Keys) -> None:
    headers = {"Authorization": f"Bearer {keys.token(*ALL_SCOPES)}"}
    with edge.client() as client:
        refused = client.post("/v1/applications", content=b"x" * (BODY_LIMIT + 1), headers=headers)
        admitted = client.post("/v1/applications", content=b"x" * BODY_LIMIT, headers=headers)
        anonymous = client.post("/v1/oauth/token", content=b"x" * (BODY_LIMIT + 1))
    _refused(refused, 413, "too-large")
    assert _backend(admitted) == "application"
    _refused(anonymous, 413, "too-large")


def test_request_ids_are_kept_when_valid_else_made(edge: Edge) -> None:
    with edge.client() as client:
        kept = client.get("/v1/status/PJ-1", headers={"X-Request-ID": "caller-id.42"})
        forged = client.get("/v1/status/PJ-1", headers={"X-Request-ID": "bad id\twith spaces"})
        made = client.get("/v1/status/PJ-1")
    assert kept.headers["x-request-id"] == "caller-id.42"
    assert kept.json()["headers"]["x-request-id"] == "caller-id.42"
    for answer in (forged, made):
        rid = answer.headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f-]{36}", rid)
        assert answer.json()["headers"]["x-request-id"] == rid
    assert forged.headers["x-request-id"] != made.headers["x-request-id"]


def test_security_headers_on_answers_and_refusals_a_service_own_kept(edge: Edge) -> None:
    with edge.client() as client:
        answers = [client.get("/v1/status/PJ-1"), client.get("/v1/applications")]
        own = client.get("/v1/status/PJ-1/own-headers")
    for answer in answers:
        for name, value in SECURITY_HEADERS.items():
            assert answer.headers[name] == value
    assert own.headers["x-frame-options"] == "SAMEORIGIN"


def test_the_client_address_is_the_real_one(edge: Edge) -> None:
    with edge.client("127.0.0.9") as client:
        answer = client.get("/v1/status/PJ-1", headers={"X-Forwarded-For": "6.6.6.6"})
    assert answer.json()["headers"]["x-forwarded-for"] == "127.0.0.9"


def test_metrics_on_their_own_port_only(edge: Edge) -> None:
    metrics = httpx.get(edge.metrics_url, timeout=5)
    assert metrics.status_code == 200
    assert "haproxy_frontend_http_requests_total" in metrics.text
    with edge.client() as client:
        assert _backend(client.get("/metrics")) == routing.GATEWAY  # the gateway's, with a token


def test_the_access_log_is_json_without_national_codes(edge: Edge, keys: Keys) -> None:
    code = "0018392741"
    token = keys.token(*ALL_SCOPES)
    with edge.client() as client:
        client.get(
            f"/v1/status/PJ-1?national_code={code}",
            headers={"X-National-Code": code, "Authorization": f"Bearer {token}"},
        )
        client.get(f"/v1/oversight/access-history?national_code={code}")
        client.get(f"/v1/inquiries/access-log/{code}", headers={"Authorization": "Bearer x"})
    lines = edge.log_lines()
    entries = [json.loads(line) for line in lines]
    assert {"request_id", "route", "upstream", "status", "client"} <= set(entries[-1])
    assert entries[-1]["route"] == "/v1/inquiries"
    assert entries[-1]["status"] == 401
    assert _logs.scan(lines, str(edge.log)) == []
    assert token not in edge.log.read_text()


@pytest.fixture
def limited_edge(tmp_path: Path, backends: dict[str, str], keys: Keys) -> Iterator[Edge]:
    settings = settings_for(
        backends, rate_limit_per_client="3/minute", rate_limit_per_ip="2/minute"
    )
    with running_edge(tmp_path, settings, backends, keys) as running:
        yield running


def test_past_the_rate_limit_429_per_client_and_per_address(limited_edge: Edge, keys: Keys) -> None:
    first, second = (
        {"Authorization": f"Bearer {keys.token(*ALL_SCOPES, client=c)}"} for c in ("a", "b")
    )
    with limited_edge.client("127.0.0.2") as client:
        by_first = [client.get("/v1/applications", headers=first).status_code for _ in range(4)]
        by_second = client.get("/v1/applications", headers=second)  # another client: its own
        anonymous = [client.get("/v1/status/PJ-1").status_code for _ in range(3)]
    with limited_edge.client("127.0.0.3") as client:
        elsewhere = client.get("/v1/status/PJ-1")  # another address: its own count
    assert by_first == [200, 200, 200, 429]
    assert by_second.status_code == 200
    assert anonymous == [200, 200, 429]
    assert elsewhere.status_code == 200
    with limited_edge.client("127.0.0.2") as client:
        refused = client.get("/v1/status/PJ-1")
    _refused(refused, 429, "rate-limited")
    assert refused.headers["retry-after"] == "60"
