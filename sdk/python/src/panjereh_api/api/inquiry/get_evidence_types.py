from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.page_evidence_type_out import PageEvidenceTypeOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/catalog/evidence-types",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageEvidenceTypeOut | Problem:
    if response.status_code == 200:
        response_200 = PageEvidenceTypeOut.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PageEvidenceTypeOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[PageEvidenceTypeOut | Problem]:
    """Evidence that can be fetched online

     Public: no token needed. Every evidence type by `code` (the names a service's
    `required_evidence`, an inquiry's `evidence_type` and a rule's `evidence["…"]` use), with
    its Persian and English name, the registry that holds it and whether it can be fetched
    online; one page (`next_cursor` is always null).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageEvidenceTypeOut | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> PageEvidenceTypeOut | Problem | None:
    """Evidence that can be fetched online

     Public: no token needed. Every evidence type by `code` (the names a service's
    `required_evidence`, an inquiry's `evidence_type` and a rule's `evidence["…"]` use), with
    its Persian and English name, the registry that holds it and whether it can be fetched
    online; one page (`next_cursor` is always null).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageEvidenceTypeOut | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[PageEvidenceTypeOut | Problem]:
    """Evidence that can be fetched online

     Public: no token needed. Every evidence type by `code` (the names a service's
    `required_evidence`, an inquiry's `evidence_type` and a rule's `evidence["…"]` use), with
    its Persian and English name, the registry that holds it and whether it can be fetched
    online; one page (`next_cursor` is always null).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageEvidenceTypeOut | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> PageEvidenceTypeOut | Problem | None:
    """Evidence that can be fetched online

     Public: no token needed. Every evidence type by `code` (the names a service's
    `required_evidence`, an inquiry's `evidence_type` and a rule's `evidence["…"]` use), with
    its Persian and English name, the registry that holds it and whether it can be fetched
    online; one page (`next_cursor` is always null).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageEvidenceTypeOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
