from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.jwks import Jwks
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/inquiries/audit/keys",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Jwks | Problem:
    if response.status_code == 200:
        response_200 = Jwks.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Jwks | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Jwks | Problem]:
    """The public keys that sign the audit chain's checkpoints (a JWKS; public)

     Public: no token needed; cacheable for five minutes. The ES256 public keys (by `kid`)
    whose signatures the checkpoints of `GET /v1/inquiries/audit/checkpoints` carry: keep a
    copy with the checkpoints to verify them offline (docs/api.md §5).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Jwks | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> Jwks | Problem | None:
    """The public keys that sign the audit chain's checkpoints (a JWKS; public)

     Public: no token needed; cacheable for five minutes. The ES256 public keys (by `kid`)
    whose signatures the checkpoints of `GET /v1/inquiries/audit/checkpoints` carry: keep a
    copy with the checkpoints to verify them offline (docs/api.md §5).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Jwks | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Jwks | Problem]:
    """The public keys that sign the audit chain's checkpoints (a JWKS; public)

     Public: no token needed; cacheable for five minutes. The ES256 public keys (by `kid`)
    whose signatures the checkpoints of `GET /v1/inquiries/audit/checkpoints` carry: keep a
    copy with the checkpoints to verify them offline (docs/api.md §5).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Jwks | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> Jwks | Problem | None:
    """The public keys that sign the audit chain's checkpoints (a JWKS; public)

     Public: no token needed; cacheable for five minutes. The ES256 public keys (by `kid`)
    whose signatures the checkpoints of `GET /v1/inquiries/audit/checkpoints` carry: keep a
    copy with the checkpoints to verify them offline (docs/api.md §5).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Jwks | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
