"""Catalogue routes: public reads; writes by the owning agency (scope catalog:write)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel

from application_service.catalog import commands, repository
from application_service.catalog.model import Service, ServiceSpec
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


class NewService(ServiceSpec):
    id: str | None = None


class Agency(BaseModel):
    id: str
    name_fa: str
    name_en: str


@router.get("/agencies", summary="Agencies on the national window")
async def agencies(runtime: RuntimeDep) -> Page[Agency]:
    async with runtime.uow() as uow:
        rows = await repository.list_agencies(uow.session)
    return Page(
        items=[Agency(id=r.id, name_fa=r.name_fa, name_en=r.name_en) for r in rows],
        next_cursor=None,
    )


@router.get("/services", summary="Services in the catalogue")
async def services(
    runtime: RuntimeDep,
    agency_id: Annotated[str | None, Query()] = None,
    on_window: Annotated[bool | None, Query()] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[Service]:
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
    async with runtime.uow() as uow:
        found = await repository.get(uow.session, service_id)
    if found is None:
        raise ProblemError(404, "not-found", "No such service.", "چنین خدمتی وجود ندارد.")
    return found


@router.post("/services", status_code=201, summary="Publish a service of the caller's agency")
async def register(
    body: NewService, principal: Writer, runtime: RuntimeDep, response: Response
) -> Service:
    created = await commands.register(
        runtime.uow,
        agency_id=_agency(principal),
        spec=ServiceSpec(**body.model_dump(exclude={"id", "smart_by_design"})),
        service_id=body.id,
    )
    response.headers["Location"] = f"/v1/catalog/services/{created.id}"
    return created


@router.put("/services/{service_id}", summary="Change a service of the caller's agency")
async def change(
    service_id: str, body: ServiceSpec, principal: Writer, runtime: RuntimeDep
) -> Service:
    changed = await commands.change(
        runtime.uow, agency_id=_agency(principal), service_id=service_id, spec=body
    )
    return changed


def _agency(principal: auth.Principal) -> str:
    if principal.agency_id is None:
        raise ProblemError(
            403,
            "forbidden",
            "Only an agency's client may do this.",
            "فقط کارخواه یک دستگاه مجاز است.",
        )
    return principal.agency_id
