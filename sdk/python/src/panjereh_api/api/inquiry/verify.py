from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.audit_verification import AuditVerification
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/inquiries/audit/verify",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuditVerification | Problem:
    if response.status_code == 200:
        response_200 = AuditVerification.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuditVerification | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[AuditVerification | Problem]:
    """Verify the audit chain against its signed checkpoints (operators)

     Needs `compliance:read` (operators). Walks the hash-linked chain and checks it against
    the database's own copy of the checkpoints and their signatures; the answer says whether
    it holds and where it breaks. Verify offline against the published ones with
    `python -m inquiry_service.cli audit verify`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditVerification | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> AuditVerification | Problem | None:
    """Verify the audit chain against its signed checkpoints (operators)

     Needs `compliance:read` (operators). Walks the hash-linked chain and checks it against
    the database's own copy of the checkpoints and their signatures; the answer says whether
    it holds and where it breaks. Verify offline against the published ones with
    `python -m inquiry_service.cli audit verify`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditVerification | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[AuditVerification | Problem]:
    """Verify the audit chain against its signed checkpoints (operators)

     Needs `compliance:read` (operators). Walks the hash-linked chain and checks it against
    the database's own copy of the checkpoints and their signatures; the answer says whether
    it holds and where it breaks. Verify offline against the published ones with
    `python -m inquiry_service.cli audit verify`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditVerification | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> AuditVerification | Problem | None:
    """Verify the audit chain against its signed checkpoints (operators)

     Needs `compliance:read` (operators). Walks the hash-linked chain and checks it against
    the database's own copy of the checkpoints and their signatures; the answer says whether
    it holds and where it breaks. Verify offline against the published ones with
    `python -m inquiry_service.cli audit verify`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditVerification | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
