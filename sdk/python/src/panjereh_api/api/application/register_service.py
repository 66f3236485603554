from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.new_service import NewService
from ...models.problem import Problem
from ...models.service import Service
from ...types import Response


def _get_kwargs(
    *,
    body: NewService,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/catalog/services",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Service:
    if response.status_code == 201:
        response_201 = Service.from_dict(response.json())

        return response_201

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
    *,
    client: AuthenticatedClient,
    body: NewService,
) -> Response[Problem | Service]:
    """Publish a service of the caller's agency

     Needs `catalog:write`; the service belongs to the token's agency. Answers 201 with
    `Location`. Each required evidence type waits `pending` for the legal-basis office:
    publishing grants no right to fetch, and until every type is approved the service takes
    no application (409 `service-not-approved`). An `id` taken already is a 409; a bad id,
    an unknown evidence type, or a rule that does not compile or type-check is a 422 naming
    the field (`rules.N.expression`). Rules are CEL over the environment at
    `GET /v1/catalog/evidence-types`.

    Args:
        body (NewService):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Service]
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
    body: NewService,
) -> Problem | Service | None:
    """Publish a service of the caller's agency

     Needs `catalog:write`; the service belongs to the token's agency. Answers 201 with
    `Location`. Each required evidence type waits `pending` for the legal-basis office:
    publishing grants no right to fetch, and until every type is approved the service takes
    no application (409 `service-not-approved`). An `id` taken already is a 409; a bad id,
    an unknown evidence type, or a rule that does not compile or type-check is a 422 naming
    the field (`rules.N.expression`). Rules are CEL over the environment at
    `GET /v1/catalog/evidence-types`.

    Args:
        body (NewService):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Service
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: NewService,
) -> Response[Problem | Service]:
    """Publish a service of the caller's agency

     Needs `catalog:write`; the service belongs to the token's agency. Answers 201 with
    `Location`. Each required evidence type waits `pending` for the legal-basis office:
    publishing grants no right to fetch, and until every type is approved the service takes
    no application (409 `service-not-approved`). An `id` taken already is a 409; a bad id,
    an unknown evidence type, or a rule that does not compile or type-check is a 422 naming
    the field (`rules.N.expression`). Rules are CEL over the environment at
    `GET /v1/catalog/evidence-types`.

    Args:
        body (NewService):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Service]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: NewService,
) -> Problem | Service | None:
    """Publish a service of the caller's agency

     Needs `catalog:write`; the service belongs to the token's agency. Answers 201 with
    `Location`. Each required evidence type waits `pending` for the legal-basis office:
    publishing grants no right to fetch, and until every type is approved the service takes
    no application (409 `service-not-approved`). An `id` taken already is a 409; a bad id,
    an unknown evidence type, or a rule that does not compile or type-check is a 422 naming
    the field (`rules.N.expression`). Rules are CEL over the environment at
    `GET /v1/catalog/evidence-types`.

    Args:
        body (NewService):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Service
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
