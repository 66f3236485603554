"""OAuth 2.0 client credentials (RFC 6749 §4.4), the JWKS, and the sandbox's demo clients."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel

from gateway.clients import DEMO_CLIENTS, ClientRegistry
from panjereh import auth
from panjereh.problems import FieldError, ProblemError

router = APIRouter(tags=["authentication"])


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 — RFC 6749 token type
    expires_in: int
    scope: str


class DemoClient(BaseModel):
    client_id: str
    client_secret: str
    agency_id: str | None
    scopes: list[str]


def _oauth_error(status: int, error: str, en: str, fa: str) -> ProblemError:
    problem = ProblemError(status, f"oauth/{error}", en, fa, errors=[FieldError("error", error)])
    if status == 401:
        problem.headers["WWW-Authenticate"] = 'Basic realm="panjereh"'
    return problem


@router.post("/v1/oauth/token", summary="Exchange client credentials for an access token")
async def token(
    request: Request,
    grant_type: Annotated[str, Form()],
    client_id: Annotated[str, Form(max_length=200)],
    client_secret: Annotated[str, Form(max_length=500)],
    scope: Annotated[str | None, Form(max_length=1000)] = None,
) -> TokenOut:
    """Scopes asked for must be among the client's; none asked means all of them."""
    if grant_type != "client_credentials":
        raise _oauth_error(
            400,
            "unsupported_grant_type",
            "Only client_credentials is supported.",
            "فقط client_credentials پشتیبانی می‌شود.",
        )
    edge = request.app.state.edge
    await edge.admit_token_request(request, client_id)
    registry: ClientRegistry = request.app.state.oauth_clients
    client = await registry.verify(client_id, client_secret)
    if client is None:
        await edge.wrong_secret(request, client_id)
        raise _oauth_error(
            401,
            "invalid_client",
            "Unknown client or wrong secret.",
            "شناسه یا رمز کارخواه نادرست است.",
        )
    asked = frozenset(scope.split()) if scope else client.scopes
    if not asked <= client.scopes:
        extra = " ".join(sorted(asked - client.scopes))
        raise _oauth_error(
            400,
            "invalid_scope",
            f"Not granted to this client: {extra}.",
            f"این دامنه‌ها به کارخواه داده نشده است: {extra}",
        )
    issuer: auth.TokenIssuer = request.app.state.token_issuer
    return TokenOut(
        access_token=issuer.issue(
            client_id=client.client_id, agency_id=client.agency_id, scopes=asked
        ),
        expires_in=int(issuer.ttl.total_seconds()),
        scope=" ".join(sorted(asked)),
    )


@router.get(
    "/.well-known/jwks.json", tags=["authentication"], summary="Keys that verify access tokens"
)
async def jwks(request: Request) -> dict[str, object]:
    keys: dict[str, object] = request.app.state.jwks
    return keys


@router.get(
    "/v1/sandbox/clients", tags=["sandbox"], summary="Demo OAuth clients (embedded/dev only)"
)
async def demo_clients(request: Request) -> dict[str, list[DemoClient]]:
    if not request.app.state.settings.is_demo:
        raise ProblemError(404, "not-found", "No such endpoint.", "چنین نشانی‌ای وجود ندارد.")
    items = [
        DemoClient(client_id=c, client_secret=s, agency_id=a, scopes=list(scopes))
        for c, s, a, scopes in DEMO_CLIENTS
    ]
    return {"items": items}
