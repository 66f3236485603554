from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.dossier_out import DossierOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    application_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/applications/{application_id}/dossier".format(
            application_id=quote(str(application_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DossierOut | Problem:
    if response.status_code == 200:
        response_200 = DossierOut.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[DossierOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    application_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[DossierOut | Problem]:
    """The signed decision dossier of the agency's application

     Needs `applications:read`. The decision of the agency's application, signed as a compact
    JWS (ES256, its key in `/.well-known/jwks.json`), with its verification links and a QR
    code of the short one; `Accept: application/jose` answers the bare JWS. 409 `not-decided`
    before a final decision; another agency's application is the same 404 as an unknown id.
    Verify it offline with `panjereh-dossier verify` (docs/api.md §8).

    Args:
        application_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DossierOut | Problem]
    """

    kwargs = _get_kwargs(
        application_id=application_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    application_id: str,
    *,
    client: AuthenticatedClient,
) -> DossierOut | Problem | None:
    """The signed decision dossier of the agency's application

     Needs `applications:read`. The decision of the agency's application, signed as a compact
    JWS (ES256, its key in `/.well-known/jwks.json`), with its verification links and a QR
    code of the short one; `Accept: application/jose` answers the bare JWS. 409 `not-decided`
    before a final decision; another agency's application is the same 404 as an unknown id.
    Verify it offline with `panjereh-dossier verify` (docs/api.md §8).

    Args:
        application_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DossierOut | Problem
    """

    return sync_detailed(
        application_id=application_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    application_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[DossierOut | Problem]:
    """The signed decision dossier of the agency's application

     Needs `applications:read`. The decision of the agency's application, signed as a compact
    JWS (ES256, its key in `/.well-known/jwks.json`), with its verification links and a QR
    code of the short one; `Accept: application/jose` answers the bare JWS. 409 `not-decided`
    before a final decision; another agency's application is the same 404 as an unknown id.
    Verify it offline with `panjereh-dossier verify` (docs/api.md §8).

    Args:
        application_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DossierOut | Problem]
    """

    kwargs = _get_kwargs(
        application_id=application_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    application_id: str,
    *,
    client: AuthenticatedClient,
) -> DossierOut | Problem | None:
    """The signed decision dossier of the agency's application

     Needs `applications:read`. The decision of the agency's application, signed as a compact
    JWS (ES256, its key in `/.well-known/jwks.json`), with its verification links and a QR
    code of the short one; `Accept: application/jose` answers the bare JWS. 409 `not-decided`
    before a final decision; another agency's application is the same 404 as an unknown id.
    Verify it offline with `panjereh-dossier verify` (docs/api.md §8).

    Args:
        application_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DossierOut | Problem
    """

    return (
        await asyncio_detailed(
            application_id=application_id,
            client=client,
        )
    ).parsed
