import datetime as dt
from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import jwt
import pytest
import pytest_asyncio
from fastapi import Depends, FastAPI

from panjereh import auth, problems

pytestmark = pytest.mark.asyncio
KEY = auth.new_signing_key()
ISSUER = auth.TokenIssuer(KEY, kid="k1", ttl=dt.timedelta(minutes=5))


def _app() -> FastAPI:
    app = FastAPI()
    problems.install(app)
    app.state.token_verifier = auth.TokenVerifier(auth.public_jwks(KEY, kid="k1"))

    @app.get("/inquiries")
    async def inquiries(
        principal: Annotated[auth.Principal, Depends(auth.require("inquiries:read"))],
    ) -> dict[str, str | None]:
        return {"agency_id": principal.agency_id, "client_id": principal.client_id}

    @app.get("/agency-data")
    async def agency_data(
        _: Annotated[auth.Principal, Depends(auth.require("inquiries:read"))],
        agency_id: auth.AgencyDep,
    ) -> dict[str, str]:
        return {"agency_id": agency_id}

    @app.get("/citizen/me")
    async def me(citizen: auth.Citizen) -> dict[str, str | None]:
        return {"national_code": citizen.national_code}

    @app.get("/any-agency-token")
    async def any_token(
        principal: Annotated[auth.Principal, Depends(auth.current_principal)],
    ) -> dict[str, str | None]:
        return {"client_id": principal.client_id}

    return app


@pytest_asyncio.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        yield client


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_valid_token_with_the_scope_names_the_agency(client: httpx.AsyncClient) -> None:
    token = ISSUER.issue(client_id="ncr-backend", agency_id="ncr", scopes=["inquiries:read"])
    response = await client.get("/inquiries", headers=_bearer(token))
    assert response.json() == {"agency_id": "ncr", "client_id": "ncr-backend"}


async def test_missing_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/inquiries")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_token_without_the_scope_is_403(client: httpx.AsyncClient) -> None:
    token = ISSUER.issue(client_id="c", agency_id="ncr", scopes=["applications:read"])
    response = await client.get("/inquiries", headers=_bearer(token))
    assert response.status_code == 403
    assert "inquiries:read" in response.json()["detail"]


@pytest.mark.parametrize(
    "token",
    [
        auth.TokenIssuer(auth.new_signing_key(), kid="k1", ttl=dt.timedelta(minutes=5)).issue(
            client_id="forger", agency_id="ncr", scopes=["inquiries:read"]
        ),
        auth.TokenIssuer(KEY, kid="k1", ttl=dt.timedelta(seconds=-60)).issue(
            client_id="late", agency_id="ncr", scopes=["inquiries:read"]
        ),
        jwt.encode(
            {"sub": "x", "aud": "other", "iss": auth.ISSUER, "exp": 2**40, "iat": 0},
            KEY,
            algorithm="ES256",
            headers={"kid": "k1"},
        ),
        jwt.encode({"sub": "x", "scope": "inquiries:read"}, "s" * 32, algorithm="HS256"),
        "not-a-jwt",
    ],
    ids=["other-key", "expired", "wrong-audience", "hs256-none-kid", "garbage"],
)
async def test_forged_expired_or_malformed_tokens_are_401(
    client: httpx.AsyncClient, token: str
) -> None:
    response = await client.get("/inquiries", headers=_bearer(token))
    assert response.status_code == 401


def _citizen() -> str:
    # Minted when used: the issuer's tokens live 5 minutes, less than a suite takes to get here.
    return ISSUER.issue_citizen(national_code="0499370899", ttl=dt.timedelta(minutes=15))


async def test_a_citizen_token_opens_the_citizens_own_views(client: httpx.AsyncClient) -> None:
    token = _citizen()
    response = await client.get("/citizen/me", headers=_bearer(token))
    assert response.json() == {"national_code": "0499370899"}
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["scope"] == "citizen" and claims["agency_id"] is None
    assert claims["exp"] - claims["iat"] <= 5 * 60  # never longer than the issuer's ttl


@pytest.mark.parametrize("path", ["/inquiries", "/any-agency-token"])
async def test_a_citizen_token_opens_no_agency_route(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path, headers=_bearer(_citizen()))
    assert response.status_code == 403


async def test_an_agency_token_opens_no_citizen_view(client: httpx.AsyncClient) -> None:
    token = ISSUER.issue(client_id="c", agency_id="ncr", scopes=["inquiries:read", "citizen"])
    assert (await client.get("/citizen/me", headers=_bearer(token))).status_code == 401
    agency = ISSUER.issue(client_id="c", agency_id="ncr", scopes=["inquiries:read"])
    assert (await client.get("/citizen/me", headers=_bearer(agency))).status_code == 403


async def test_a_token_naming_a_person_and_an_agency_is_refused(
    client: httpx.AsyncClient,
) -> None:
    now = dt.datetime.now(dt.UTC)
    mixed = jwt.encode(
        {
            "iss": auth.ISSUER,
            "aud": auth.AUDIENCE,
            "sub": "c",
            "agency_id": "ncr",
            "scope": "inquiries:read",
            "national_code": "0499370899",
            "iat": now,
            "exp": now + dt.timedelta(minutes=5),
        },
        KEY,
        algorithm="ES256",
        headers={"kid": "k1"},
    )
    assert (await client.get("/inquiries", headers=_bearer(mixed))).status_code == 401
    assert (await client.get("/citizen/me", headers=_bearer(mixed))).status_code == 401


async def test_an_agency_route_names_the_callers_agency(client: httpx.AsyncClient) -> None:
    token = ISSUER.issue(client_id="ncr-backend", agency_id="ncr", scopes=["inquiries:read"])
    response = await client.get("/agency-data", headers=_bearer(token))
    assert response.status_code == 200 and response.json() == {"agency_id": "ncr"}


@pytest.mark.parametrize("agency", [None, ""])
async def test_a_client_of_no_agency_is_refused_an_agency_route(
    client: httpx.AsyncClient, agency: str | None
) -> None:
    token = ISSUER.issue(client_id="ops", agency_id=agency, scopes=["inquiries:read"])
    response = await client.get("/agency-data", headers=_bearer(token))
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/agency-required")
    persian = await client.get("/agency-data", headers={**_bearer(token), "Accept-Language": "fa"})
    assert "دستگاه" in persian.json()["detail"]


async def test_the_routes_scope_answers_before_its_agency(client: httpx.AsyncClient) -> None:
    token = ISSUER.issue(client_id="ops", agency_id=None, scopes=["compliance:read"])
    response = await client.get("/agency-data", headers=_bearer(token))
    assert response.status_code == 403
    assert response.json()["type"].endswith("/insufficient-scope")
