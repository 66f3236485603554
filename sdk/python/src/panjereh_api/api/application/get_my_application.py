from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.citizen_application import CitizenApplication
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    application_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/citizen/applications/{application_id}".format(
            application_id=quote(str(application_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CitizenApplication | Problem:
    if response.status_code == 200:
        response_200 = CitizenApplication.from_dict(response.json())

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
) -> Response[CitizenApplication | Problem]:
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
) -> Response[CitizenApplication | Problem]:
    """One of my applications: its state, what was fetched about me, its preview

     Needs a citizen token (scope `citizen`, from `POST /v1/citizen/token`); an agency's token
    is a 403. The fetched fields are the ones the service's rules may use, as the application
    holds them: what the applicant sees is exactly what will be used. An application of
    another person is the same 404 as an unknown id (docs/api.md §8).

    Args:
        application_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CitizenApplication | Problem]
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
) -> CitizenApplication | Problem | None:
    """One of my applications: its state, what was fetched about me, its preview

     Needs a citizen token (scope `citizen`, from `POST /v1/citizen/token`); an agency's token
    is a 403. The fetched fields are the ones the service's rules may use, as the application
    holds them: what the applicant sees is exactly what will be used. An application of
    another person is the same 404 as an unknown id (docs/api.md §8).

    Args:
        application_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CitizenApplication | Problem
    """

    return sync_detailed(
        application_id=application_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    application_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[CitizenApplication | Problem]:
    """One of my applications: its state, what was fetched about me, its preview

     Needs a citizen token (scope `citizen`, from `POST /v1/citizen/token`); an agency's token
    is a 403. The fetched fields are the ones the service's rules may use, as the application
    holds them: what the applicant sees is exactly what will be used. An application of
    another person is the same 404 as an unknown id (docs/api.md §8).

    Args:
        application_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CitizenApplication | Problem]
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
) -> CitizenApplication | Problem | None:
    """One of my applications: its state, what was fetched about me, its preview

     Needs a citizen token (scope `citizen`, from `POST /v1/citizen/token`); an agency's token
    is a 403. The fetched fields are the ones the service's rules may use, as the application
    holds them: what the applicant sees is exactly what will be used. An application of
    another person is the same 404 as an unknown id (docs/api.md §8).

    Args:
        application_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CitizenApplication | Problem
    """

    return (
        await asyncio_detailed(
            application_id=application_id,
            client=client,
        )
    ).parsed
