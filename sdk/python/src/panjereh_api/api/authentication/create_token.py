from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.create_token_body import CreateTokenBody
from ...models.o_auth_error import OAuthError
from ...models.problem import Problem
from ...models.token_out import TokenOut
from ...types import Response


def _get_kwargs(
    *,
    body: CreateTokenBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/oauth/token",
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OAuthError | Problem | TokenOut:
    if response.status_code == 200:
        response_200 = TokenOut.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = OAuthError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = OAuthError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[OAuthError | Problem | TokenOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateTokenBody,
) -> Response[OAuthError | Problem | TokenOut]:
    """Exchange client credentials for an access token

     OAuth 2.0 client credentials (RFC 6749 §4.4). The client authenticates with HTTP Basic
    (`client_secret_basic`) or with `client_id` and `client_secret` in the form
    (`client_secret_post`), never both. Scopes asked for must be among the client's; none
    asked means all of them. The token is a JWT (ES256) for `expires_in` seconds (900 by
    default): cache it and ask again shortly before it expires. Errors are RFC 6749 §5.2
    JSON (`{"error", "error_description"}`): 400 for a bad request or scope, 401
    `invalid_client`; failed attempts are limited per address (429 with `Retry-After`). The
    server's metadata is at `/.well-known/oauth-authorization-server` (RFC 8414).

    Args:
        body (CreateTokenBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OAuthError | Problem | TokenOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CreateTokenBody,
) -> OAuthError | Problem | TokenOut | None:
    """Exchange client credentials for an access token

     OAuth 2.0 client credentials (RFC 6749 §4.4). The client authenticates with HTTP Basic
    (`client_secret_basic`) or with `client_id` and `client_secret` in the form
    (`client_secret_post`), never both. Scopes asked for must be among the client's; none
    asked means all of them. The token is a JWT (ES256) for `expires_in` seconds (900 by
    default): cache it and ask again shortly before it expires. Errors are RFC 6749 §5.2
    JSON (`{"error", "error_description"}`): 400 for a bad request or scope, 401
    `invalid_client`; failed attempts are limited per address (429 with `Retry-After`). The
    server's metadata is at `/.well-known/oauth-authorization-server` (RFC 8414).

    Args:
        body (CreateTokenBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OAuthError | Problem | TokenOut
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateTokenBody,
) -> Response[OAuthError | Problem | TokenOut]:
    """Exchange client credentials for an access token

     OAuth 2.0 client credentials (RFC 6749 §4.4). The client authenticates with HTTP Basic
    (`client_secret_basic`) or with `client_id` and `client_secret` in the form
    (`client_secret_post`), never both. Scopes asked for must be among the client's; none
    asked means all of them. The token is a JWT (ES256) for `expires_in` seconds (900 by
    default): cache it and ask again shortly before it expires. Errors are RFC 6749 §5.2
    JSON (`{"error", "error_description"}`): 400 for a bad request or scope, 401
    `invalid_client`; failed attempts are limited per address (429 with `Retry-After`). The
    server's metadata is at `/.well-known/oauth-authorization-server` (RFC 8414).

    Args:
        body (CreateTokenBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OAuthError | Problem | TokenOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CreateTokenBody,
) -> OAuthError | Problem | TokenOut | None:
    """Exchange client credentials for an access token

     OAuth 2.0 client credentials (RFC 6749 §4.4). The client authenticates with HTTP Basic
    (`client_secret_basic`) or with `client_id` and `client_secret` in the form
    (`client_secret_post`), never both. Scopes asked for must be among the client's; none
    asked means all of them. The token is a JWT (ES256) for `expires_in` seconds (900 by
    default): cache it and ask again shortly before it expires. Errors are RFC 6749 §5.2
    JSON (`{"error", "error_description"}`): 400 for a bad request or scope, 401
    `invalid_client`; failed attempts are limited per address (429 with `Retry-After`). The
    server's metadata is at `/.well-known/oauth-authorization-server` (RFC 8414).

    Args:
        body (CreateTokenBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OAuthError | Problem | TokenOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
