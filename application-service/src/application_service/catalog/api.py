"""Catalogue routes: public reads; writes by the owning agency (scope catalog:write)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from application_service.catalog import repository, services
from application_service.catalog.model import Service, ServiceSpec
from application_service.catalog.schemas import Agency, NewService
from panjereh import auth
from panjereh.problems import ProblemError
from panjereh.web.deps import RuntimeDep
from panjereh.web.pagination import (
    Cursor,
    IdPosition,
    Limit,
    Page,
    decode_cursor,
    encode_cursor,
)

router = APIRouter(prefix="/v1/catalog", tags=["catalog"])
Writer = Annotated[auth.Principal, Depends(auth.require("catalog:write"))]


@router.get("/agencies", summary="Agencies on the national window")
async def agencies(runtime: RuntimeDep) -> Page[Agency]:
    """Public: no token needed. Every agency on the window with its Persian and English name,
    ordered by id, in one page (`next_cursor` is always null). The ids are those services
    and tokens name as `agency_id`."""
    async with runtime.uow() as uow:
        rows = await repository.list_agencies(uow.session)
    return Page(
        items=[Agency(id=r.id, name_fa=r.name_fa, name_en=r.name_en) for r in rows],
        next_cursor=None,
    )


@router.get("/services", summary="Services in the catalogue")
async def get_services(
    runtime: RuntimeDep,
    agency_id: Annotated[str | None, Query()] = None,
    on_window: Annotated[bool | None, Query()] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[Service]:
    """Public: no token needed. Every service with what it requires (`required_evidence`,
    `paper_documents`), its rules, SLA and `legal_basis`, in id order; filter by `agency_id`
    and `on_window`. Pages by `limit` (1–500, default 50) and `cursor` (pass `next_cursor`
    back until it is null). A service takes applications only when every `legal_basis`
    entry is `approved` (docs/api.md §3)."""
    position = decode_cursor(cursor, IdPosition)
    after = position.id if position else ""
    async with runtime.uow() as uow:
        found = await repository.find(
            uow.session, agency_id=agency_id, on_window=on_window, after=after, limit=limit
        )
    next_cursor = encode_cursor({"id": found[-1].id}) if len(found) == limit else None
    return Page(items=found, next_cursor=next_cursor)


@router.get("/services/{service_id}", summary="One service")
async def service(service_id: str, runtime: RuntimeDep) -> Service:
    """Public: no token needed. The service as `getServices` lists it, with the office's
    decision on each required evidence type in `legal_basis`; 404 for an unknown id."""
    async with runtime.uow() as uow:
        found = await repository.get(uow.session, service_id)
    if found is None:
        raise ProblemError(404, "not-found", "No such service.", "چنین خدمتی وجود ندارد.")
    return found


@router.post("/services", status_code=201, summary="Publish a service of the caller's agency")
async def register(
    body: NewService,
    _: Writer,
    agency_id: auth.AgencyDep,
    runtime: RuntimeDep,
    response: Response,
) -> Service:
    """Needs `catalog:write`; the service belongs to the token's agency. Answers 201 with
    `Location`. Each required evidence type waits `pending` for the legal-basis office:
    publishing grants no right to fetch, and until every type is approved the service takes
    no application (409 `service-not-approved`). An `id` taken already is a 409; a bad id,
    an unknown evidence type, or a rule that does not compile or type-check is a 422 naming
    the field (`rules.N.expression`). Rules are CEL over the environment at
    `GET /v1/catalog/evidence-types`."""
    created = await services.register(
        runtime.uow,
        agency_id=agency_id,
        spec=ServiceSpec(**body.model_dump(exclude={"id", "smart_by_design"})),
        service_id=body.id,
    )
    response.headers["Location"] = f"/v1/catalog/services/{created.id}"
    return created


@router.put("/services/{service_id}", summary="Change a service of the caller's agency")
async def change(
    service_id: str,
    body: ServiceSpec,
    _: Writer,
    agency_id: auth.AgencyDep,
    runtime: RuntimeDep,
) -> Service:
    """Needs `catalog:write`, and the service must be the token's agency's (another's is a
    403, an unknown id a 404). The body replaces the whole definition, validated like a new
    one (422). An evidence type that stays keeps the office's decision; an added one waits
    `pending`, so the service takes no application until the office approves it."""
    changed = await services.change(
        runtime.uow, agency_id=agency_id, service_id=service_id, spec=body
    )
    return changed
