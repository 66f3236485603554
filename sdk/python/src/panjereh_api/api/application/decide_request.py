from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.basis_detail import BasisDetail
from ...models.decision_in import DecisionIn
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    service_id: str,
    evidence_type: str,
    *,
    body: DecisionIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/legal-basis/requests/{service_id}/{evidence_type}".format(
            service_id=quote(str(service_id), safe=""),
            evidence_type=quote(str(evidence_type), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
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
    body: DecisionIn,
) -> Response[BasisDetail | Problem]:
    """Approve or refuse the legal basis of one evidence type of one service

     Only the legal-basis office (`catalog:approve`, no agency: an agency never decides its
    own basis, 403). `approved` lets the service fetch that type, and take applications once
    every type it requires is approved; `refused` stops it. Audited and announced
    (LegalBasisDecided); deciding again replaces the current state, and the history keeps
    both. 404 when the service does not require that type; 422 for a `law_reference` under
    3 characters or with control characters.

    Args:
        service_id (str):
        evidence_type (str):
        body (DecisionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BasisDetail | Problem]
    """

    kwargs = _get_kwargs(
        service_id=service_id,
        evidence_type=evidence_type,
        body=body,
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
    body: DecisionIn,
) -> BasisDetail | Problem | None:
    """Approve or refuse the legal basis of one evidence type of one service

     Only the legal-basis office (`catalog:approve`, no agency: an agency never decides its
    own basis, 403). `approved` lets the service fetch that type, and take applications once
    every type it requires is approved; `refused` stops it. Audited and announced
    (LegalBasisDecided); deciding again replaces the current state, and the history keeps
    both. 404 when the service does not require that type; 422 for a `law_reference` under
    3 characters or with control characters.

    Args:
        service_id (str):
        evidence_type (str):
        body (DecisionIn):

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
        body=body,
    ).parsed


async def asyncio_detailed(
    service_id: str,
    evidence_type: str,
    *,
    client: AuthenticatedClient,
    body: DecisionIn,
) -> Response[BasisDetail | Problem]:
    """Approve or refuse the legal basis of one evidence type of one service

     Only the legal-basis office (`catalog:approve`, no agency: an agency never decides its
    own basis, 403). `approved` lets the service fetch that type, and take applications once
    every type it requires is approved; `refused` stops it. Audited and announced
    (LegalBasisDecided); deciding again replaces the current state, and the history keeps
    both. 404 when the service does not require that type; 422 for a `law_reference` under
    3 characters or with control characters.

    Args:
        service_id (str):
        evidence_type (str):
        body (DecisionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BasisDetail | Problem]
    """

    kwargs = _get_kwargs(
        service_id=service_id,
        evidence_type=evidence_type,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    service_id: str,
    evidence_type: str,
    *,
    client: AuthenticatedClient,
    body: DecisionIn,
) -> BasisDetail | Problem | None:
    """Approve or refuse the legal basis of one evidence type of one service

     Only the legal-basis office (`catalog:approve`, no agency: an agency never decides its
    own basis, 403). `approved` lets the service fetch that type, and take applications once
    every type it requires is approved; `refused` stops it. Audited and announced
    (LegalBasisDecided); deciding again replaces the current state, and the history keeps
    both. 404 when the service does not require that type; 422 for a `law_reference` under
    3 characters or with control characters.

    Args:
        service_id (str):
        evidence_type (str):
        body (DecisionIn):

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
            body=body,
        )
    ).parsed
