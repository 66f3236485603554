from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.application_out import ApplicationOut
from ...models.problem import Problem
from ...models.review_in import ReviewIn
from ...types import Response


def _get_kwargs(
    application_id: str,
    *,
    body: ReviewIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/applications/{application_id}/review".format(
            application_id=quote(str(application_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
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
    body: ReviewIn,
) -> Response[ApplicationOut | Problem]:
    """An officer decides an application waiting for review

     Needs `applications:review` (a token with only `applications:write` is a 403). Only an
    application in `needs_review` can be decided: any other state is a 409 `illegal-state`
    naming the current one, and another agency's application is a 404. The decision is
    recorded `by: "officer"`, with the token's client as the officer and `reason` as its
    reason, and announced like any decision; the answer is the decided application.

    Args:
        application_id (str):
        body (ReviewIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApplicationOut | Problem]
    """

    kwargs = _get_kwargs(
        application_id=application_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    application_id: str,
    *,
    client: AuthenticatedClient,
    body: ReviewIn,
) -> ApplicationOut | Problem | None:
    """An officer decides an application waiting for review

     Needs `applications:review` (a token with only `applications:write` is a 403). Only an
    application in `needs_review` can be decided: any other state is a 409 `illegal-state`
    naming the current one, and another agency's application is a 404. The decision is
    recorded `by: "officer"`, with the token's client as the officer and `reason` as its
    reason, and announced like any decision; the answer is the decided application.

    Args:
        application_id (str):
        body (ReviewIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApplicationOut | Problem
    """

    return sync_detailed(
        application_id=application_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    application_id: str,
    *,
    client: AuthenticatedClient,
    body: ReviewIn,
) -> Response[ApplicationOut | Problem]:
    """An officer decides an application waiting for review

     Needs `applications:review` (a token with only `applications:write` is a 403). Only an
    application in `needs_review` can be decided: any other state is a 409 `illegal-state`
    naming the current one, and another agency's application is a 404. The decision is
    recorded `by: "officer"`, with the token's client as the officer and `reason` as its
    reason, and announced like any decision; the answer is the decided application.

    Args:
        application_id (str):
        body (ReviewIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApplicationOut | Problem]
    """

    kwargs = _get_kwargs(
        application_id=application_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    application_id: str,
    *,
    client: AuthenticatedClient,
    body: ReviewIn,
) -> ApplicationOut | Problem | None:
    """An officer decides an application waiting for review

     Needs `applications:review` (a token with only `applications:write` is a 403). Only an
    application in `needs_review` can be decided: any other state is a 409 `illegal-state`
    naming the current one, and another agency's application is a 404. The decision is
    recorded `by: "officer"`, with the token's client as the officer and `reason` as its
    reason, and announced like any decision; the answer is the decided application.

    Args:
        application_id (str):
        body (ReviewIn):

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
            body=body,
        )
    ).parsed
