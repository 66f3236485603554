from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.receipt_in import ReceiptIn
from ...models.receipt_out import ReceiptOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ReceiptIn,
    x_sms_receipt_secret: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_sms_receipt_secret, Unset):
        headers["X-SMS-Receipt-Secret"] = x_sms_receipt_secret

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sms/receipts",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ReceiptOut:
    if response.status_code == 200:
        response_200 = ReceiptOut.from_dict(response.json())

        return response_200

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
) -> Response[Problem | ReceiptOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ReceiptIn,
    x_sms_receipt_secret: None | str | Unset = UNSET,
) -> Response[Problem | ReceiptOut]:
    """A provider's delivery receipt

     For the SMS provider, not for agencies: no bearer token (public at the gateway), but
    authenticated by the shared secret in X-SMS-Receipt-Secret (401 without it or with a
    wrong one); 404 for a reference that is none of ours. Repeating a receipt changes
    nothing.

    Args:
        x_sms_receipt_secret (None | str | Unset):
        body (ReceiptIn): A provider's delivery receipt for one message.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReceiptOut]
    """

    kwargs = _get_kwargs(
        body=body,
        x_sms_receipt_secret=x_sms_receipt_secret,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: ReceiptIn,
    x_sms_receipt_secret: None | str | Unset = UNSET,
) -> Problem | ReceiptOut | None:
    """A provider's delivery receipt

     For the SMS provider, not for agencies: no bearer token (public at the gateway), but
    authenticated by the shared secret in X-SMS-Receipt-Secret (401 without it or with a
    wrong one); 404 for a reference that is none of ours. Repeating a receipt changes
    nothing.

    Args:
        x_sms_receipt_secret (None | str | Unset):
        body (ReceiptIn): A provider's delivery receipt for one message.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReceiptOut
    """

    return sync_detailed(
        client=client,
        body=body,
        x_sms_receipt_secret=x_sms_receipt_secret,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ReceiptIn,
    x_sms_receipt_secret: None | str | Unset = UNSET,
) -> Response[Problem | ReceiptOut]:
    """A provider's delivery receipt

     For the SMS provider, not for agencies: no bearer token (public at the gateway), but
    authenticated by the shared secret in X-SMS-Receipt-Secret (401 without it or with a
    wrong one); 404 for a reference that is none of ours. Repeating a receipt changes
    nothing.

    Args:
        x_sms_receipt_secret (None | str | Unset):
        body (ReceiptIn): A provider's delivery receipt for one message.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReceiptOut]
    """

    kwargs = _get_kwargs(
        body=body,
        x_sms_receipt_secret=x_sms_receipt_secret,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ReceiptIn,
    x_sms_receipt_secret: None | str | Unset = UNSET,
) -> Problem | ReceiptOut | None:
    """A provider's delivery receipt

     For the SMS provider, not for agencies: no bearer token (public at the gateway), but
    authenticated by the shared secret in X-SMS-Receipt-Secret (401 without it or with a
    wrong one); 404 for a reference that is none of ours. Repeating a receipt changes
    nothing.

    Args:
        x_sms_receipt_secret (None | str | Unset):
        body (ReceiptIn): A provider's delivery receipt for one message.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReceiptOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_sms_receipt_secret=x_sms_receipt_secret,
        )
    ).parsed
