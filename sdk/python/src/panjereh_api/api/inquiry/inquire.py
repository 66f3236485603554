from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.inquiry_in import InquiryIn
from ...models.inquiry_out import InquiryOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: InquiryIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/inquiries",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
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
    *,
    client: AuthenticatedClient,
    body: InquiryIn,
) -> Response[InquiryOut | Problem]:
    """Fetch one piece of evidence online from its registry

     Needs `inquiries:read`. 403 (and audited) unless one of the caller's services requires
    this evidence type with a basis the legal-basis office approved (`no-legal-basis/pending`
    while it waits), and a named application is the caller's own, about this person and
    still open. `data` holds only the type's shareable fields, never the registry's whole
    record. Every inquiry, refused ones too, joins the audit chain and the person's access
    history (docs/api.md §5).

    Args:
        body (InquiryIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InquiryOut | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: InquiryIn,
) -> InquiryOut | Problem | None:
    """Fetch one piece of evidence online from its registry

     Needs `inquiries:read`. 403 (and audited) unless one of the caller's services requires
    this evidence type with a basis the legal-basis office approved (`no-legal-basis/pending`
    while it waits), and a named application is the caller's own, about this person and
    still open. `data` holds only the type's shareable fields, never the registry's whole
    record. Every inquiry, refused ones too, joins the audit chain and the person's access
    history (docs/api.md §5).

    Args:
        body (InquiryIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InquiryOut | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: InquiryIn,
) -> Response[InquiryOut | Problem]:
    """Fetch one piece of evidence online from its registry

     Needs `inquiries:read`. 403 (and audited) unless one of the caller's services requires
    this evidence type with a basis the legal-basis office approved (`no-legal-basis/pending`
    while it waits), and a named application is the caller's own, about this person and
    still open. `data` holds only the type's shareable fields, never the registry's whole
    record. Every inquiry, refused ones too, joins the audit chain and the person's access
    history (docs/api.md §5).

    Args:
        body (InquiryIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InquiryOut | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: InquiryIn,
) -> InquiryOut | Problem | None:
    """Fetch one piece of evidence online from its registry

     Needs `inquiries:read`. 403 (and audited) unless one of the caller's services requires
    this evidence type with a basis the legal-basis office approved (`no-legal-basis/pending`
    while it waits), and a named application is the caller's own, about this person and
    still open. `data` holds only the type's shareable fields, never the registry's whole
    record. Every inquiry, refused ones too, joins the audit chain and the person's access
    history (docs/api.md §5).

    Args:
        body (InquiryIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InquiryOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
