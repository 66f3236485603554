from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.page_application_out import PageApplicationOut
from ...models.problem import Problem
from ...models.state import State
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    state: None | State | Unset = UNSET,
    service_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_state: None | str | Unset
    if isinstance(state, Unset):
        json_state = UNSET
    elif isinstance(state, State):
        json_state = state.value
    else:
        json_state = state
    params["state"] = json_state

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
        "url": "/v1/applications",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageApplicationOut | Problem:
    if response.status_code == 200:
        response_200 = PageApplicationOut.from_dict(response.json())

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
) -> Response[PageApplicationOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    state: None | State | Unset = UNSET,
    service_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageApplicationOut | Problem]:
    """The agency's applications

     Needs a token with `applications:read`; lists only the caller's agency's applications,
    newest submission first, each as `getApplication` returns it. Filter by `state` (an enum:
    any other value is a 422, not an empty page) and `service_id`. Pages by `limit` (1–500,
    default 50) and the opaque `cursor`: pass `next_cursor` back until it is null; an edited
    cursor is a 422 or a page of your own data, never another's (docs/api.md §1, Pages).

    Args:
        state (None | State | Unset): Only applications in this state
        service_id (None | str | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageApplicationOut | Problem]
    """

    kwargs = _get_kwargs(
        state=state,
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
    state: None | State | Unset = UNSET,
    service_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageApplicationOut | Problem | None:
    """The agency's applications

     Needs a token with `applications:read`; lists only the caller's agency's applications,
    newest submission first, each as `getApplication` returns it. Filter by `state` (an enum:
    any other value is a 422, not an empty page) and `service_id`. Pages by `limit` (1–500,
    default 50) and the opaque `cursor`: pass `next_cursor` back until it is null; an edited
    cursor is a 422 or a page of your own data, never another's (docs/api.md §1, Pages).

    Args:
        state (None | State | Unset): Only applications in this state
        service_id (None | str | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageApplicationOut | Problem
    """

    return sync_detailed(
        client=client,
        state=state,
        service_id=service_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    state: None | State | Unset = UNSET,
    service_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageApplicationOut | Problem]:
    """The agency's applications

     Needs a token with `applications:read`; lists only the caller's agency's applications,
    newest submission first, each as `getApplication` returns it. Filter by `state` (an enum:
    any other value is a 422, not an empty page) and `service_id`. Pages by `limit` (1–500,
    default 50) and the opaque `cursor`: pass `next_cursor` back until it is null; an edited
    cursor is a 422 or a page of your own data, never another's (docs/api.md §1, Pages).

    Args:
        state (None | State | Unset): Only applications in this state
        service_id (None | str | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageApplicationOut | Problem]
    """

    kwargs = _get_kwargs(
        state=state,
        service_id=service_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    state: None | State | Unset = UNSET,
    service_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageApplicationOut | Problem | None:
    """The agency's applications

     Needs a token with `applications:read`; lists only the caller's agency's applications,
    newest submission first, each as `getApplication` returns it. Filter by `state` (an enum:
    any other value is a 422, not an empty page) and `service_id`. Pages by `limit` (1–500,
    default 50) and the opaque `cursor`: pass `next_cursor` back until it is null; an edited
    cursor is a 422 or a page of your own data, never another's (docs/api.md §1, Pages).

    Args:
        state (None | State | Unset): Only applications in this state
        service_id (None | str | Unset):
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageApplicationOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            state=state,
            service_id=service_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
