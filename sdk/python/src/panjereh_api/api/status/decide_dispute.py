from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.decision_request import DecisionRequest
from ...models.oversight_dispute import OversightDispute
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    dispute_id: str,
    *,
    body: DecisionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/oversight/disputes/{dispute_id}/decision".format(
            dispute_id=quote(str(dispute_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OversightDispute | Problem:
    if response.status_code == 200:
        response_200 = OversightDispute.from_dict(response.json())

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
) -> Response[OversightDispute | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    dispute_id: str,
    *,
    client: AuthenticatedClient,
    body: DecisionRequest,
) -> Response[OversightDispute | Problem]:
    """Answer a dispute (the legal-basis office)

     Only the legal-basis office (`catalog:approve`); an operator's token reads disputes but
    cannot answer them (403). `upheld` or `rejected`, with a `note` the person reads; the
    answer is announced as `citizen.dispute_decided`. 404 for an unknown dispute, 409 for
    one answered already.

    Args:
        dispute_id (str): The dispute's `id`
        body (DecisionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OversightDispute | Problem]
    """

    kwargs = _get_kwargs(
        dispute_id=dispute_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    dispute_id: str,
    *,
    client: AuthenticatedClient,
    body: DecisionRequest,
) -> OversightDispute | Problem | None:
    """Answer a dispute (the legal-basis office)

     Only the legal-basis office (`catalog:approve`); an operator's token reads disputes but
    cannot answer them (403). `upheld` or `rejected`, with a `note` the person reads; the
    answer is announced as `citizen.dispute_decided`. 404 for an unknown dispute, 409 for
    one answered already.

    Args:
        dispute_id (str): The dispute's `id`
        body (DecisionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OversightDispute | Problem
    """

    return sync_detailed(
        dispute_id=dispute_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    dispute_id: str,
    *,
    client: AuthenticatedClient,
    body: DecisionRequest,
) -> Response[OversightDispute | Problem]:
    """Answer a dispute (the legal-basis office)

     Only the legal-basis office (`catalog:approve`); an operator's token reads disputes but
    cannot answer them (403). `upheld` or `rejected`, with a `note` the person reads; the
    answer is announced as `citizen.dispute_decided`. 404 for an unknown dispute, 409 for
    one answered already.

    Args:
        dispute_id (str): The dispute's `id`
        body (DecisionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OversightDispute | Problem]
    """

    kwargs = _get_kwargs(
        dispute_id=dispute_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    dispute_id: str,
    *,
    client: AuthenticatedClient,
    body: DecisionRequest,
) -> OversightDispute | Problem | None:
    """Answer a dispute (the legal-basis office)

     Only the legal-basis office (`catalog:approve`); an operator's token reads disputes but
    cannot answer them (403). `upheld` or `rejected`, with a `note` the person reads; the
    answer is announced as `citizen.dispute_decided`. 404 for an unknown dispute, 409 for
    one answered already.

    Args:
        dispute_id (str): The dispute's `id`
        body (DecisionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OversightDispute | Problem
    """

    return (
        await asyncio_detailed(
            dispute_id=dispute_id,
            client=client,
            body=body,
        )
    ).parsed
