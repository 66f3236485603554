from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.lookup_in import LookupIn
from ...models.lookup_out import LookupOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: LookupIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/dossiers/lookup",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LookupOut | Problem:
    if response.status_code == 200:
        response_200 = LookupOut.from_dict(response.json())

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
) -> Response[LookupOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LookupIn,
) -> Response[LookupOut | Problem]:
    """The dossier a short verification link refers to (public: the link is the key)

     Public: no token needed, since the reference is the key (`ref` from a short link's
    `/verify#ref=…`). In a POST body, not the path: a reference is as good as the dossier,
    and paths are logged. 404 for a reference that matches no dossier. The page verifies the
    JWS it gets; this answer is trusted for nothing else.

    Args:
        body (LookupIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LookupOut | Problem]
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
    client: AuthenticatedClient | Client,
    body: LookupIn,
) -> LookupOut | Problem | None:
    """The dossier a short verification link refers to (public: the link is the key)

     Public: no token needed, since the reference is the key (`ref` from a short link's
    `/verify#ref=…`). In a POST body, not the path: a reference is as good as the dossier,
    and paths are logged. 404 for a reference that matches no dossier. The page verifies the
    JWS it gets; this answer is trusted for nothing else.

    Args:
        body (LookupIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LookupOut | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LookupIn,
) -> Response[LookupOut | Problem]:
    """The dossier a short verification link refers to (public: the link is the key)

     Public: no token needed, since the reference is the key (`ref` from a short link's
    `/verify#ref=…`). In a POST body, not the path: a reference is as good as the dossier,
    and paths are logged. 404 for a reference that matches no dossier. The page verifies the
    JWS it gets; this answer is trusted for nothing else.

    Args:
        body (LookupIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LookupOut | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: LookupIn,
) -> LookupOut | Problem | None:
    """The dossier a short verification link refers to (public: the link is the key)

     Public: no token needed, since the reference is the key (`ref` from a short link's
    `/verify#ref=…`). In a POST body, not the path: a reference is as good as the dossier,
    and paths are logged. 404 for a reference that matches no dossier. The page verifies the
    JWS it gets; this answer is trusted for nothing else.

    Args:
        body (LookupIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LookupOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
