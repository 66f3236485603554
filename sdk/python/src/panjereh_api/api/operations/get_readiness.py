from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.get_readiness_response_getreadiness import (
    GetReadinessResponseGetreadiness,
)
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/health/ready",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GetReadinessResponseGetreadiness | Problem:
    if response.status_code == 200:
        response_200 = GetReadinessResponseGetreadiness.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GetReadinessResponseGetreadiness | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[GetReadinessResponseGetreadiness | Problem]:
    """This gateway can take traffic

     Public: no token needed. `{"status": "ready"}` once this gateway's clients and keys
    are loaded: a load balancer's readiness probe. It does not ask the services, so one
    service down does not take every gateway out; `GET /health` says which is down.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetReadinessResponseGetreadiness | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> GetReadinessResponseGetreadiness | Problem | None:
    """This gateway can take traffic

     Public: no token needed. `{"status": "ready"}` once this gateway's clients and keys
    are loaded: a load balancer's readiness probe. It does not ask the services, so one
    service down does not take every gateway out; `GET /health` says which is down.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetReadinessResponseGetreadiness | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[GetReadinessResponseGetreadiness | Problem]:
    """This gateway can take traffic

     Public: no token needed. `{"status": "ready"}` once this gateway's clients and keys
    are loaded: a load balancer's readiness probe. It does not ask the services, so one
    service down does not take every gateway out; `GET /health` says which is down.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetReadinessResponseGetreadiness | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> GetReadinessResponseGetreadiness | Problem | None:
    """This gateway can take traffic

     Public: no token needed. `{"status": "ready"}` once this gateway's clients and keys
    are loaded: a load balancer's readiness probe. It does not ask the services, so one
    service down does not take every gateway out; `GET /health` says which is down.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetReadinessResponseGetreadiness | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
