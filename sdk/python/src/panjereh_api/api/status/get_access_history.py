from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.access_history import AccessHistory
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    national_code: str,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["national_code"] = national_code

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
        "url": "/v1/oversight/access-history",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AccessHistory | Problem:
    if response.status_code == 200:
        response_200 = AccessHistory.from_dict(response.json())

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
) -> Response[AccessHistory | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    national_code: str,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[AccessHistory | Problem]:
    """Every inquiry about a person, across agencies and paths (the office, operators)

     Needs `catalog:approve` (the legal-basis office) or `compliance:read` (operators); any
    other token is a 403. Every inquiry about the person, newest first, by any agency and
    any path (an application's evidence, a direct inquiry, the platform's own Shahkar
    checks); each read is itself logged with the code masked. `national_code` takes any
    digits; a failing check digit is a 422. Pages by `limit` and `cursor`.

    Args:
        national_code (str): The person's national code (any digits)
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessHistory | Problem]
    """

    kwargs = _get_kwargs(
        national_code=national_code,
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
    national_code: str,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> AccessHistory | Problem | None:
    """Every inquiry about a person, across agencies and paths (the office, operators)

     Needs `catalog:approve` (the legal-basis office) or `compliance:read` (operators); any
    other token is a 403. Every inquiry about the person, newest first, by any agency and
    any path (an application's evidence, a direct inquiry, the platform's own Shahkar
    checks); each read is itself logged with the code masked. `national_code` takes any
    digits; a failing check digit is a 422. Pages by `limit` and `cursor`.

    Args:
        national_code (str): The person's national code (any digits)
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessHistory | Problem
    """

    return sync_detailed(
        client=client,
        national_code=national_code,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    national_code: str,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[AccessHistory | Problem]:
    """Every inquiry about a person, across agencies and paths (the office, operators)

     Needs `catalog:approve` (the legal-basis office) or `compliance:read` (operators); any
    other token is a 403. Every inquiry about the person, newest first, by any agency and
    any path (an application's evidence, a direct inquiry, the platform's own Shahkar
    checks); each read is itself logged with the code masked. `national_code` takes any
    digits; a failing check digit is a 422. Pages by `limit` and `cursor`.

    Args:
        national_code (str): The person's national code (any digits)
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessHistory | Problem]
    """

    kwargs = _get_kwargs(
        national_code=national_code,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    national_code: str,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> AccessHistory | Problem | None:
    """Every inquiry about a person, across agencies and paths (the office, operators)

     Needs `catalog:approve` (the legal-basis office) or `compliance:read` (operators); any
    other token is a 403. Every inquiry about the person, newest first, by any agency and
    any path (an application's evidence, a direct inquiry, the platform's own Shahkar
    checks); each read is itself logged with the code masked. `national_code` takes any
    digits; a failing check digit is a 422. Pages by `limit` and `cursor`.

    Args:
        national_code (str): The person's national code (any digits)
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessHistory | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            national_code=national_code,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
