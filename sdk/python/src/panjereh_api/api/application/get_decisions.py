from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.page_decision_entry import PageDecisionEntry
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    service_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_service_id: None | str | Unset
    if isinstance(service_id, Unset):
        json_service_id = UNSET
    else:
        json_service_id = service_id
    params["service_id"] = json_service_id

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/legal-basis/decisions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageDecisionEntry | Problem:
    if response.status_code == 200:
        response_200 = PageDecisionEntry.from_dict(response.json())

        return response_200

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
) -> Response[PageDecisionEntry | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    service_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageDecisionEntry | Problem]:
    """Every decision of the office, in the order it was made

     Only the legal-basis office (`catalog:approve`, no agency). The audit of the office's
    work: append-only, never edited, oldest first (the demo seeds' approvals are in it too,
    decided by `demo-seed`); filter by `service_id`. Pages by `limit` and `cursor`; a
    cursor this API did not issue is a 422.

    Args:
        service_id (None | str | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDecisionEntry | Problem]
    """

    kwargs = _get_kwargs(
        service_id=service_id,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    service_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageDecisionEntry | Problem | None:
    """Every decision of the office, in the order it was made

     Only the legal-basis office (`catalog:approve`, no agency). The audit of the office's
    work: append-only, never edited, oldest first (the demo seeds' approvals are in it too,
    decided by `demo-seed`); filter by `service_id`. Pages by `limit` and `cursor`; a
    cursor this API did not issue is a 422.

    Args:
        service_id (None | str | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDecisionEntry | Problem
    """

    return sync_detailed(
        client=client,
        service_id=service_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    service_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageDecisionEntry | Problem]:
    """Every decision of the office, in the order it was made

     Only the legal-basis office (`catalog:approve`, no agency). The audit of the office's
    work: append-only, never edited, oldest first (the demo seeds' approvals are in it too,
    decided by `demo-seed`); filter by `service_id`. Pages by `limit` and `cursor`; a
    cursor this API did not issue is a 422.

    Args:
        service_id (None | str | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDecisionEntry | Problem]
    """

    kwargs = _get_kwargs(
        service_id=service_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    service_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageDecisionEntry | Problem | None:
    """Every decision of the office, in the order it was made

     Only the legal-basis office (`catalog:approve`, no agency). The audit of the office's
    work: append-only, never edited, oldest first (the demo seeds' approvals are in it too,
    decided by `demo-seed`); filter by `service_id`. Pages by `limit` and `cursor`; a
    cursor this API did not issue is a 422.

    Args:
        service_id (None | str | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDecisionEntry | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            service_id=service_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
