from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.webhook_created import WebhookCreated
from ...models.webhook_in import WebhookIn
from ...types import Response


def _get_kwargs(
    *,
    body: WebhookIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhooks",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WebhookCreated:
    if response.status_code == 201:
        response_201 = WebhookCreated.from_dict(response.json())

        return response_201

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
) -> Response[Problem | WebhookCreated]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookIn,
) -> Response[Problem | WebhookCreated]:
    """Subscribe an endpoint to the agency's events

     Needs `webhooks:write` and a client that acts for an agency (else 403
    `agency-required`). `events` are the application event types or `*`; the agency's
    applications' events are POSTed as signed CloudEvents (Standard Webhooks), at least once
    and in order per application. Outside the embedded/dev profile the URL must be https and
    may not resolve to a private, loopback or metadata address: every bad field is named in
    one 422. The 21st subscription is a 409 `too-many-webhooks`. The signing secret is in
    this answer only; store it, it is never shown again (docs/api.md §7).

    Args:
        body (WebhookIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookCreated]
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
    body: WebhookIn,
) -> Problem | WebhookCreated | None:
    """Subscribe an endpoint to the agency's events

     Needs `webhooks:write` and a client that acts for an agency (else 403
    `agency-required`). `events` are the application event types or `*`; the agency's
    applications' events are POSTed as signed CloudEvents (Standard Webhooks), at least once
    and in order per application. Outside the embedded/dev profile the URL must be https and
    may not resolve to a private, loopback or metadata address: every bad field is named in
    one 422. The 21st subscription is a 409 `too-many-webhooks`. The signing secret is in
    this answer only; store it, it is never shown again (docs/api.md §7).

    Args:
        body (WebhookIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookCreated
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookIn,
) -> Response[Problem | WebhookCreated]:
    """Subscribe an endpoint to the agency's events

     Needs `webhooks:write` and a client that acts for an agency (else 403
    `agency-required`). `events` are the application event types or `*`; the agency's
    applications' events are POSTed as signed CloudEvents (Standard Webhooks), at least once
    and in order per application. Outside the embedded/dev profile the URL must be https and
    may not resolve to a private, loopback or metadata address: every bad field is named in
    one 422. The 21st subscription is a 409 `too-many-webhooks`. The signing secret is in
    this answer only; store it, it is never shown again (docs/api.md §7).

    Args:
        body (WebhookIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookCreated]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WebhookIn,
) -> Problem | WebhookCreated | None:
    """Subscribe an endpoint to the agency's events

     Needs `webhooks:write` and a client that acts for an agency (else 403
    `agency-required`). `events` are the application event types or `*`; the agency's
    applications' events are POSTed as signed CloudEvents (Standard Webhooks), at least once
    and in order per application. Outside the embedded/dev profile the URL must be https and
    may not resolve to a private, loopback or metadata address: every bad field is named in
    one 422. The 21st subscription is a 409 `too-many-webhooks`. The signing secret is in
    this answer only; store it, it is never shown again (docs/api.md §7).

    Args:
        body (WebhookIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookCreated
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
