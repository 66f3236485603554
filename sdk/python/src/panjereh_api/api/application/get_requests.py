from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.get_requests_status_type_0 import GetRequestsStatusType0
from ...models.page_basis_request import PageBasisRequest
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: GetRequestsStatusType0 | None | Unset = UNSET,
    agency_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, GetRequestsStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_agency_id: None | str | Unset
    if isinstance(agency_id, Unset):
        json_agency_id = UNSET
    else:
        json_agency_id = agency_id
    params["agency_id"] = json_agency_id

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
        "url": "/v1/legal-basis/requests",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageBasisRequest | Problem:
    if response.status_code == 200:
        response_200 = PageBasisRequest.from_dict(response.json())

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
) -> Response[PageBasisRequest | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: GetRequestsStatusType0 | None | Unset = UNSET,
    agency_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageBasisRequest | Problem]:
    """The office's queue of legal-basis requests

     Only the legal-basis office: `catalog:approve` and no agency (an agency's token is a 403
    whatever its scopes). One entry per required evidence type of each service, ordered by
    service and type, with its current `status`; filter by `status` (`pending` is the work
    waiting) and `agency_id`. Pages by `limit` and `cursor`; a cursor this API did not issue
    is a 422 (docs/api.md §3).

    Args:
        status (GetRequestsStatusType0 | None | Unset):
        agency_id (None | str | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageBasisRequest | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        agency_id=agency_id,
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
    status: GetRequestsStatusType0 | None | Unset = UNSET,
    agency_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageBasisRequest | Problem | None:
    """The office's queue of legal-basis requests

     Only the legal-basis office: `catalog:approve` and no agency (an agency's token is a 403
    whatever its scopes). One entry per required evidence type of each service, ordered by
    service and type, with its current `status`; filter by `status` (`pending` is the work
    waiting) and `agency_id`. Pages by `limit` and `cursor`; a cursor this API did not issue
    is a 422 (docs/api.md §3).

    Args:
        status (GetRequestsStatusType0 | None | Unset):
        agency_id (None | str | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageBasisRequest | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        agency_id=agency_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: GetRequestsStatusType0 | None | Unset = UNSET,
    agency_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageBasisRequest | Problem]:
    """The office's queue of legal-basis requests

     Only the legal-basis office: `catalog:approve` and no agency (an agency's token is a 403
    whatever its scopes). One entry per required evidence type of each service, ordered by
    service and type, with its current `status`; filter by `status` (`pending` is the work
    waiting) and `agency_id`. Pages by `limit` and `cursor`; a cursor this API did not issue
    is a 422 (docs/api.md §3).

    Args:
        status (GetRequestsStatusType0 | None | Unset):
        agency_id (None | str | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageBasisRequest | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        agency_id=agency_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: GetRequestsStatusType0 | None | Unset = UNSET,
    agency_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageBasisRequest | Problem | None:
    """The office's queue of legal-basis requests

     Only the legal-basis office: `catalog:approve` and no agency (an agency's token is a 403
    whatever its scopes). One entry per required evidence type of each service, ordered by
    service and type, with its current `status`; filter by `status` (`pending` is the work
    waiting) and `agency_id`. Pages by `limit` and `cursor`; a cursor this API did not issue
    is a 422 (docs/api.md §3).

    Args:
        status (GetRequestsStatusType0 | None | Unset):
        agency_id (None | str | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageBasisRequest | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            agency_id=agency_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
