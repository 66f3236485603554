from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.delivery_out import DeliveryOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    subscription_id: str,
    delivery_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhooks/{subscription_id}/deliveries/{delivery_id}/redeliver".format(
            subscription_id=quote(str(subscription_id), safe=""),
            delivery_id=quote(str(delivery_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeliveryOut | Problem:
    if response.status_code == 202:
        response_202 = DeliveryOut.from_dict(response.json())

        return response_202

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
) -> Response[DeliveryOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    subscription_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[DeliveryOut | Problem]:
    """Send a finished delivery again (same webhook-id), now

     Needs `webhooks:write`. A finished delivery (`succeeded`, `failed` or `dead`) goes out
    again now with the same `webhook-id`, so a receiver that deduplicates on it takes it
    once; 202 with the delivery, `pending` again. One still on its way is a 409
    `delivery-pending`; another agency's is a 404.

    Args:
        subscription_id (str):
        delivery_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryOut | Problem]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        delivery_id=delivery_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subscription_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient,
) -> DeliveryOut | Problem | None:
    """Send a finished delivery again (same webhook-id), now

     Needs `webhooks:write`. A finished delivery (`succeeded`, `failed` or `dead`) goes out
    again now with the same `webhook-id`, so a receiver that deduplicates on it takes it
    once; 202 with the delivery, `pending` again. One still on its way is a 409
    `delivery-pending`; another agency's is a 404.

    Args:
        subscription_id (str):
        delivery_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryOut | Problem
    """

    return sync_detailed(
        subscription_id=subscription_id,
        delivery_id=delivery_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    subscription_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[DeliveryOut | Problem]:
    """Send a finished delivery again (same webhook-id), now

     Needs `webhooks:write`. A finished delivery (`succeeded`, `failed` or `dead`) goes out
    again now with the same `webhook-id`, so a receiver that deduplicates on it takes it
    once; 202 with the delivery, `pending` again. One still on its way is a 409
    `delivery-pending`; another agency's is a 404.

    Args:
        subscription_id (str):
        delivery_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryOut | Problem]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        delivery_id=delivery_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient,
) -> DeliveryOut | Problem | None:
    """Send a finished delivery again (same webhook-id), now

     Needs `webhooks:write`. A finished delivery (`succeeded`, `failed` or `dead`) goes out
    again now with the same `webhook-id`, so a receiver that deduplicates on it takes it
    once; 202 with the delivery, `pending` again. One still on its way is a 409
    `delivery-pending`; another agency's is a 404.

    Args:
        subscription_id (str):
        delivery_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryOut | Problem
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            delivery_id=delivery_id,
            client=client,
        )
    ).parsed
