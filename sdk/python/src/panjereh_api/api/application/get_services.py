from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.page_service import PageService
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    agency_id: None | str | Unset = UNSET,
    on_window: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_agency_id: None | str | Unset
    if isinstance(agency_id, Unset):
        json_agency_id = UNSET
    else:
        json_agency_id = agency_id
    params["agency_id"] = json_agency_id

    json_on_window: bool | None | Unset
    if isinstance(on_window, Unset):
        json_on_window = UNSET
    else:
        json_on_window = on_window
    params["on_window"] = json_on_window

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
        "url": "/v1/catalog/services",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageService | Problem:
    if response.status_code == 200:
        response_200 = PageService.from_dict(response.json())

        return response_200

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
) -> Response[PageService | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    agency_id: None | str | Unset = UNSET,
    on_window: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageService | Problem]:
    """Services in the catalogue

     Public: no token needed. Every service with what it requires (`required_evidence`,
    `paper_documents`), its rules, SLA and `legal_basis`, in id order; filter by `agency_id`
    and `on_window`. Pages by `limit` (1–500, default 50) and `cursor` (pass `next_cursor`
    back until it is null). A service takes applications only when every `legal_basis`
    entry is `approved` (docs/api.md §3).

    Args:
        agency_id (None | str | Unset):
        on_window (bool | None | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageService | Problem]
    """

    kwargs = _get_kwargs(
        agency_id=agency_id,
        on_window=on_window,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    agency_id: None | str | Unset = UNSET,
    on_window: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageService | Problem | None:
    """Services in the catalogue

     Public: no token needed. Every service with what it requires (`required_evidence`,
    `paper_documents`), its rules, SLA and `legal_basis`, in id order; filter by `agency_id`
    and `on_window`. Pages by `limit` (1–500, default 50) and `cursor` (pass `next_cursor`
    back until it is null). A service takes applications only when every `legal_basis`
    entry is `approved` (docs/api.md §3).

    Args:
        agency_id (None | str | Unset):
        on_window (bool | None | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageService | Problem
    """

    return sync_detailed(
        client=client,
        agency_id=agency_id,
        on_window=on_window,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    agency_id: None | str | Unset = UNSET,
    on_window: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageService | Problem]:
    """Services in the catalogue

     Public: no token needed. Every service with what it requires (`required_evidence`,
    `paper_documents`), its rules, SLA and `legal_basis`, in id order; filter by `agency_id`
    and `on_window`. Pages by `limit` (1–500, default 50) and `cursor` (pass `next_cursor`
    back until it is null). A service takes applications only when every `legal_basis`
    entry is `approved` (docs/api.md §3).

    Args:
        agency_id (None | str | Unset):
        on_window (bool | None | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageService | Problem]
    """

    kwargs = _get_kwargs(
        agency_id=agency_id,
        on_window=on_window,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    agency_id: None | str | Unset = UNSET,
    on_window: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageService | Problem | None:
    """Services in the catalogue

     Public: no token needed. Every service with what it requires (`required_evidence`,
    `paper_documents`), its rules, SLA and `legal_basis`, in id order; filter by `agency_id`
    and `on_window`. Pages by `limit` (1–500, default 50) and `cursor` (pass `next_cursor`
    back until it is null). A service takes applications only when every `legal_basis`
    entry is `approved` (docs/api.md §3).

    Args:
        agency_id (None | str | Unset):
        on_window (bool | None | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageService | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            agency_id=agency_id,
            on_window=on_window,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
