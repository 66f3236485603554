from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.basis_detail import BasisDetail
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    service_id: str,
    evidence_type: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/legal-basis/requests/{service_id}/{evidence_type}".format(
            service_id=quote(str(service_id), safe=""),
            evidence_type=quote(str(evidence_type), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BasisDetail | Problem:
    if response.status_code == 200:
        response_200 = BasisDetail.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[BasisDetail | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    service_id: str,
    evidence_type: str,
    *,
    client: AuthenticatedClient,
) -> Response[BasisDetail | Problem]:
    """One legal-basis request and every decision made on it

     Only the legal-basis office (`catalog:approve`, no agency). The request's current state
    and every decision made on it, oldest first. 404 when the service does not exist or does
    not require that evidence type.

    Args:
        service_id (str):
        evidence_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BasisDetail | Problem]
    """

    kwargs = _get_kwargs(
        service_id=service_id,
        evidence_type=evidence_type,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    service_id: str,
    evidence_type: str,
    *,
    client: AuthenticatedClient,
) -> BasisDetail | Problem | None:
    """One legal-basis request and every decision made on it

     Only the legal-basis office (`catalog:approve`, no agency). The request's current state
    and every decision made on it, oldest first. 404 when the service does not exist or does
    not require that evidence type.

    Args:
        service_id (str):
        evidence_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BasisDetail | Problem
    """

    return sync_detailed(
        service_id=service_id,
        evidence_type=evidence_type,
        client=client,
    ).parsed


async def asyncio_detailed(
    service_id: str,
    evidence_type: str,
    *,
    client: AuthenticatedClient,
) -> Response[BasisDetail | Problem]:
    """One legal-basis request and every decision made on it

     Only the legal-basis office (`catalog:approve`, no agency). The request's current state
    and every decision made on it, oldest first. 404 when the service does not exist or does
    not require that evidence type.

    Args:
        service_id (str):
        evidence_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BasisDetail | Problem]
    """

    kwargs = _get_kwargs(
        service_id=service_id,
        evidence_type=evidence_type,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    service_id: str,
    evidence_type: str,
    *,
    client: AuthenticatedClient,
) -> BasisDetail | Problem | None:
    """One legal-basis request and every decision made on it

     Only the legal-basis office (`catalog:approve`, no agency). The request's current state
    and every decision made on it, oldest first. 404 when the service does not exist or does
    not require that evidence type.

    Args:
        service_id (str):
        evidence_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BasisDetail | Problem
    """

    return (
        await asyncio_detailed(
            service_id=service_id,
            evidence_type=evidence_type,
            client=client,
        )
    ).parsed
