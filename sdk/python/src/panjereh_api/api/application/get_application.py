from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.application_out import ApplicationOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    application_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/applications/{application_id}".format(
            application_id=quote(str(application_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApplicationOut | Problem:
    if response.status_code == 200:
        response_200 = ApplicationOut.from_dict(response.json())

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
) -> Response[ApplicationOut | Problem]:
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
) -> Response[ApplicationOut | Problem]:
    """One application, its evidence, decision and timeline

     Needs `applications:read`. The evidence by type with its status, the decision
    (`outcome`, `by`: `rules`, `officer` or `sla`, reasons in Persian and English) once there
    is one, and every state change in the timeline. Another agency's application is the same
    404 as an unknown id, so its existence does not leak (docs/api.md §4).

    Args:
        application_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApplicationOut | Problem]
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
) -> ApplicationOut | Problem | None:
    """One application, its evidence, decision and timeline

     Needs `applications:read`. The evidence by type with its status, the decision
    (`outcome`, `by`: `rules`, `officer` or `sla`, reasons in Persian and English) once there
    is one, and every state change in the timeline. Another agency's application is the same
    404 as an unknown id, so its existence does not leak (docs/api.md §4).

    Args:
        application_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApplicationOut | Problem
    """

    return sync_detailed(
        application_id=application_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    application_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ApplicationOut | Problem]:
    """One application, its evidence, decision and timeline

     Needs `applications:read`. The evidence by type with its status, the decision
    (`outcome`, `by`: `rules`, `officer` or `sla`, reasons in Persian and English) once there
    is one, and every state change in the timeline. Another agency's application is the same
    404 as an unknown id, so its existence does not leak (docs/api.md §4).

    Args:
        application_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApplicationOut | Problem]
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
) -> ApplicationOut | Problem | None:
    """One application, its evidence, decision and timeline

     Needs `applications:read`. The evidence by type with its status, the decision
    (`outcome`, `by`: `rules`, `officer` or `sla`, reasons in Persian and English) once there
    is one, and every state change in the timeline. Another agency's application is the same
    404 as an unknown id, so its existence does not leak (docs/api.md §4).

    Args:
        application_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApplicationOut | Problem
    """

    return (
        await asyncio_detailed(
            application_id=application_id,
            client=client,
        )
    ).parsed
