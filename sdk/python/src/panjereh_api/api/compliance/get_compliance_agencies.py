from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.get_compliance_agencies_format_type_0 import (
    GetComplianceAgenciesFormatType0,
)
from ...models.page_agency_compliance import PageAgencyCompliance
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    format_: GetComplianceAgenciesFormatType0 | None | Unset = UNSET,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_format_: None | str | Unset
    if isinstance(format_, Unset):
        json_format_ = UNSET
    elif isinstance(format_, GetComplianceAgenciesFormatType0):
        json_format_ = format_.value
    else:
        json_format_ = format_
    params["format"] = json_format_

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
        "url": "/v1/compliance/agencies",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageAgencyCompliance | Problem:
    if response.status_code == 200:
        response_200 = PageAgencyCompliance.from_dict(response.json())

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
) -> Response[PageAgencyCompliance | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    format_: GetComplianceAgenciesFormatType0 | None | Unset = UNSET,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
) -> Response[PageAgencyCompliance | Problem]:
    """Per agency, and per service the four criteria

     Needs `compliance:read`. Each agency's figures and, per service, the four criteria,
    ordered by agency id, for the submission days `from`–`to`. Pages by `limit` and
    `cursor`; `format=csv` (or `Accept: text/csv`) answers every row as one CSV file instead
    of a page.

    Args:
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page
        format_ (GetComplianceAgenciesFormatType0 | None | Unset): csv: every row as CSV
        from_ (None | str | Unset): First submission day, ISO or Jalali (1405/01/01)
        to (None | str | Unset): Last submission day, ISO or Jalali

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAgencyCompliance | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        format_=format_,
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
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    format_: GetComplianceAgenciesFormatType0 | None | Unset = UNSET,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
) -> PageAgencyCompliance | Problem | None:
    """Per agency, and per service the four criteria

     Needs `compliance:read`. Each agency's figures and, per service, the four criteria,
    ordered by agency id, for the submission days `from`–`to`. Pages by `limit` and
    `cursor`; `format=csv` (or `Accept: text/csv`) answers every row as one CSV file instead
    of a page.

    Args:
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page
        format_ (GetComplianceAgenciesFormatType0 | None | Unset): csv: every row as CSV
        from_ (None | str | Unset): First submission day, ISO or Jalali (1405/01/01)
        to (None | str | Unset): Last submission day, ISO or Jalali

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAgencyCompliance | Problem
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        format_=format_,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    format_: GetComplianceAgenciesFormatType0 | None | Unset = UNSET,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
) -> Response[PageAgencyCompliance | Problem]:
    """Per agency, and per service the four criteria

     Needs `compliance:read`. Each agency's figures and, per service, the four criteria,
    ordered by agency id, for the submission days `from`–`to`. Pages by `limit` and
    `cursor`; `format=csv` (or `Accept: text/csv`) answers every row as one CSV file instead
    of a page.

    Args:
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page
        format_ (GetComplianceAgenciesFormatType0 | None | Unset): csv: every row as CSV
        from_ (None | str | Unset): First submission day, ISO or Jalali (1405/01/01)
        to (None | str | Unset): Last submission day, ISO or Jalali

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAgencyCompliance | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        format_=format_,
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    format_: GetComplianceAgenciesFormatType0 | None | Unset = UNSET,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
) -> PageAgencyCompliance | Problem | None:
    """Per agency, and per service the four criteria

     Needs `compliance:read`. Each agency's figures and, per service, the four criteria,
    ordered by agency id, for the submission days `from`–`to`. Pages by `limit` and
    `cursor`; `format=csv` (or `Accept: text/csv`) answers every row as one CSV file instead
    of a page.

    Args:
        limit (int | Unset): Items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page
        format_ (GetComplianceAgenciesFormatType0 | None | Unset): csv: every row as CSV
        from_ (None | str | Unset): First submission day, ISO or Jalali (1405/01/01)
        to (None | str | Unset): Last submission day, ISO or Jalali

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAgencyCompliance | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            format_=format_,
            from_=from_,
            to=to,
        )
    ).parsed
