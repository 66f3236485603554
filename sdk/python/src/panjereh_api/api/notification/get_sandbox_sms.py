from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.page_sandbox_sms_out import PageSandboxSmsOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    mobile: str,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["mobile"] = mobile

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
        "url": "/v1/sandbox/sms",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageSandboxSmsOut | Problem:
    if response.status_code == 200:
        response_200 = PageSandboxSmsOut.from_dict(response.json())

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
) -> Response[PageSandboxSmsOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    mobile: str,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageSandboxSmsOut | Problem]:
    """What the sandbox SMS provider sent (embedded/dev)

     Embedded/dev only, no token needed; a 404 outside the embedded/dev profiles. The
    messages the sandbox provider "sent" to `mobile` (any digits; normalised), oldest first:
    the applicants' state-change SMS and the citizens' one-time codes. Pages by `limit` and
    `cursor`.

    Args:
        mobile (str): 09… (Persian or Arabic-Indic digits too)
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageSandboxSmsOut | Problem]
    """

    kwargs = _get_kwargs(
        mobile=mobile,
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
    mobile: str,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageSandboxSmsOut | Problem | None:
    """What the sandbox SMS provider sent (embedded/dev)

     Embedded/dev only, no token needed; a 404 outside the embedded/dev profiles. The
    messages the sandbox provider "sent" to `mobile` (any digits; normalised), oldest first:
    the applicants' state-change SMS and the citizens' one-time codes. Pages by `limit` and
    `cursor`.

    Args:
        mobile (str): 09… (Persian or Arabic-Indic digits too)
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageSandboxSmsOut | Problem
    """

    return sync_detailed(
        client=client,
        mobile=mobile,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    mobile: str,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageSandboxSmsOut | Problem]:
    """What the sandbox SMS provider sent (embedded/dev)

     Embedded/dev only, no token needed; a 404 outside the embedded/dev profiles. The
    messages the sandbox provider "sent" to `mobile` (any digits; normalised), oldest first:
    the applicants' state-change SMS and the citizens' one-time codes. Pages by `limit` and
    `cursor`.

    Args:
        mobile (str): 09… (Persian or Arabic-Indic digits too)
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageSandboxSmsOut | Problem]
    """

    kwargs = _get_kwargs(
        mobile=mobile,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    mobile: str,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageSandboxSmsOut | Problem | None:
    """What the sandbox SMS provider sent (embedded/dev)

     Embedded/dev only, no token needed; a 404 outside the embedded/dev profiles. The
    messages the sandbox provider "sent" to `mobile` (any digits; normalised), oldest first:
    the applicants' state-change SMS and the citizens' one-time codes. Pages by `limit` and
    `cursor`.

    Args:
        mobile (str): 09… (Persian or Arabic-Indic digits too)
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageSandboxSmsOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            mobile=mobile,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
