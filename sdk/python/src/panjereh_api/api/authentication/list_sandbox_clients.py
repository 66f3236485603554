from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.list_sandbox_clients_response_listsandboxclients import (
    ListSandboxClientsResponseListsandboxclients,
)
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/sandbox/clients",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ListSandboxClientsResponseListsandboxclients | Problem:
    if response.status_code == 200:
        response_200 = ListSandboxClientsResponseListsandboxclients.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ListSandboxClientsResponseListsandboxclients | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[ListSandboxClientsResponseListsandboxclients | Problem]:
    """Demo OAuth clients (embedded/dev only)

     Embedded/dev only, no token needed; a 404 in production, where the gateway refuses to
    start with a demo secret. The seeded clients with their secrets, agencies and scopes:
    one backend per demo agency, the operators' `ops-dashboard` and the `legal-basis-office`,
    ready for `POST /v1/oauth/token` (docs/api.md §2).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListSandboxClientsResponseListsandboxclients | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> ListSandboxClientsResponseListsandboxclients | Problem | None:
    """Demo OAuth clients (embedded/dev only)

     Embedded/dev only, no token needed; a 404 in production, where the gateway refuses to
    start with a demo secret. The seeded clients with their secrets, agencies and scopes:
    one backend per demo agency, the operators' `ops-dashboard` and the `legal-basis-office`,
    ready for `POST /v1/oauth/token` (docs/api.md §2).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListSandboxClientsResponseListsandboxclients | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[ListSandboxClientsResponseListsandboxclients | Problem]:
    """Demo OAuth clients (embedded/dev only)

     Embedded/dev only, no token needed; a 404 in production, where the gateway refuses to
    start with a demo secret. The seeded clients with their secrets, agencies and scopes:
    one backend per demo agency, the operators' `ops-dashboard` and the `legal-basis-office`,
    ready for `POST /v1/oauth/token` (docs/api.md §2).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListSandboxClientsResponseListsandboxclients | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> ListSandboxClientsResponseListsandboxclients | Problem | None:
    """Demo OAuth clients (embedded/dev only)

     Embedded/dev only, no token needed; a 404 in production, where the gateway refuses to
    start with a demo secret. The seeded clients with their secrets, agencies and scopes:
    one backend per demo agency, the operators' `ops-dashboard` and the `legal-basis-office`,
    ready for `POST /v1/oauth/token` (docs/api.md §2).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListSandboxClientsResponseListsandboxclients | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
