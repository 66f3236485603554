from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.authorization_server import AuthorizationServer
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/.well-known/oauth-authorization-server",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuthorizationServer | Problem:
    if response.status_code == 200:
        response_200 = AuthorizationServer.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuthorizationServer | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[AuthorizationServer | Problem]:
    """OAuth 2.0 authorization server metadata (RFC 8414)

     Public: no token needed. The RFC 8414 metadata OAuth libraries discover: the issuer,
    `token_endpoint`, `jwks_uri`, the one grant (`client_credentials`), both client
    authentication methods (`client_secret_basic`, `client_secret_post`) and every scope.
    The URLs are built from the base URL the request reached.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthorizationServer | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> AuthorizationServer | Problem | None:
    """OAuth 2.0 authorization server metadata (RFC 8414)

     Public: no token needed. The RFC 8414 metadata OAuth libraries discover: the issuer,
    `token_endpoint`, `jwks_uri`, the one grant (`client_credentials`), both client
    authentication methods (`client_secret_basic`, `client_secret_post`) and every scope.
    The URLs are built from the base URL the request reached.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthorizationServer | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[AuthorizationServer | Problem]:
    """OAuth 2.0 authorization server metadata (RFC 8414)

     Public: no token needed. The RFC 8414 metadata OAuth libraries discover: the issuer,
    `token_endpoint`, `jwks_uri`, the one grant (`client_credentials`), both client
    authentication methods (`client_secret_basic`, `client_secret_post`) and every scope.
    The URLs are built from the base URL the request reached.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthorizationServer | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> AuthorizationServer | Problem | None:
    """OAuth 2.0 authorization server metadata (RFC 8414)

     Public: no token needed. The RFC 8414 metadata OAuth libraries discover: the issuer,
    `token_endpoint`, `jwks_uri`, the one grant (`client_credentials`), both client
    authentication methods (`client_secret_basic`, `client_secret_post`) and every scope.
    The URLs are built from the base URL the request reached.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthorizationServer | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
