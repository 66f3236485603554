from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.service import Service
from ...models.service_spec import ServiceSpec
from ...types import Response


def _get_kwargs(
    service_id: str,
    *,
    body: ServiceSpec,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/catalog/services/{service_id}".format(
            service_id=quote(str(service_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Service:
    if response.status_code == 200:
        response_200 = Service.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | Service]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    service_id: str,
    *,
    client: AuthenticatedClient,
    body: ServiceSpec,
) -> Response[Problem | Service]:
    """Change a service of the caller's agency

     Needs `catalog:write`, and the service must be the token's agency's (another's is a
    403, an unknown id a 404). The body replaces the whole definition, validated like a new
    one (422). An evidence type that stays keeps the office's decision; an added one waits
    `pending`, so the service takes no application until the office approves it.

    Args:
        service_id (str):
        body (ServiceSpec): What an agency publishes about one of its services.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Service]
    """

    kwargs = _get_kwargs(
        service_id=service_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    service_id: str,
    *,
    client: AuthenticatedClient,
    body: ServiceSpec,
) -> Problem | Service | None:
    """Change a service of the caller's agency

     Needs `catalog:write`, and the service must be the token's agency's (another's is a
    403, an unknown id a 404). The body replaces the whole definition, validated like a new
    one (422). An evidence type that stays keeps the office's decision; an added one waits
    `pending`, so the service takes no application until the office approves it.

    Args:
        service_id (str):
        body (ServiceSpec): What an agency publishes about one of its services.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Service
    """

    return sync_detailed(
        service_id=service_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    service_id: str,
    *,
    client: AuthenticatedClient,
    body: ServiceSpec,
) -> Response[Problem | Service]:
    """Change a service of the caller's agency

     Needs `catalog:write`, and the service must be the token's agency's (another's is a
    403, an unknown id a 404). The body replaces the whole definition, validated like a new
    one (422). An evidence type that stays keeps the office's decision; an added one waits
    `pending`, so the service takes no application until the office approves it.

    Args:
        service_id (str):
        body (ServiceSpec): What an agency publishes about one of its services.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Service]
    """

    kwargs = _get_kwargs(
        service_id=service_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    service_id: str,
    *,
    client: AuthenticatedClient,
    body: ServiceSpec,
) -> Problem | Service | None:
    """Change a service of the caller's agency

     Needs `catalog:write`, and the service must be the token's agency's (another's is a
    403, an unknown id a 404). The body replaces the whole definition, validated like a new
    one (422). An evidence type that stays keeps the office's decision; an added one waits
    `pending`, so the service takes no application until the office approves it.

    Args:
        service_id (str):
        body (ServiceSpec): What an agency publishes about one of its services.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Service
    """

    return (
        await asyncio_detailed(
            service_id=service_id,
            client=client,
            body=body,
        )
    ).parsed
