"""The token endpoint's side of RFC 6749: reading a token request (a form, the client
authenticated by HTTP Basic or by its credentials in the form, never both) and answering
its errors as RFC 6749 §5.2 says — `{"error", "error_description"}` with 400/401 — which
OAuth libraries parse, where a problem+json document would be an unknown shape to them."""

import base64
import binascii
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from panjereh.problems import TYPE_BASE

FORM = "application/x-www-form-urlencoded"
# RFC 6749 §5.1: token answers (and their errors) must not be kept by any cache.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_BASIC_CHALLENGE = 'Basic realm="panjereh", charset="UTF-8"'
_MAX_FIELDS = 20  # a token request has four; more is someone probing the parser
_UNSUPPORTED_GRANT = "Only grant_type=client_credentials is supported (RFC 6749 section 4.4)."
_PARAMETERS = ("grant_type", "scope", "client_id", "client_secret")


@dataclass
class OAuthError(Exception):
    """An RFC 6749 §5.2 error: its code, and a description in ASCII (as the RFC requires)."""

    status: int
    error: str
    description: str
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.error}: {self.description}"


def invalid_request(description: str) -> OAuthError:
    return OAuthError(400, "invalid_request", description)


def invalid_client(description: str) -> OAuthError:
    # §5.2: a 401 for a failed client authentication names the scheme to authenticate with.
    return OAuthError(401, "invalid_client", description, {"WWW-Authenticate": _BASIC_CHALLENGE})


def render(error: OAuthError) -> JSONResponse:
    body = {
        "error": error.error,
        "error_description": error.description,
        "error_uri": f"{TYPE_BASE}oauth/{error.error}",
    }
    return JSONResponse(body, error.status, headers=NO_STORE | error.headers)


async def on_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, OAuthError)
    return render(error)


@dataclass(frozen=True)
class TokenRequest:
    grant_type: str
    scope: str | None
    client_id: str
    client_secret: str


def parse(headers: dict[str, str], body: bytes) -> TokenRequest:
    """The token request in `body` (a form) and the `authorization` header, or an OAuthError."""
    form = _form(headers.get("content-type", ""), body)
    grant_type = form.get("grant_type")
    if not grant_type:
        raise invalid_request("grant_type is required (grant_type=client_credentials).")
    if grant_type != "client_credentials":
        raise OAuthError(400, "unsupported_grant_type", _UNSUPPORTED_GRANT)
    client_id, client_secret = _credentials(headers.get("authorization"), form)
    return TokenRequest(grant_type, form.get("scope") or None, client_id, client_secret)


def _form(content_type: str, body: bytes) -> dict[str, str]:
    media_type = content_type.split(";")[0].strip().lower()
    if media_type != FORM:
        given = f"not {media_type}" if media_type else "a body with no Content-Type"
        raise invalid_request(
            f"A token request is a form: send it as {FORM} ({given}), RFC 6749 section 4.4.2."
        )
    try:
        pairs = urllib.parse.parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=_MAX_FIELDS,
        )
    except (UnicodeDecodeError, ValueError) as error:
        raise invalid_request(f"The form is not UTF-8 {FORM} of a few fields.") from error
    form: dict[str, str] = {}
    for name, value in pairs:
        if name in form and name in _PARAMETERS:
            raise invalid_request(f"{name} is given more than once (RFC 6749 section 3.2).")
        form[name] = value
    return form


def _credentials(authorization: str | None, form: dict[str, str]) -> tuple[str, str]:
    """The client's id and secret: from HTTP Basic (client_secret_basic) or from the form
    (client_secret_post); a request using both is refused (RFC 6749 §2.3)."""
    if authorization is None:
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        if not client_id or not secret:
            raise invalid_client(
                "Authenticate the client: HTTP Basic with client_id:client_secret, or "
                "client_id and client_secret in the form."
            )
        return client_id, secret
    client_id, secret = _basic(authorization)
    if "client_secret" in form or form.get("client_id", client_id) != client_id:
        raise invalid_request(
            "The client authenticated twice: use HTTP Basic or client_id and client_secret "
            "in the form, not both (RFC 6749 section 2.3)."
        )
    return client_id, secret


def _basic(authorization: str) -> tuple[str, str]:
    scheme, _, encoded = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        raise invalid_client("The token endpoint takes HTTP Basic client authentication.")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise invalid_request(
            "The Basic credentials are not base64 of UTF-8 client_id:client_secret."
        ) from error
    client_id, colon, secret = decoded.partition(":")
    if not colon or not client_id or not secret:
        raise invalid_request("The Basic credentials must be client_id:client_secret.")
    # RFC 6749 §2.3.1: each part is form-urlencoded before it is joined and base64-encoded.
    return urllib.parse.unquote_plus(client_id), urllib.parse.unquote_plus(secret)


def error_responses() -> dict[int | str, dict[str, Any]]:
    """The token endpoint's errors as its OpenAPI operation declares them."""
    schema = {"$ref": "#/components/schemas/OAuthError"}
    no_store = {
        "Cache-Control": {"description": "no-store", "schema": {"type": "string"}},
        "Pragma": {"description": "no-cache", "schema": {"type": "string"}},
    }
    return {
        400: {
            "description": "RFC 6749 §5.2: invalid_request, invalid_grant, unauthorized_client, "
            "unsupported_grant_type or invalid_scope",
            "headers": no_store,
            "content": {"application/json": {"schema": schema}},
        },
        401: {
            "description": "RFC 6749 §5.2 invalid_client: unknown client or wrong secret",
            "headers": no_store
            | {"WWW-Authenticate": {"description": "Basic", "schema": {"type": "string"}}},
            "content": {"application/json": {"schema": schema}},
        },
    }


OAUTH_ERROR_SCHEMA: dict[str, Any] = {
    "title": "OAuthError",
    "description": "An RFC 6749 §5.2 error answer of the token endpoint.",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "string",
            "enum": [
                "invalid_request",
                "invalid_client",
                "invalid_grant",
                "unauthorized_client",
                "unsupported_grant_type",
                "invalid_scope",
            ],
        },
        "error_description": {"type": "string"},
        "error_uri": {"type": "string", "format": "uri"},
    },
}
