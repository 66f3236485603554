"""A decision dossier and an access token are never interchangeable (issue 17): the public
JWKS carries both kinds of key, so each verifier must refuse the other kind by its `typ` and
by its key. A dossier held up as a bearer token is 401; a token, or anything signed with a
token key, is never a valid dossier; the gateway publishes only dossier keys from the
application service."""

import datetime as dt
import json
import uuid
from typing import Any

import httpx
import jwt
import pytest

from gateway import dossier_keys
from gateway.main import create_app as gateway_app
from gateway.settings import GatewaySettings
from panjereh import auth, dossier, keyring
from panjereh.problems import ProblemError
from tests.support import LifespanManager

TOKEN_KEY = auth.new_signing_key()
TOKEN_KID = "panjereh-1"
DOSSIERS = keyring.ring(auth.new_signing_key(), prefix=dossier.KID_PREFIX)
PUBLIC = {"keys": [*auth.public_jwks(TOKEN_KEY, kid=TOKEN_KID)["keys"], *DOSSIERS.jwks["keys"]]}
CLAIMS = {
    "application_id": "a", "tracking_code": "1405000000001", "service_id": "s",
    "rules_digest": dossier.digest([]), "legal_basis": [], "evidence": [],
    "decision": {"outcome": "approved", "by": "rules", "reasons": []},
    "decided_at": "2026-12-01T09:00:00+00:00",
}  # fmt: skip


def _token_claims() -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC)
    return {
        "iss": auth.ISSUER, "aud": auth.AUDIENCE, "sub": "forger", "agency_id": "police",
        "scope": "compliance:read applications:read", "iat": now, "nbf": now,
        "exp": now + dt.timedelta(minutes=5), "jti": uuid.uuid4().hex,
    }  # fmt: skip


def _dossier(ring: keyring.KeyRing) -> str:
    return ring.sign_jws({**CLAIMS, "kid": ring.kid}, typ=dossier.TYPE)


def _refused_as_token(token: str) -> None:
    with pytest.raises(ProblemError) as refused:
        auth.TokenVerifier(PUBLIC).verify(token)
    assert refused.value.status == 401


def test_a_dossier_is_no_access_token() -> None:
    _refused_as_token(_dossier(DOSSIERS))
    # Token claims signed with the dossier key, even typed as a JWT: its key is no token key.
    forged = jwt.encode(
        _token_claims(), DOSSIERS.private, algorithm="ES256", headers={"kid": DOSSIERS.kid}
    )
    _refused_as_token(forged)
    # A token signed with the token key but typed as a dossier.
    typed = jwt.encode(
        _token_claims(),
        TOKEN_KEY,
        algorithm="ES256",
        headers={"kid": TOKEN_KID, "typ": dossier.TYPE},
    )
    _refused_as_token(typed)
    # The same token as a plain JWT passes: the refusals above are about the kind, not claims.
    plain = jwt.encode(_token_claims(), TOKEN_KEY, algorithm="ES256", headers={"kid": TOKEN_KID})
    assert auth.TokenVerifier(PUBLIC).verify(plain).agency_id == "police"


def test_an_access_token_is_no_dossier() -> None:
    issuer = auth.TokenIssuer(TOKEN_KEY, kid=TOKEN_KID, ttl=dt.timedelta(minutes=5))
    token = issuer.issue(client_id="c", agency_id="police", scopes=["applications:read"])
    with pytest.raises(dossier.InvalidDossier, match="not a panjereh-dossier"):
        dossier.verify(token, PUBLIC)
    # Dossier content signed with the token key: under its own kid, or a dossier-looking one.
    as_token_kid = keyring.KeyRing(TOKEN_KEY, TOKEN_KID, {})
    with pytest.raises(dossier.InvalidDossier, match="not published"):
        dossier.verify(
            as_token_kid.sign_jws({**CLAIMS, "kid": TOKEN_KID}, typ=dossier.TYPE), PUBLIC
        )
    posing = keyring.ring(TOKEN_KEY, prefix=dossier.KID_PREFIX)
    with pytest.raises(dossier.InvalidDossier, match="not published"):
        dossier.verify(posing.sign_jws({**CLAIMS, "kid": posing.kid}, typ=dossier.TYPE), PUBLIC)
    # The genuine article verifies.
    header, _ = dossier.verify(
        DOSSIERS.sign_jws({**CLAIMS, "kid": DOSSIERS.kid}, typ=dossier.TYPE), PUBLIC
    )
    assert header["kid"] == DOSSIERS.kid


class _Upstream:
    """An application service that tries to publish a token key beside its dossier key."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    async def get(self, path: str) -> tuple[int, bytes]:
        assert path == dossier_keys.PATH
        return 200, self.body


@pytest.mark.asyncio
async def test_the_gateway_publishes_only_dossier_keys_from_the_application_service() -> None:
    token_jwk = auth.public_jwks(auth.new_signing_key(), kid="panjereh-2")["keys"][0]
    body = json.dumps({"keys": [token_jwk, *DOSSIERS.jwks["keys"]]}).encode()
    keys = await dossier_keys.DossierKeys().published(_Upstream(body))  # type: ignore[arg-type]
    assert [k["kid"] for k in keys] == [DOSSIERS.kid]


@pytest.mark.asyncio
async def test_a_dossier_as_a_bearer_token_is_401_at_the_gateway() -> None:
    settings = GatewaySettings()
    app = gateway_app(settings, key=TOKEN_KEY)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            held = _dossier(DOSSIERS)
            refused = await client.get("/metrics", headers={"Authorization": f"Bearer {held}"})
            issuer = auth.TokenIssuer(
                TOKEN_KEY, kid=settings.signing_key_id, ttl=dt.timedelta(minutes=5)
            )
            token = issuer.issue(client_id="ops", agency_id=None, scopes=["compliance:read"])
            allowed = await client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401
    assert allowed.status_code == 200
