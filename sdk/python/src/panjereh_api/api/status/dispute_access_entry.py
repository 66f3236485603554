from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.dispute_request import DisputeRequest
from ...models.dispute_view import DisputeView
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    entry_id: str,
    *,
    body: DisputeRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/citizen/access-log/{entry_id}/dispute".format(
            entry_id=quote(str(entry_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DisputeView | Problem:
    if response.status_code == 201:
        response_201 = DisputeView.from_dict(response.json())

        return response_201

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
) -> Response[DisputeView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    entry_id: str,
    *,
    client: AuthenticatedClient,
    body: DisputeRequest,
) -> Response[DisputeView | Problem]:
    """Dispute one fetch of my data (to the legal-basis office)

     Needs a citizen token (scope `citizen`). Opens a dispute for the legal-basis office (201,
    state `open`), announced as `citizen.dispute_opened` with the code masked. 404 for an
    entry that is not mine (or none), alike; 409 if it is disputed already, naming that
    dispute; 422 for an empty or over-long `reason`.

    Args:
        entry_id (str): The access log entry's `id`
        body (DisputeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DisputeView | Problem]
    """

    kwargs = _get_kwargs(
        entry_id=entry_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    entry_id: str,
    *,
    client: AuthenticatedClient,
    body: DisputeRequest,
) -> DisputeView | Problem | None:
    """Dispute one fetch of my data (to the legal-basis office)

     Needs a citizen token (scope `citizen`). Opens a dispute for the legal-basis office (201,
    state `open`), announced as `citizen.dispute_opened` with the code masked. 404 for an
    entry that is not mine (or none), alike; 409 if it is disputed already, naming that
    dispute; 422 for an empty or over-long `reason`.

    Args:
        entry_id (str): The access log entry's `id`
        body (DisputeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DisputeView | Problem
    """

    return sync_detailed(
        entry_id=entry_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    entry_id: str,
    *,
    client: AuthenticatedClient,
    body: DisputeRequest,
) -> Response[DisputeView | Problem]:
    """Dispute one fetch of my data (to the legal-basis office)

     Needs a citizen token (scope `citizen`). Opens a dispute for the legal-basis office (201,
    state `open`), announced as `citizen.dispute_opened` with the code masked. 404 for an
    entry that is not mine (or none), alike; 409 if it is disputed already, naming that
    dispute; 422 for an empty or over-long `reason`.

    Args:
        entry_id (str): The access log entry's `id`
        body (DisputeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DisputeView | Problem]
    """

    kwargs = _get_kwargs(
        entry_id=entry_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    entry_id: str,
    *,
    client: AuthenticatedClient,
    body: DisputeRequest,
) -> DisputeView | Problem | None:
    """Dispute one fetch of my data (to the legal-basis office)

     Needs a citizen token (scope `citizen`). Opens a dispute for the legal-basis office (201,
    state `open`), announced as `citizen.dispute_opened` with the code masked. 404 for an
    entry that is not mine (or none), alike; 409 if it is disputed already, naming that
    dispute; 422 for an empty or over-long `reason`.

    Args:
        entry_id (str): The access log entry's `id`
        body (DisputeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DisputeView | Problem
    """

    return (
        await asyncio_detailed(
            entry_id=entry_id,
            client=client,
            body=body,
        )
    ).parsed
