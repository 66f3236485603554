"""OAuth 2.0 client credentials (RFC 6749 §4.4), the JWKS, and the sandbox's demo clients."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from gateway import oauth, proxy
from gateway.clients import DEMO_CLIENTS
from gateway.schemas import AuthorizationServer, DemoClient, TokenOut
from gateway.state import StateDep
from panjereh import auth
from panjereh.problems import ProblemError

router = APIRouter(tags=["authentication"])


# The form the token endpoint reads, as its OpenAPI operation declares it (the body is
# read by gateway.oauth, so that a body of another type is an RFC 6749 error, not a 422).
_TOKEN_FORM: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            oauth.FORM: {
                "schema": {
                    "type": "object",
                    "required": ["grant_type"],
                    "properties": {
                        "grant_type": {
                            "type": "string",
                            "description": "client_credentials (the only grant)",
                            "examples": ["client_credentials"],
                        },
                        "scope": {
                            "type": "string",
                            "description": "Space-separated scopes; none asked: all the client's",
                        },
                        "client_id": {
                            "type": "string",
                            "description": "client_secret_post (or use HTTP Basic)",
                        },
                        "client_secret": {
                            "type": "string",
                            "format": "password",
                            "description": "client_secret_post (or use HTTP Basic)",
                        },
                    },
                }
            }
        },
    },
    "security": [{"clientBasic": []}, {}],
}
_TOKEN_HEADERS = {
    "Cache-Control": {"description": "no-store (RFC 6749 §5.1)", "schema": {"type": "string"}},
    "Pragma": {"description": "no-cache", "schema": {"type": "string"}},
}


@router.post(
    "/v1/oauth/token",
    summary="Exchange client credentials for an access token",
    operation_id="createToken",
    openapi_extra=_TOKEN_FORM,
    responses={200: {"model": TokenOut, "headers": _TOKEN_HEADERS}, **oauth.error_responses()},
)
async def token(request: Request, state: StateDep) -> JSONResponse:
    """OAuth 2.0 client credentials (RFC 6749 §4.4). The client authenticates with HTTP Basic
    (`client_secret_basic`) or with `client_id` and `client_secret` in the form
    (`client_secret_post`), never both. Scopes asked for must be among the client's; none
    asked means all of them. The token is a JWT (ES256) for `expires_in` seconds (900 by
    default): cache it and ask again shortly before it expires. Errors are RFC 6749 §5.2
    JSON (`{"error", "error_description"}`): 400 for a bad request or scope, 401
    `invalid_client`; failed attempts are limited per address (429 with `Retry-After`). The
    server's metadata is at `/.well-known/oauth-authorization-server` (RFC 8414)."""
    edge = state.edge
    edge.check_size(request)
    body = await proxy.read_body(request, state.settings.max_body_bytes)
    asked = oauth.parse(dict(request.headers), body)
    await edge.admit_token_request(request, asked.client_id)
    client = await state.oauth_clients.verify(asked.client_id, asked.client_secret)
    if client is None:
        await edge.wrong_secret(request, asked.client_id)
        raise oauth.invalid_client("Unknown client or wrong secret.")
    scopes = _granted(client.scopes, asked.scope)
    issuer = state.keys.issuer
    answer = TokenOut(
        access_token=issuer.issue(
            client_id=client.client_id, agency_id=client.agency_id, scopes=scopes
        ),
        expires_in=int(issuer.ttl.total_seconds()),
        scope=" ".join(sorted(scopes)),
    )
    return JSONResponse(answer.model_dump(), headers=oauth.NO_STORE)


def _granted(held: frozenset[str], asked: str | None) -> frozenset[str]:
    wanted = frozenset(asked.split()) if asked else held
    if not wanted <= held:
        extra = " ".join(sorted(wanted - held))
        if not extra.isascii():
            extra = "scopes this platform does not define"
        raise oauth.OAuthError(400, "invalid_scope", f"Not granted to this client: {extra}.")
    return wanted


@router.get(
    "/.well-known/oauth-authorization-server",
    summary="OAuth 2.0 authorization server metadata (RFC 8414)",
    operation_id="getAuthorizationServerMetadata",
)
async def authorization_server(request: Request) -> AuthorizationServer:
    """Public: no token needed. The RFC 8414 metadata OAuth libraries discover: the issuer,
    `token_endpoint`, `jwks_uri`, the one grant (`client_credentials`), both client
    authentication methods (`client_secret_basic`, `client_secret_post`) and every scope.
    The URLs are built from the base URL the request reached."""
    base = str(request.base_url).rstrip("/")
    return AuthorizationServer(
        issuer=base,
        token_endpoint=f"{base}/v1/oauth/token",
        jwks_uri=f"{base}/.well-known/jwks.json",
        grant_types_supported=["client_credentials"],
        token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
        scopes_supported=sorted(auth.SCOPES),
        # No authorization endpoint: client credentials only (RFC 8414 §2 asks for the list).
        response_types_supported=[],
        service_documentation=f"{base}/docs",
    )


@router.get(
    "/.well-known/jwks.json",
    summary="Keys that verify access tokens and decision dossiers",
    operation_id="getJwks",
)
async def jwks(state: StateDep) -> dict[str, object]:
    """Public: no token needed. The token keys, and the decision dossiers' keys (kid
    `dossier-…`, current and retired), as one JWKS: every service verifies tokens against
    it, and anyone verifies a dossier offline with it."""
    dossiers = await state.dossier_keys.published(state.clients.get("application"))
    return {"keys": [*state.keys.jwks["keys"], *dossiers]}


@router.get(
    "/v1/sandbox/clients",
    tags=["sandbox"],
    summary="Demo OAuth clients (embedded/dev only)",
    operation_id="listSandboxClients",
)
async def demo_clients(state: StateDep) -> dict[str, list[DemoClient]]:
    """Embedded/dev only, no token needed; a 404 in production, where the gateway refuses to
    start with a demo secret. The seeded clients with their secrets, agencies and scopes:
    one backend per demo agency, the operators' `ops-dashboard` and the `legal-basis-office`,
    ready for `POST /v1/oauth/token` (docs/api.md §2)."""
    if not state.settings.is_demo:
        raise ProblemError(404, "not-found", "No such endpoint.", "چنین نشانی‌ای وجود ندارد.")
    items = [
        DemoClient(client_id=c, client_secret=s, agency_id=a, scopes=list(scopes))
        for c, s, a, scopes in DEMO_CLIENTS
    ]
    return {"items": items}
