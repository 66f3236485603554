from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.submit_in import SubmitIn
from ...models.submitted import Submitted
from ...types import Response


def _get_kwargs(
    *,
    body: SubmitIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/applications",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Submitted:
    if response.status_code == 202:
        response_202 = Submitted.from_dict(response.json())

        return response_202

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[Problem | Submitted]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SubmitIn,
    idempotency_key: str,
) -> Response[Problem | Submitted]:
    """Submit a person's request with identifiers only

     Needs `applications:write`, for a service of the caller's own agency (another's is a 403,
    an unknown `service_id` a 422). Identifiers only: the evidence is fetched online, so no
    document is taken. Answers 202 at once; poll `status_url` or `getApplication`.
    `Idempotency-Key` is required: the same key and body again return the same application
    with `Idempotent-Replayed: true`, the same key with another body is a 409
    `idempotency-key-reused`, and a service whose legal basis is not yet approved is a 409
    `service-not-approved` (docs/api.md §1 Idempotency, §4).

    Args:
        idempotency_key (str): Unique per request; retry with the same
        body (SubmitIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Submitted]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: SubmitIn,
    idempotency_key: str,
) -> Problem | Submitted | None:
    """Submit a person's request with identifiers only

     Needs `applications:write`, for a service of the caller's own agency (another's is a 403,
    an unknown `service_id` a 422). Identifiers only: the evidence is fetched online, so no
    document is taken. Answers 202 at once; poll `status_url` or `getApplication`.
    `Idempotency-Key` is required: the same key and body again return the same application
    with `Idempotent-Replayed: true`, the same key with another body is a 409
    `idempotency-key-reused`, and a service whose legal basis is not yet approved is a 409
    `service-not-approved` (docs/api.md §1 Idempotency, §4).

    Args:
        idempotency_key (str): Unique per request; retry with the same
        body (SubmitIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Submitted
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SubmitIn,
    idempotency_key: str,
) -> Response[Problem | Submitted]:
    """Submit a person's request with identifiers only

     Needs `applications:write`, for a service of the caller's own agency (another's is a 403,
    an unknown `service_id` a 422). Identifiers only: the evidence is fetched online, so no
    document is taken. Answers 202 at once; poll `status_url` or `getApplication`.
    `Idempotency-Key` is required: the same key and body again return the same application
    with `Idempotent-Replayed: true`, the same key with another body is a 409
    `idempotency-key-reused`, and a service whose legal basis is not yet approved is a 409
    `service-not-approved` (docs/api.md §1 Idempotency, §4).

    Args:
        idempotency_key (str): Unique per request; retry with the same
        body (SubmitIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Submitted]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SubmitIn,
    idempotency_key: str,
) -> Problem | Submitted | None:
    """Submit a person's request with identifiers only

     Needs `applications:write`, for a service of the caller's own agency (another's is a 403,
    an unknown `service_id` a 422). Identifiers only: the evidence is fetched online, so no
    document is taken. Answers 202 at once; poll `status_url` or `getApplication`.
    `Idempotency-Key` is required: the same key and body again return the same application
    with `Idempotent-Replayed: true`, the same key with another body is a 409
    `idempotency-key-reused`, and a service whose legal basis is not yet approved is a 409
    `service-not-approved` (docs/api.md §1 Idempotency, §4).

    Args:
        idempotency_key (str): Unique per request; retry with the same
        body (SubmitIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Submitted
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
