"""Compliance routes (scope compliance:read): the summary, agencies and services; JSON or CSV."""

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Query, Request

from compliance_service import export, figures, schemas, services
from compliance_service.policy import PolicySource
from compliance_service.state import StateDep
from panjereh import auth
from panjereh.problems import ProblemError
from panjereh.web.deps import RuntimeDep
from panjereh.web.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor

router = APIRouter(prefix="/v1/compliance", tags=["compliance"])
Reader = Annotated[auth.Principal, Depends(auth.require("compliance:read"))]
Since = Annotated[
    str | None, Query(alias="from", description="First submission day, ISO or Jalali (1405/01/01)")
]
Until = Annotated[str | None, Query(alias="to", description="Last submission day, ISO or Jalali")]
Format = Annotated[Literal["json", "csv"] | None, Query(description="csv: every row as CSV")]
T = TypeVar("T")
_CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}


async def _policies(state: StateDep) -> PolicySource:
    return state.policies


Policies = Annotated[PolicySource, Depends(_policies)]


async def _national(
    runtime: RuntimeDep, policies: Policies, since: Since = None, until: Until = None
) -> figures.National:
    return await services.build(runtime, policies, services.Period.parse(since, until))


National = Annotated[figures.National, Depends(_national)]


@router.get("/summary", summary="National figures and the policy's targets")
async def summary(
    _: Reader, runtime: RuntimeDep, policies: Policies, since: Since = None, until: Until = None
) -> schemas.Summary:
    """Needs `compliance:read`, an operator's scope (the demo's `ops-dashboard` client); no
    agency client holds it. The four criteria of a smart service (no paper, every inquiry
    online, no human intervention, the status visible at any hour) measured from real
    traffic across the country, beside the targets of the policy file. `from` and `to` bound
    the submission days (ISO or Jalali, Persian digits accepted); a date that is none is a
    422 (docs/api.md §9)."""
    period = services.Period.parse(since, until)
    return schemas.summary_out(await services.build(runtime, policies, period), period)


@router.get(
    "/agencies",
    summary="Per agency, and per service the four criteria",
    response_model=Page[schemas.AgencyCompliance],
    responses=_CSV,
)
async def agencies(
    _: Reader,
    request: Request,
    national: National,
    limit: Limit = 50,
    cursor: Cursor = None,
    format: Format = None,
) -> Any:
    """Needs `compliance:read`. Each agency's figures and, per service, the four criteria,
    ordered by agency id, for the submission days `from`–`to`. Pages by `limit` and
    `cursor`; `format=csv` (or `Accept: text/csv`) answers every row as one CSV file instead
    of a page."""
    items = [schemas.agency_out(a, national) for a in national.agencies]
    if export.wants_csv(request, format):
        return export.agencies_csv(items, "agencies")
    return _page(items, key=lambda a: a.agency_id, limit=limit, cursor=cursor)


@router.get(
    "/agencies/{agency_id}",
    summary="One agency and its services",
    response_model=schemas.AgencyCompliance,
    responses=_CSV,
)
async def agency(
    agency_id: str, _: Reader, request: Request, national: National, format: Format = None
) -> Any:
    """Needs `compliance:read`. One agency's figures and its services' four criteria, for the
    submission days `from`–`to`; `format=csv` (or `Accept: text/csv`) answers its services
    as CSV. 404 for an agency the window does not know."""
    found = next((a for a in national.agencies if a.info.agency_id == agency_id), None)
    if found is None:
        raise ProblemError(404, "not-found", "No such agency.", "چنین دستگاهی وجود ندارد.")
    item = schemas.agency_out(found, national)
    if export.wants_csv(request, format):
        return export.services_csv(item.services, f"agency-{agency_id}")
    return item


@router.get(
    "/services",
    summary="Every service with its four criteria",
    response_model=Page[schemas.ServiceCompliance],
    responses=_CSV,
)
async def get_services(
    _: Reader,
    request: Request,
    national: National,
    agency_id: Annotated[str | None, Query()] = None,
    smart: Annotated[bool | None, Query()] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    format: Format = None,
) -> Any:
    """Needs `compliance:read`. Every service in id order with its four criteria and whether
    it is smart; filter by `agency_id` and `smart`. Pages by `limit` and `cursor`;
    `format=csv` (or `Accept: text/csv`) answers every matching row as CSV."""
    items = [
        schemas.service_out(s)
        for s in sorted(national.services, key=lambda s: s.info.service_id)
        if agency_id in (None, s.info.agency_id) and smart in (None, s.smart)
    ]
    if export.wants_csv(request, format):
        return export.services_csv(items, "services")
    return _page(items, key=lambda s: s.service_id, limit=limit, cursor=cursor)


def _page(items: list[T], *, key: Callable[[T], str], limit: int, cursor: str | None) -> Page[T]:
    position = decode_cursor(cursor, schemas.AfterPosition)
    after = position.after if position else ""
    rest = [item for item in items if key(item) > after]
    page = rest[:limit]
    more = len(rest) > limit
    return Page(items=page, next_cursor=encode_cursor({"after": key(page[-1])}) if more else None)
