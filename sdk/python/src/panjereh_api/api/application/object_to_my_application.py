from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.citizen_application import CitizenApplication
from ...models.objection_in import ObjectionIn
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    application_id: str,
    *,
    body: ObjectionIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/citizen/applications/{application_id}/object".format(
            application_id=quote(str(application_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
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
    body: ObjectionIn,
) -> Response[CitizenApplication | Problem]:
    """Report fetched information wrong: an officer reviews the application

     Needs a citizen token (scope `citizen`). While the application is `awaiting_applicant`,
    the applicant names the evidence type that is wrong and says why: the application moves to
    `needs_review` and an officer of the agency reads the objection. An evidence type the
    application did not fetch is a 422 that lists the ones it did; any other state is a 409
    `illegal-state`; another person's application is a 404.

    Args:
        application_id (str):
        body (ObjectionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CitizenApplication | Problem]
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
    body: ObjectionIn,
) -> CitizenApplication | Problem | None:
    """Report fetched information wrong: an officer reviews the application

     Needs a citizen token (scope `citizen`). While the application is `awaiting_applicant`,
    the applicant names the evidence type that is wrong and says why: the application moves to
    `needs_review` and an officer of the agency reads the objection. An evidence type the
    application did not fetch is a 422 that lists the ones it did; any other state is a 409
    `illegal-state`; another person's application is a 404.

    Args:
        application_id (str):
        body (ObjectionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CitizenApplication | Problem
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
    body: ObjectionIn,
) -> Response[CitizenApplication | Problem]:
    """Report fetched information wrong: an officer reviews the application

     Needs a citizen token (scope `citizen`). While the application is `awaiting_applicant`,
    the applicant names the evidence type that is wrong and says why: the application moves to
    `needs_review` and an officer of the agency reads the objection. An evidence type the
    application did not fetch is a 422 that lists the ones it did; any other state is a 409
    `illegal-state`; another person's application is a 404.

    Args:
        application_id (str):
        body (ObjectionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CitizenApplication | Problem]
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
    body: ObjectionIn,
) -> CitizenApplication | Problem | None:
    """Report fetched information wrong: an officer reviews the application

     Needs a citizen token (scope `citizen`). While the application is `awaiting_applicant`,
    the applicant names the evidence type that is wrong and says why: the application moves to
    `needs_review` and an officer of the agency reads the objection. An evidence type the
    application did not fetch is a 422 that lists the ones it did; any other state is a 409
    `illegal-state`; another person's application is a 404.

    Args:
        application_id (str):
        body (ObjectionIn):

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
            body=body,
        )
    ).parsed
