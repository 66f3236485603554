from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.status import Status
from ...types import UNSET, Response, Unset


def _get_kwargs(
    tracking_code: str,
    *,
    wait: int | Unset = 0,
    x_national_code: None | str | Unset = UNSET,
    if_none_match: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_national_code, Unset):
        headers["X-National-Code"] = x_national_code

    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    params["wait"] = wait

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/status/{tracking_code}".format(
            tracking_code=quote(str(tracking_code), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | Status:
    if response.status_code == 200:
        response_200 = Status.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

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
) -> Response[Any | Problem | Status]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tracking_code: str,
    *,
    client: AuthenticatedClient | Client,
    wait: int | Unset = 0,
    x_national_code: None | str | Unset = UNSET,
    if_none_match: None | str | Unset = UNSET,
) -> Response[Any | Problem | Status]:
    """An application's status (public, with the applicant's national code)

     Public: no token needed; the applicant's national code goes in `X-National-Code` (any
    digits). 404 alike for unknown codes and wrong national codes, in body, headers and
    time; misses are limited (429 `too-many-misses` with `Retry-After`), yet the right code
    is still served. A strong `ETag` and `X-Poll-Interval` come with each answer: send
    `If-None-Match` for a 304, and `wait=N` (N ≤ 30) to long-poll for the next change. A
    poll right after the 202 never reads as "no such application" (docs/api.md §6).

    Args:
        tracking_code (str):
        wait (int | Unset): Long-poll: seconds to wait for a change Default: 0.
        x_national_code (None | str | Unset): The applicant's national code (any digits)
        if_none_match (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | Status]
    """

    kwargs = _get_kwargs(
        tracking_code=tracking_code,
        wait=wait,
        x_national_code=x_national_code,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tracking_code: str,
    *,
    client: AuthenticatedClient | Client,
    wait: int | Unset = 0,
    x_national_code: None | str | Unset = UNSET,
    if_none_match: None | str | Unset = UNSET,
) -> Any | Problem | Status | None:
    """An application's status (public, with the applicant's national code)

     Public: no token needed; the applicant's national code goes in `X-National-Code` (any
    digits). 404 alike for unknown codes and wrong national codes, in body, headers and
    time; misses are limited (429 `too-many-misses` with `Retry-After`), yet the right code
    is still served. A strong `ETag` and `X-Poll-Interval` come with each answer: send
    `If-None-Match` for a 304, and `wait=N` (N ≤ 30) to long-poll for the next change. A
    poll right after the 202 never reads as "no such application" (docs/api.md §6).

    Args:
        tracking_code (str):
        wait (int | Unset): Long-poll: seconds to wait for a change Default: 0.
        x_national_code (None | str | Unset): The applicant's national code (any digits)
        if_none_match (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | Status
    """

    return sync_detailed(
        tracking_code=tracking_code,
        client=client,
        wait=wait,
        x_national_code=x_national_code,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    tracking_code: str,
    *,
    client: AuthenticatedClient | Client,
    wait: int | Unset = 0,
    x_national_code: None | str | Unset = UNSET,
    if_none_match: None | str | Unset = UNSET,
) -> Response[Any | Problem | Status]:
    """An application's status (public, with the applicant's national code)

     Public: no token needed; the applicant's national code goes in `X-National-Code` (any
    digits). 404 alike for unknown codes and wrong national codes, in body, headers and
    time; misses are limited (429 `too-many-misses` with `Retry-After`), yet the right code
    is still served. A strong `ETag` and `X-Poll-Interval` come with each answer: send
    `If-None-Match` for a 304, and `wait=N` (N ≤ 30) to long-poll for the next change. A
    poll right after the 202 never reads as "no such application" (docs/api.md §6).

    Args:
        tracking_code (str):
        wait (int | Unset): Long-poll: seconds to wait for a change Default: 0.
        x_national_code (None | str | Unset): The applicant's national code (any digits)
        if_none_match (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | Status]
    """

    kwargs = _get_kwargs(
        tracking_code=tracking_code,
        wait=wait,
        x_national_code=x_national_code,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tracking_code: str,
    *,
    client: AuthenticatedClient | Client,
    wait: int | Unset = 0,
    x_national_code: None | str | Unset = UNSET,
    if_none_match: None | str | Unset = UNSET,
) -> Any | Problem | Status | None:
    """An application's status (public, with the applicant's national code)

     Public: no token needed; the applicant's national code goes in `X-National-Code` (any
    digits). 404 alike for unknown codes and wrong national codes, in body, headers and
    time; misses are limited (429 `too-many-misses` with `Retry-After`), yet the right code
    is still served. A strong `ETag` and `X-Poll-Interval` come with each answer: send
    `If-None-Match` for a 304, and `wait=N` (N ≤ 30) to long-poll for the next change. A
    poll right after the 202 never reads as "no such application" (docs/api.md §6).

    Args:
        tracking_code (str):
        wait (int | Unset): Long-poll: seconds to wait for a change Default: 0.
        x_national_code (None | str | Unset): The applicant's national code (any digits)
        if_none_match (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | Status
    """

    return (
        await asyncio_detailed(
            tracking_code=tracking_code,
            client=client,
            wait=wait,
            x_national_code=x_national_code,
            if_none_match=if_none_match,
        )
    ).parsed
