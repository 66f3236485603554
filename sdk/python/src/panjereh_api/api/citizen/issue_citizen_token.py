from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.citizen_token import CitizenToken
from ...models.citizen_token_request import CitizenTokenRequest
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: CitizenTokenRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/citizen/token",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CitizenToken | Problem:
    if response.status_code == 200:
        response_200 = CitizenToken.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

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
) -> Response[CitizenToken | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CitizenTokenRequest,
) -> Response[CitizenToken | Problem]:
    """A citizen token for the one-time code sent by SMS (POST /v1/citizen/otp)

     Public: no token needed; the national code and the six-digit code from the SMS of
    `POST /v1/citizen/otp` (Persian digits accepted). One 400 `code-refused` for a wrong,
    expired, spent or never-sent code; attempts are limited per client (429). The token
    lives at most 15 minutes, holds scope `citizen` only and the national code in its own
    claim, and opens only `/v1/citizen/…` (docs/api.md §8).

    Args:
        body (CitizenTokenRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CitizenToken | Problem]
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
    client: AuthenticatedClient | Client,
    body: CitizenTokenRequest,
) -> CitizenToken | Problem | None:
    """A citizen token for the one-time code sent by SMS (POST /v1/citizen/otp)

     Public: no token needed; the national code and the six-digit code from the SMS of
    `POST /v1/citizen/otp` (Persian digits accepted). One 400 `code-refused` for a wrong,
    expired, spent or never-sent code; attempts are limited per client (429). The token
    lives at most 15 minutes, holds scope `citizen` only and the national code in its own
    claim, and opens only `/v1/citizen/…` (docs/api.md §8).

    Args:
        body (CitizenTokenRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CitizenToken | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CitizenTokenRequest,
) -> Response[CitizenToken | Problem]:
    """A citizen token for the one-time code sent by SMS (POST /v1/citizen/otp)

     Public: no token needed; the national code and the six-digit code from the SMS of
    `POST /v1/citizen/otp` (Persian digits accepted). One 400 `code-refused` for a wrong,
    expired, spent or never-sent code; attempts are limited per client (429). The token
    lives at most 15 minutes, holds scope `citizen` only and the national code in its own
    claim, and opens only `/v1/citizen/…` (docs/api.md §8).

    Args:
        body (CitizenTokenRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CitizenToken | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CitizenTokenRequest,
) -> CitizenToken | Problem | None:
    """A citizen token for the one-time code sent by SMS (POST /v1/citizen/otp)

     Public: no token needed; the national code and the six-digit code from the SMS of
    `POST /v1/citizen/otp` (Persian digits accepted). One 400 `code-refused` for a wrong,
    expired, spent or never-sent code; attempts are limited per client (429). The token
    lives at most 15 minutes, holds scope `citizen` only and the national code in its own
    claim, and opens only `/v1/citizen/…` (docs/api.md §8).

    Args:
        body (CitizenTokenRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CitizenToken | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
