from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.agency_compliance import AgencyCompliance
from ...models.get_agency_format_type_0 import GetAgencyFormatType0
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    agency_id: str,
    *,
    format_: GetAgencyFormatType0 | None | Unset = UNSET,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: None | str | Unset
    if isinstance(format_, Unset):
        json_format_ = UNSET
    elif isinstance(format_, GetAgencyFormatType0):
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
        "url": "/v1/compliance/agencies/{agency_id}".format(
            agency_id=quote(str(agency_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AgencyCompliance | Problem:
    if response.status_code == 200:
        response_200 = AgencyCompliance.from_dict(response.json())

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
) -> Response[AgencyCompliance | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    agency_id: str,
    *,
    client: AuthenticatedClient,
    format_: GetAgencyFormatType0 | None | Unset = UNSET,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
) -> Response[AgencyCompliance | Problem]:
    """One agency and its services

     Needs `compliance:read`. One agency's figures and its services' four criteria, for the
    submission days `from`–`to`; `format=csv` (or `Accept: text/csv`) answers its services
    as CSV. 404 for an agency the window does not know.

    Args:
        agency_id (str):
        format_ (GetAgencyFormatType0 | None | Unset): csv: every row as CSV
        from_ (None | str | Unset): First submission day, ISO or Jalali (1405/01/01)
        to (None | str | Unset): Last submission day, ISO or Jalali

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgencyCompliance | Problem]
    """

    kwargs = _get_kwargs(
        agency_id=agency_id,
        format_=format_,
        from_=from_,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    agency_id: str,
    *,
    client: AuthenticatedClient,
    format_: GetAgencyFormatType0 | None | Unset = UNSET,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
) -> AgencyCompliance | Problem | None:
    """One agency and its services

     Needs `compliance:read`. One agency's figures and its services' four criteria, for the
    submission days `from`–`to`; `format=csv` (or `Accept: text/csv`) answers its services
    as CSV. 404 for an agency the window does not know.

    Args:
        agency_id (str):
        format_ (GetAgencyFormatType0 | None | Unset): csv: every row as CSV
        from_ (None | str | Unset): First submission day, ISO or Jalali (1405/01/01)
        to (None | str | Unset): Last submission day, ISO or Jalali

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgencyCompliance | Problem
    """

    return sync_detailed(
        agency_id=agency_id,
        client=client,
        format_=format_,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    agency_id: str,
    *,
    client: AuthenticatedClient,
    format_: GetAgencyFormatType0 | None | Unset = UNSET,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
) -> Response[AgencyCompliance | Problem]:
    """One agency and its services

     Needs `compliance:read`. One agency's figures and its services' four criteria, for the
    submission days `from`–`to`; `format=csv` (or `Accept: text/csv`) answers its services
    as CSV. 404 for an agency the window does not know.

    Args:
        agency_id (str):
        format_ (GetAgencyFormatType0 | None | Unset): csv: every row as CSV
        from_ (None | str | Unset): First submission day, ISO or Jalali (1405/01/01)
        to (None | str | Unset): Last submission day, ISO or Jalali

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgencyCompliance | Problem]
    """

    kwargs = _get_kwargs(
        agency_id=agency_id,
        format_=format_,
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    agency_id: str,
    *,
    client: AuthenticatedClient,
    format_: GetAgencyFormatType0 | None | Unset = UNSET,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
) -> AgencyCompliance | Problem | None:
    """One agency and its services

     Needs `compliance:read`. One agency's figures and its services' four criteria, for the
    submission days `from`–`to`; `format=csv` (or `Accept: text/csv`) answers its services
    as CSV. 404 for an agency the window does not know.

    Args:
        agency_id (str):
        format_ (GetAgencyFormatType0 | None | Unset): csv: every row as CSV
        from_ (None | str | Unset): First submission day, ISO or Jalali (1405/01/01)
        to (None | str | Unset): Last submission day, ISO or Jalali

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgencyCompliance | Problem
    """

    return (
        await asyncio_detailed(
            agency_id=agency_id,
            client=client,
            format_=format_,
            from_=from_,
            to=to,
        )
    ).parsed
