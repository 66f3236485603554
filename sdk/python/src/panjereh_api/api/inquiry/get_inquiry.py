from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.inquiry_out import InquiryOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    inquiry_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/inquiries/{inquiry_id}".format(
            inquiry_id=quote(str(inquiry_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InquiryOut | Problem:
    if response.status_code == 200:
        response_200 = InquiryOut.from_dict(response.json())

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
) -> Response[InquiryOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    inquiry_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[InquiryOut | Problem]:
    """One of this agency's inquiries

     Needs `inquiries:read`. The inquiry as `POST /v1/inquiries` answered it: status, the
    shareable fields only in `data`, the registry and whether it came from the cache.
    Another agency's inquiry is the same 404 as an unknown id, so its existence does not
    leak.

    Args:
        inquiry_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InquiryOut | Problem]
    """

    kwargs = _get_kwargs(
        inquiry_id=inquiry_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    inquiry_id: str,
    *,
    client: AuthenticatedClient,
) -> InquiryOut | Problem | None:
    """One of this agency's inquiries

     Needs `inquiries:read`. The inquiry as `POST /v1/inquiries` answered it: status, the
    shareable fields only in `data`, the registry and whether it came from the cache.
    Another agency's inquiry is the same 404 as an unknown id, so its existence does not
    leak.

    Args:
        inquiry_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InquiryOut | Problem
    """

    return sync_detailed(
        inquiry_id=inquiry_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    inquiry_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[InquiryOut | Problem]:
    """One of this agency's inquiries

     Needs `inquiries:read`. The inquiry as `POST /v1/inquiries` answered it: status, the
    shareable fields only in `data`, the registry and whether it came from the cache.
    Another agency's inquiry is the same 404 as an unknown id, so its existence does not
    leak.

    Args:
        inquiry_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InquiryOut | Problem]
    """

    kwargs = _get_kwargs(
        inquiry_id=inquiry_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    inquiry_id: str,
    *,
    client: AuthenticatedClient,
) -> InquiryOut | Problem | None:
    """One of this agency's inquiries

     Needs `inquiries:read`. The inquiry as `POST /v1/inquiries` answered it: status, the
    shareable fields only in `data`, the registry and whether it came from the cache.
    Another agency's inquiry is the same 404 as an unknown id, so its existence does not
    leak.

    Args:
        inquiry_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InquiryOut | Problem
    """

    return (
        await asyncio_detailed(
            inquiry_id=inquiry_id,
            client=client,
        )
    ).parsed
