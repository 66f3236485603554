from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.summary import Summary
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    else:
        json_to = to
    params["to"] = json_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/compliance/summary",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Summary:
    if response.status_code == 200:
        response_200 = Summary.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[Problem | Summary]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
) -> Response[Problem | Summary]:
    """National figures and the policy's targets

     Needs `compliance:read`, an operator's scope (the demo's `ops-dashboard` client); no
    agency client holds it. The four criteria of a smart service (no paper, every inquiry
    online, no human intervention, the status visible at any hour) measured from real
    traffic across the country, beside the targets of the policy file. `from` and `to` bound
    the submission days (ISO or Jalali, Persian digits accepted); a date that is none is a
    422 (docs/api.md §9).

    Args:
        from_ (None | str | Unset): First submission day, ISO or Jalali (1405/01/01)
        to (None | str | Unset): Last submission day, ISO or Jalali

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Summary]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
) -> Problem | Summary | None:
    """National figures and the policy's targets

     Needs `compliance:read`, an operator's scope (the demo's `ops-dashboard` client); no
    agency client holds it. The four criteria of a smart service (no paper, every inquiry
    online, no human intervention, the status visible at any hour) measured from real
    traffic across the country, beside the targets of the policy file. `from` and `to` bound
    the submission days (ISO or Jalali, Persian digits accepted); a date that is none is a
    422 (docs/api.md §9).

    Args:
        from_ (None | str | Unset): First submission day, ISO or Jalali (1405/01/01)
        to (None | str | Unset): Last submission day, ISO or Jalali

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Summary
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
) -> Response[Problem | Summary]:
    """National figures and the policy's targets

     Needs `compliance:read`, an operator's scope (the demo's `ops-dashboard` client); no
    agency client holds it. The four criteria of a smart service (no paper, every inquiry
    online, no human intervention, the status visible at any hour) measured from real
    traffic across the country, beside the targets of the policy file. `from` and `to` bound
    the submission days (ISO or Jalali, Persian digits accepted); a date that is none is a
    422 (docs/api.md §9).

    Args:
        from_ (None | str | Unset): First submission day, ISO or Jalali (1405/01/01)
        to (None | str | Unset): Last submission day, ISO or Jalali

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Summary]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
) -> Problem | Summary | None:
    """National figures and the policy's targets

     Needs `compliance:read`, an operator's scope (the demo's `ops-dashboard` client); no
    agency client holds it. The four criteria of a smart service (no paper, every inquiry
    online, no human intervention, the status visible at any hour) measured from real
    traffic across the country, beside the targets of the policy file. `from` and `to` bound
    the submission days (ISO or Jalali, Persian digits accepted); a date that is none is a
    422 (docs/api.md §9).

    Args:
        from_ (None | str | Unset): First submission day, ISO or Jalali (1405/01/01)
        to (None | str | Unset): Last submission day, ISO or Jalali

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Summary
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
        )
    ).parsed
