from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.access_log import AccessLog
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    tracking_code: str,
    *,
    x_national_code: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_national_code, Unset):
        headers["X-National-Code"] = x_national_code

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/status/{tracking_code}/access-log".format(
            tracking_code=quote(str(tracking_code), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AccessLog | Problem:
    if response.status_code == 200:
        response_200 = AccessLog.from_dict(response.json())

        return response_200

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
) -> Response[AccessLog | Problem]:
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
    x_national_code: None | str | Unset = UNSET,
) -> Response[AccessLog | Problem]:
    """Which agencies fetched which of my documents, when and why

     Public: no token needed; the national code in `X-National-Code`, the same 404 as
    `getStatus` for a wrong one. Which agency fetched which evidence of this application,
    when and for which service: the application's own evidence requests and the direct
    inquiries that named it. The whole history of a person is `/v1/citizen/access-log`.

    Args:
        tracking_code (str):
        x_national_code (None | str | Unset): The applicant's national code (any digits)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessLog | Problem]
    """

    kwargs = _get_kwargs(
        tracking_code=tracking_code,
        x_national_code=x_national_code,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tracking_code: str,
    *,
    client: AuthenticatedClient | Client,
    x_national_code: None | str | Unset = UNSET,
) -> AccessLog | Problem | None:
    """Which agencies fetched which of my documents, when and why

     Public: no token needed; the national code in `X-National-Code`, the same 404 as
    `getStatus` for a wrong one. Which agency fetched which evidence of this application,
    when and for which service: the application's own evidence requests and the direct
    inquiries that named it. The whole history of a person is `/v1/citizen/access-log`.

    Args:
        tracking_code (str):
        x_national_code (None | str | Unset): The applicant's national code (any digits)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessLog | Problem
    """

    return sync_detailed(
        tracking_code=tracking_code,
        client=client,
        x_national_code=x_national_code,
    ).parsed


async def asyncio_detailed(
    tracking_code: str,
    *,
    client: AuthenticatedClient | Client,
    x_national_code: None | str | Unset = UNSET,
) -> Response[AccessLog | Problem]:
    """Which agencies fetched which of my documents, when and why

     Public: no token needed; the national code in `X-National-Code`, the same 404 as
    `getStatus` for a wrong one. Which agency fetched which evidence of this application,
    when and for which service: the application's own evidence requests and the direct
    inquiries that named it. The whole history of a person is `/v1/citizen/access-log`.

    Args:
        tracking_code (str):
        x_national_code (None | str | Unset): The applicant's national code (any digits)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessLog | Problem]
    """

    kwargs = _get_kwargs(
        tracking_code=tracking_code,
        x_national_code=x_national_code,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tracking_code: str,
    *,
    client: AuthenticatedClient | Client,
    x_national_code: None | str | Unset = UNSET,
) -> AccessLog | Problem | None:
    """Which agencies fetched which of my documents, when and why

     Public: no token needed; the national code in `X-National-Code`, the same 404 as
    `getStatus` for a wrong one. Which agency fetched which evidence of this application,
    when and for which service: the application's own evidence requests and the direct
    inquiries that named it. The whole history of a person is `/v1/citizen/access-log`.

    Args:
        tracking_code (str):
        x_national_code (None | str | Unset): The applicant's national code (any digits)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessLog | Problem
    """

    return (
        await asyncio_detailed(
            tracking_code=tracking_code,
            client=client,
            x_national_code=x_national_code,
        )
    ).parsed
