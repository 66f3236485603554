from http import HTTPStatus
from typing import Any, cast

import httpx

from ...client import AuthenticatedClient, Client
from ...models.otp_accepted import OtpAccepted
from ...models.otp_request import OtpRequest
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: OtpRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/citizen/otp",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | OtpAccepted | Problem:
    if response.status_code == 202:
        response_202 = OtpAccepted.from_dict(response.json())

        return response_202

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = cast(Any, None)
        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | OtpAccepted | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OtpRequest,
) -> Response[Any | OtpAccepted | Problem]:
    """Ask for a one-time login code by SMS (always 202)

     Public: no token needed (the person holds none yet). The six-digit code goes only to a
    mobile that Shahkar confirms for that national code; the answer is the same 202 either
    way, and comes before any of it is asked. A code lives two minutes and allows five
    tries; past a person's budget a request quietly changes nothing, and a client's
    requests are limited (429). Redeem it at
    `POST /v1/citizen/token`; in the sandbox, read it at `GET /v1/sandbox/sms`.

    Args:
        body (OtpRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | OtpAccepted | Problem]
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
    body: OtpRequest,
) -> Any | OtpAccepted | Problem | None:
    """Ask for a one-time login code by SMS (always 202)

     Public: no token needed (the person holds none yet). The six-digit code goes only to a
    mobile that Shahkar confirms for that national code; the answer is the same 202 either
    way, and comes before any of it is asked. A code lives two minutes and allows five
    tries; past a person's budget a request quietly changes nothing, and a client's
    requests are limited (429). Redeem it at
    `POST /v1/citizen/token`; in the sandbox, read it at `GET /v1/sandbox/sms`.

    Args:
        body (OtpRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | OtpAccepted | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OtpRequest,
) -> Response[Any | OtpAccepted | Problem]:
    """Ask for a one-time login code by SMS (always 202)

     Public: no token needed (the person holds none yet). The six-digit code goes only to a
    mobile that Shahkar confirms for that national code; the answer is the same 202 either
    way, and comes before any of it is asked. A code lives two minutes and allows five
    tries; past a person's budget a request quietly changes nothing, and a client's
    requests are limited (429). Redeem it at
    `POST /v1/citizen/token`; in the sandbox, read it at `GET /v1/sandbox/sms`.

    Args:
        body (OtpRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | OtpAccepted | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: OtpRequest,
) -> Any | OtpAccepted | Problem | None:
    """Ask for a one-time login code by SMS (always 202)

     Public: no token needed (the person holds none yet). The six-digit code goes only to a
    mobile that Shahkar confirms for that national code; the answer is the same 202 either
    way, and comes before any of it is asked. A code lives two minutes and allows five
    tries; past a person's budget a request quietly changes nothing, and a client's
    requests are limited (429). Redeem it at
    `POST /v1/citizen/token`; in the sandbox, read it at `GET /v1/sandbox/sms`.

    Args:
        body (OtpRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | OtpAccepted | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
