"""The token endpoint speaks RFC 6749 (issue 18): client_secret_basic beside client_secret_post,
never both; errors as §5.2 JSON with 400/401; no-store answers; RFC 8414 metadata."""

import base64
from collections.abc import AsyncIterator
from urllib.parse import quote_plus

import httpx
import pytest
import pytest_asyncio

from gateway import oauth
from gateway.main import create_app
from gateway.settings import GatewaySettings
from tests.support import LifespanManager

pytestmark = pytest.mark.asyncio
CLIENT, SECRET = "passport-police-backend", "demo-passport-police-secret"
GRANT = {"grant_type": "client_credentials"}


@pytest_asyncio.fixture
async def gateway() -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(create_app(GatewaySettings())) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            yield client


def _basic(client_id: str, secret: str) -> dict[str, str]:
    pair = f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


def _error(answer: httpx.Response, status: int, error: str) -> str:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["pragma"] == "no-cache"
    body = answer.json()
    assert body["error"] == error and body["error_description"].isascii(), body
    return str(body["error_description"])


async def test_client_secret_basic_gets_a_token_that_is_never_cached(
    gateway: httpx.AsyncClient,
) -> None:
    answer = await gateway.post(
        "/v1/oauth/token",
        data=GRANT | {"scope": "applications:read"},
        headers=_basic(CLIENT, SECRET),
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["pragma"] == "no-cache"
    body = answer.json()
    assert body["token_type"] == "Bearer" and body["scope"] == "applications:read"


async def test_client_secret_post_still_works(gateway: httpx.AsyncClient) -> None:
    form = GRANT | {"client_id": CLIENT, "client_secret": SECRET}
    answer = await gateway.post("/v1/oauth/token", data=form)
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"


async def test_basic_credentials_are_form_urlencoded_before_base64() -> None:
    # RFC 6749 §2.3.1: a secret holding ':' or '+' or Persian letters arrives unchanged.
    header = _basic("a:b+c", "رمز:۱+2 x")["Authorization"]
    asked = oauth.parse(
        {"content-type": oauth.FORM, "authorization": header}, b"grant_type=client_credentials"
    )
    assert (asked.client_id, asked.client_secret) == ("a:b+c", "رمز:۱+2 x")


@pytest.mark.parametrize(
    "header",
    [
        "Basic not-base64!!",
        "Basic " + base64.b64encode(b"no-colon").decode(),
        "Basic " + base64.b64encode(b":secret-only").decode(),
        "Basic " + base64.b64encode(b"\xff\xfe:x").decode(),
        "Basic",
    ],
)
async def test_a_malformed_basic_header_is_invalid_request(
    gateway: httpx.AsyncClient, header: str
) -> None:
    answer = await gateway.post("/v1/oauth/token", data=GRANT, headers={"Authorization": header})
    assert "Basic" in _error(answer, 400, "invalid_request")


async def test_basic_and_form_credentials_together_are_refused(gateway: httpx.AsyncClient) -> None:
    both = GRANT | {"client_id": CLIENT, "client_secret": SECRET}
    answer = await gateway.post("/v1/oauth/token", data=both, headers=_basic(CLIENT, SECRET))
    assert "not both" in _error(answer, 400, "invalid_request")
    other_id = GRANT | {"client_id": "traffic-police-backend"}
    answer = await gateway.post("/v1/oauth/token", data=other_id, headers=_basic(CLIENT, SECRET))
    _error(answer, 400, "invalid_request")


async def test_a_wrong_secret_is_invalid_client_with_a_basic_challenge(
    gateway: httpx.AsyncClient,
) -> None:
    answer = await gateway.post("/v1/oauth/token", data=GRANT, headers=_basic(CLIENT, "wrong"))
    _error(answer, 401, "invalid_client")
    assert answer.headers["www-authenticate"].startswith("Basic ")


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer some-token"}], ids=["none", "bearer"]
)
async def test_no_client_authentication_is_invalid_client(
    gateway: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    answer = await gateway.post("/v1/oauth/token", data=GRANT, headers=headers)
    _error(answer, 401, "invalid_client")
    assert answer.headers["www-authenticate"].startswith("Basic ")


async def test_a_json_body_is_invalid_request_naming_the_form_encoding(
    gateway: httpx.AsyncClient,
) -> None:
    answer = await gateway.post(
        "/v1/oauth/token", json=GRANT | {"client_id": CLIENT, "client_secret": SECRET}
    )
    assert oauth.FORM in _error(answer, 400, "invalid_request")


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "invalid_request"),
        (b"grant_type=password&username=a&password=b", "unsupported_grant_type"),
        (b"grant_type=client_credentials&grant_type=client_credentials", "invalid_request"),
        (
            b"grant_type=client_credentials&scope=a&" + b"&".join(b"x%d=1" % n for n in range(30)),
            "invalid_request",
        ),
        (b"grant_type=\xff", "invalid_request"),
    ],
    ids=["empty", "password-grant", "repeated", "too-many-fields", "not-utf8"],
)
async def test_bad_forms_answer_their_rfc_6749_error(
    gateway: httpx.AsyncClient, content: bytes, error: str
) -> None:
    answer = await gateway.post(
        "/v1/oauth/token", content=content, headers={"content-type": oauth.FORM}
    )
    _error(answer, 400, error)


async def test_a_scope_the_client_does_not_hold_is_invalid_scope(
    gateway: httpx.AsyncClient,
) -> None:
    form = GRANT | {"scope": "catalog:approve"}
    answer = await gateway.post("/v1/oauth/token", data=form, headers=_basic(CLIENT, SECRET))
    assert "catalog:approve" in _error(answer, 400, "invalid_scope")


async def test_authorization_server_metadata(gateway: httpx.AsyncClient) -> None:
    answer = await gateway.get("/.well-known/oauth-authorization-server")
    assert answer.status_code == 200
    metadata = answer.json()
    assert metadata["issuer"] == "http://gw"
    assert metadata["token_endpoint"] == "http://gw/v1/oauth/token"
    assert metadata["jwks_uri"] == "http://gw/.well-known/jwks.json"
    assert metadata["grant_types_supported"] == ["client_credentials"]
    assert set(metadata["token_endpoint_auth_methods_supported"]) == {
        "client_secret_basic",
        "client_secret_post",
    }
    assert "applications:write" in metadata["scopes_supported"]
    assert metadata["response_types_supported"] == []
    jwks = await gateway.get(metadata["jwks_uri"].removeprefix("http://gw"))
    assert jwks.status_code == 200 and jwks.json()["keys"]


async def test_other_gateway_errors_stay_problem_json(gateway: httpx.AsyncClient) -> None:
    answer = await gateway.get("/v1/no-such-thing")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")
