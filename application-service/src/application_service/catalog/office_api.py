"""Routes of the legal-basis office (API.md, Legal basis): scope catalog:approve only.

No agency client holds that scope (the gateway refuses to register one), and a token that
names an agency is refused here as well: an agency never decides its own legal basis.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from application_service.catalog import office, services
from application_service.catalog.schemas import (
    BasisDetail,
    BasisRequest,
    DecisionEntry,
    DecisionIn,
)
from panjereh import auth
from panjereh.events.catalog import BasisStatus
from panjereh.problems import FieldError, ProblemError
from panjereh.web.deps import RuntimeDep
from panjereh.web.openapi import problem_response
from panjereh.web.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor

router = APIRouter(
    prefix="/v1/legal-basis",
    tags=["legal basis"],
    responses={
        401: problem_response("No valid bearer token"),
        403: problem_response("Not the legal-basis office (scope catalog:approve, no agency)"),
    },
)
_NO_REQUEST: dict[int | str, dict[str, Any]] = {
    404: problem_response("The service does not exist or does not require that type")
}

ServiceId = Annotated[str, Path(min_length=1, max_length=100)]
EvidenceType = Annotated[str, Path(min_length=1, max_length=100)]


async def _office(
    principal: Annotated[auth.Principal, Depends(auth.require("catalog:approve"))],
) -> auth.Principal:
    if principal.agency_id is not None:
        raise ProblemError(
            403,
            "forbidden",
            "An agency may not decide a legal basis; only the legal-basis office may.",
            "دستگاه اجرایی نمی‌تواند دربارهٔ مبنای قانونی تصمیم بگیرد؛ فقط مرجع مبنای قانونی.",
        )
    return principal


Office = Annotated[auth.Principal, Depends(_office)]


@router.get("/requests", summary="The office's queue of legal-basis requests")
async def requests(
    _: Office,
    runtime: RuntimeDep,
    status: Annotated[BasisStatus | None, Query()] = None,
    agency_id: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[BasisRequest]:
    """Only the legal-basis office: `catalog:approve` and no agency (an agency's token is a 403
    whatever its scopes). One entry per required evidence type of each service, ordered by
    service and type, with its current `status`; filter by `status` (`pending` is the work
    waiting) and `agency_id`. Pages by `limit` and `cursor`; a cursor this API did not issue
    is a 422 (docs/api.md §3)."""
    after = _position(cursor)
    async with runtime.uow() as uow:
        rows = await office.queue(uow, status=status, agency_id=agency_id, after=after, limit=limit)
    last = rows[-1] if len(rows) == limit else None
    next_cursor = (
        encode_cursor({"s": last["service_id"], "e": last["evidence_type"]}) if last else None
    )
    return Page(items=[BasisRequest.of(row) for row in rows], next_cursor=next_cursor)


@router.get(
    "/requests/{service_id}/{evidence_type}",
    summary="One legal-basis request and every decision made on it",
    responses=_NO_REQUEST,
)
async def request(
    service_id: ServiceId, evidence_type: EvidenceType, _: Office, runtime: RuntimeDep
) -> BasisDetail:
    """Only the legal-basis office (`catalog:approve`, no agency). The request's current state
    and every decision made on it, oldest first. 404 when the service does not exist or does
    not require that evidence type."""
    async with runtime.uow() as uow:
        row, decisions = await office.request(
            uow, service_id=service_id, evidence_type=evidence_type
        )
    return BasisDetail.with_history(row, decisions)


@router.post(
    "/requests/{service_id}/{evidence_type}",
    summary="Approve or refuse the legal basis of one evidence type of one service",
    responses=_NO_REQUEST,
)
async def decide(
    service_id: ServiceId,
    evidence_type: EvidenceType,
    body: DecisionIn,
    principal: Office,
    runtime: RuntimeDep,
) -> BasisDetail:
    """Only the legal-basis office (`catalog:approve`, no agency: an agency never decides its
    own basis, 403). `approved` lets the service fetch that type, and take applications once
    every type it requires is approved; `refused` stops it. Audited and announced
    (LegalBasisDecided); deciding again replaces the current state, and the history keeps
    both. 404 when the service does not require that type; 422 for a `law_reference` under
    3 characters or with control characters."""
    row, decisions = await services.decide_basis(
        runtime.uow,
        service_id=service_id,
        evidence_type=evidence_type,
        verdict=body.decision,
        law_reference=body.law_reference,
        note=body.note,
        decided_by=principal.client_id,
    )
    return BasisDetail.with_history(row, decisions)


@router.get("/decisions", summary="Every decision of the office, in the order it was made")
async def decisions(
    _: Office,
    runtime: RuntimeDep,
    service_id: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[DecisionEntry]:
    """Only the legal-basis office (`catalog:approve`, no agency). The audit of the office's
    work: append-only, never edited, oldest first (the demo seeds' approvals are in it too,
    decided by `demo-seed`); filter by `service_id`. Pages by `limit` and `cursor`; a
    cursor this API did not issue is a 422."""
    after = decode_cursor(cursor).get("id", 0)
    if type(after) is not int or not 0 <= after < 2**31:
        raise _bad_cursor()
    async with runtime.uow() as uow:
        rows = await office.log(uow, service_id=service_id, after=after, limit=limit)
    next_cursor = encode_cursor({"id": rows[-1]["id"]}) if len(rows) == limit else None
    return Page(items=[DecisionEntry.model_validate(row) for row in rows], next_cursor=next_cursor)


def _position(cursor: str | None) -> tuple[str, str] | None:
    position = decode_cursor(cursor)
    if not position:
        return None
    service_id, evidence_type = position.get("s"), position.get("e")
    if not isinstance(service_id, str) or not isinstance(evidence_type, str):
        raise _bad_cursor()
    return service_id, evidence_type


def _bad_cursor() -> ProblemError:
    return ProblemError(
        422,
        "validation",
        "The cursor is not one this API issued.",
        "نشانگر صفحه معتبر نیست.",
        errors=[FieldError("cursor", "invalid cursor")],
    )
