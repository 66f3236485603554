from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.get_jwks_response_getjwks import GetJwksResponseGetjwks
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/.well-known/jwks.json",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GetJwksResponseGetjwks | Problem:
    if response.status_code == 200:
        response_200 = GetJwksResponseGetjwks.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GetJwksResponseGetjwks | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[GetJwksResponseGetjwks | Problem]:
    """Keys that verify access tokens and decision dossiers

     Public: no token needed. The token keys, and the decision dossiers' keys (kid
    `dossier-…`, current and retired), as one JWKS: every service verifies tokens against
    it, and anyone verifies a dossier offline with it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetJwksResponseGetjwks | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> GetJwksResponseGetjwks | Problem | None:
    """Keys that verify access tokens and decision dossiers

     Public: no token needed. The token keys, and the decision dossiers' keys (kid
    `dossier-…`, current and retired), as one JWKS: every service verifies tokens against
    it, and anyone verifies a dossier offline with it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetJwksResponseGetjwks | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[GetJwksResponseGetjwks | Problem]:
    """Keys that verify access tokens and decision dossiers

     Public: no token needed. The token keys, and the decision dossiers' keys (kid
    `dossier-…`, current and retired), as one JWKS: every service verifies tokens against
    it, and anyone verifies a dossier offline with it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetJwksResponseGetjwks | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> GetJwksResponseGetjwks | Problem | None:
    """Keys that verify access tokens and decision dossiers

     Public: no token needed. The token keys, and the decision dossiers' keys (kid
    `dossier-…`, current and retired), as one JWKS: every service verifies tokens against
    it, and anyone verifies a dossier offline with it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetJwksResponseGetjwks | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
