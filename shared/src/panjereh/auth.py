"""Bearer tokens: the gateway signs them (ES256), every service verifies them itself.

No service trusts a header that anyone could set: each checks the JWT's signature against the
gateway's public keys (a JWKS), its issuer, audience and expiry, then the scope a route needs.
"""

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from panjereh import dossier
from panjereh.problems import ProblemError

ALGORITHM = "ES256"
ISSUER = "panjereh-gateway"
AUDIENCE = "panjereh"
LEEWAY_SECONDS = 5.0  # clock skew forgiven on a token's exp (the compiled edge uses the same)

SCOPES = {
    "applications:write": "Submit and cancel applications",
    "applications:read": "Read the agency's applications",
    "applications:review": "Decide applications that need an officer",
    "inquiries:read": "Fetch evidence online from the national registries",
    "catalog:write": "Publish and change the agency's services",
    "webhooks:write": "Manage the agency's webhook subscriptions and their deliveries",
    "compliance:read": "Read compliance figures (operations)",
    "catalog:approve": "Decide the legal basis of services' evidence (the legal-basis office)",
}
# A person signed in by a one-time code (API.md, Citizens). Never held by an agency client:
# the gateway's client registry refuses it, and only the citizen token endpoint grants it.
CITIZEN_SCOPE = "citizen"
CITIZEN_CLIENT = "citizen"


@dataclass(frozen=True)
class Principal:
    """Who is calling: an OAuth client acting for an agency (or an operator without one), or a
    citizen signed in by a one-time code (`national_code` set, the only scope `citizen`)."""

    client_id: str
    agency_id: str | None
    scopes: frozenset[str]
    national_code: str | None = None

    @property
    def is_citizen(self) -> bool:
        return self.national_code is not None


def new_signing_key() -> ec.EllipticCurvePrivateKey:
    """A fresh P-256 key (the embedded mode makes one per process; production loads its own)."""
    return ec.generate_private_key(ec.SECP256R1())


def public_jwks(key: ec.EllipticCurvePrivateKey, *, kid: str) -> dict[str, Any]:
    """The JWKS document publishing `key`'s public half."""
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    return {"keys": [{**jwk, "kid": kid, "use": "sig", "alg": ALGORITHM}]}


class TokenIssuer:
    """Signs short-lived access tokens (the gateway's token endpoint uses it)."""

    def __init__(self, key: ec.EllipticCurvePrivateKey, *, kid: str, ttl: dt.timedelta) -> None:
        self._key = key
        self._kid = kid
        self.ttl = ttl

    def issue(self, *, client_id: str, agency_id: str | None, scopes: Iterable[str]) -> str:
        now = dt.datetime.now(dt.UTC)
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": client_id,
            "agency_id": agency_id,
            "scope": " ".join(sorted(scopes)),
            "iat": now,
            "nbf": now,
            "exp": now + self.ttl,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM, headers={"kid": self._kid})

    def issue_citizen(self, *, national_code: str, ttl: dt.timedelta) -> str:
        """A citizen's token: scope `citizen` only, no agency, for at most `self.ttl`.

        The national code rides in its own claim: the token is the citizen's own, and every
        service that answers them (status, application) must know whose data to show."""
        now = dt.datetime.now(dt.UTC)
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": CITIZEN_CLIENT,
            "agency_id": None,
            "scope": CITIZEN_SCOPE,
            "national_code": national_code,
            "iat": now,
            "nbf": now,
            "exp": now + min(ttl, self.ttl),
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM, headers={"kid": self._kid})


def unauthorized(en: str, fa: str) -> ProblemError:
    return ProblemError(
        401, "unauthorized", en, fa, headers={"WWW-Authenticate": 'Bearer realm="panjereh"'}
    )


def _token_keys(jwks: dict[str, Any]) -> list[jwt.PyJWK]:
    # The public JWKS also publishes the decision dossiers' keys: never a token's.
    return [
        jwt.PyJWK.from_dict(key)
        for key in jwks.get("keys", [])
        if not str(key.get("kid", "")).startswith(dossier.KID_PREFIX)
    ]


class TokenVerifier:
    """Verifies tokens against a JWKS document (keys selected by `kid`)."""

    def __init__(self, jwks: dict[str, Any], *, leeway: float = LEEWAY_SECONDS) -> None:
        self._keys = _token_keys(jwks)
        self._leeway = leeway

    def knows(self, kid: str) -> bool:
        return any(key.key_id == kid for key in self._keys)

    def replace(self, jwks: dict[str, Any]) -> None:
        """Verify with these keys from now on (a rotation: panjereh.token_keys). One
        assignment: a verification under way keeps the list it started with."""
        self._keys = _token_keys(jwks)

    def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
            if header.get("typ", "JWT") != "JWT":
                raise jwt.InvalidTokenError("not an access token")  # e.g. a dossier
            key = next(k for k in self._keys if k.key_id == header.get("kid"))
            claims = jwt.decode(
                token,
                key.key,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                issuer=ISSUER,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "sub", "aud", "iss"]},
            )
        except jwt.ExpiredSignatureError:
            raise unauthorized(
                "The access token has expired.", "توکن دسترسی منقضی شده است."
            ) from None
        except (jwt.PyJWTError, StopIteration):
            raise unauthorized("The access token is invalid.", "توکن دسترسی نامعتبر است.") from None
        scopes = frozenset(str(claims.get("scope", "")).split())
        national_code = claims.get("national_code")
        if national_code is not None and (
            scopes != {CITIZEN_SCOPE} or claims.get("agency_id") is not None
        ):
            # A token naming a person is a citizen's and nothing else: never an agency's.
            raise unauthorized("The access token is invalid.", "توکن دسترسی نامعتبر است.")
        if CITIZEN_SCOPE in scopes and not isinstance(national_code, str):
            raise unauthorized("The access token is invalid.", "توکن دسترسی نامعتبر است.")
        return Principal(
            client_id=str(claims["sub"]),
            agency_id=claims.get("agency_id"),
            scopes=scopes,
            national_code=national_code,
        )


_bearer = HTTPBearer(auto_error=False, description="An access token from POST /v1/oauth/token")


def _verifier(request: Request) -> TokenVerifier:
    verifier: TokenVerifier | None = getattr(request.app.state, "token_verifier", None)
    if verifier is None:
        raise RuntimeError("app.state.token_verifier is not set (see the service's lifespan)")
    return verifier


async def _verified(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise unauthorized("A bearer token is required.", "توکن دسترسی لازم است.")
    verifier = _verifier(request)
    # A service that fetches the gateway's keys refreshes them (panjereh.token_keys).
    refreshing = getattr(request.app.state, "token_keys", None)
    if refreshing is not None:
        await refreshing.before_verify(credentials.credentials)
    return verifier.verify(credentials.credentials)


async def current_principal(principal: Annotated[Principal, Depends(_verified)]) -> Principal:
    """The verified agency or operator client; 401 when the token is missing, invalid or
    expired. A citizen's token is refused here (403): every route that is not explicitly a
    citizen's own (`Citizen`) is closed to it, whatever scopes the route checks."""
    if principal.is_citizen:
        raise ProblemError(
            403,
            "citizen-token",
            "A citizen token only opens the citizen's own views (/v1/citizen/…).",
            "توکن شهروند فقط بخش‌های خود شهروند (/v1/citizen/…) را باز می‌کند.",
        )
    return principal


def require(scope: str) -> Callable[..., Any]:
    """A dependency that returns the caller if their token grants `scope`, else 403."""

    async def dependency(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if scope not in principal.scopes:
            raise ProblemError(
                403,
                "insufficient-scope",
                f"The token lacks the scope {scope}.",
                f"توکن دسترسی دامنه {scope} را ندارد.",
            )
        return principal

    return dependency


async def _agency(principal: Annotated[Principal, Depends(current_principal)]) -> str:
    if not principal.agency_id:
        # An operator's or the office's client acts for no agency: on a route that reads or
        # writes an agency's own data it is refused, never taken as an agency named "".
        raise ProblemError(
            403,
            "agency-required",
            "This route acts for an agency; the token's client acts for none.",
            "این مسیر از سوی یک دستگاه کار می‌کند و کارخواه این توکن از سوی هیچ دستگاهی نیست.",
        )
    return principal.agency_id


# The caller's agency on an agency's route; 403 `agency-required` when its client has none.
# It checks no scope: declare the route's scope dependency before it, so that one answers first.
AgencyDep = Annotated[str, Depends(_agency)]


async def _citizen(principal: Annotated[Principal, Depends(_verified)]) -> Principal:
    if not principal.is_citizen:
        raise ProblemError(
            403,
            "insufficient-scope",
            "This is the citizen's own view: it needs a citizen token (POST /v1/citizen/token).",
            "این بخش مخصوص خود شهروند است و توکن شهروند لازم دارد (POST /v1/citizen/token).",
        )
    return principal


# The signed-in person on a citizen route (their `national_code` is set).
Citizen = Annotated[Principal, Depends(_citizen)]
