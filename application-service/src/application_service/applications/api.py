"""Application routes (thin: the work is in commands.py and domain.py)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response

from application_service.applications import commands
from application_service.applications.schemas import ApplicationOut, ReviewIn, SubmitIn, Submitted
from application_service.applications.states import State
from application_service.uow import units
from panjereh import auth, jalali
from panjereh.web.deps import RuntimeDep
from panjereh.web.openapi import problem_response
from panjereh.web.pagination import (
    Cursor,
    KeysetPosition,
    Limit,
    Page,
    decode_cursor,
    encode_cursor,
)

router = APIRouter(prefix="/v1/applications", tags=["applications"])
Writer = Annotated[auth.Principal, Depends(auth.require("applications:write"))]
Reader = Annotated[auth.Principal, Depends(auth.require("applications:read"))]
Reviewer = Annotated[auth.Principal, Depends(auth.require("applications:review"))]
IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=200,
        description="Unique per request; retry with the same",
    ),
]


@router.post(
    "",
    status_code=202,
    summary="Submit a person's request with identifiers only",
    operation_id="submitApplication",
    responses={
        202: {
            "description": "Accepted: poll `status_url`, or get the application by `id`",
            "headers": {
                "Idempotent-Replayed": {
                    "description": "`true` when this answer is a replay of an earlier call "
                    "with the same Idempotency-Key and body (no new application was made)",
                    "schema": {"type": "string", "enum": ["true"]},
                }
            },
        },
        409: problem_response(
            "`service-not-approved`: the legal-basis office has not approved every evidence "
            "type the service requires; or the Idempotency-Key was used with another body"
        ),
    },
)
async def submit(
    body: SubmitIn,
    key: IdempotencyKey,
    principal: Writer,
    runtime: RuntimeDep,
    response: Response,
) -> Submitted:
    """Evidence is fetched online; the same key and body again return the same application."""
    app, created = await commands.submit(
        units(runtime),
        agency_id=principal.agency_id or "",
        key=key,
        body=body.model_dump(mode="json"),
    )
    if not created:
        response.headers["Idempotent-Replayed"] = "true"  # the earlier call's application
    return Submitted(
        id=app.id,
        tracking_code=app.tracking_code,
        state=app.state.value,
        status_url=f"/v1/status/{app.tracking_code}",
        created_at=app.submitted_at,
        created_at_jalali=jalali.to_jalali(app.submitted_at),
    )


@router.get("", summary="The agency's applications", operation_id="listApplications")
async def find(
    principal: Reader,
    runtime: RuntimeDep,
    state: Annotated[State | None, Query(description="Only applications in this state")] = None,
    service_id: Annotated[str | None, Query()] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[ApplicationOut]:
    position = decode_cursor(cursor, KeysetPosition)
    after = (position.at.isoformat(), position.id) if position else None
    async with units(runtime)() as uow:
        found = await uow.applications.find(
            agency_id=principal.agency_id or "",
            state=state.value if state else None,
            service_id=service_id,
            after=after,
            limit=limit,
        )
    last = found[-1] if len(found) == limit else None
    next_cursor = (
        encode_cursor({"at": last.submitted_at.isoformat(), "id": last.id}) if last else None
    )
    return Page(items=[ApplicationOut.of(app) for app in found], next_cursor=next_cursor)


@router.get(
    "/{application_id}",
    summary="One application, its evidence, decision and timeline",
    operation_id="getApplication",
    responses={404: problem_response("No such application of this agency")},
)
async def get(application_id: str, principal: Reader, runtime: RuntimeDep) -> ApplicationOut:
    async with units(runtime)() as uow:
        app = await commands.own_application(
            uow, agency_id=principal.agency_id, application_id=application_id, lock=False
        )
    return ApplicationOut.of(app)


@router.post(
    "/{application_id}/review",
    summary="An officer decides an application waiting for review",
    operation_id="reviewApplication",
    responses={
        404: problem_response("No such application of this agency"),
        409: problem_response("The application is not waiting for review"),
    },
)
async def review(
    application_id: str, body: ReviewIn, principal: Reviewer, runtime: RuntimeDep
) -> ApplicationOut:
    app = await commands.review(
        units(runtime),
        agency_id=principal.agency_id,
        application_id=application_id,
        outcome=body.outcome,
        reason=body.reason,
        officer=principal.client_id,
    )
    return ApplicationOut.of(app)


@router.post(
    "/{application_id}/cancel",
    summary="Cancel an undecided application",
    operation_id="cancelApplication",
    responses={
        404: problem_response("No such application of this agency"),
        409: problem_response("The application is already decided"),
    },
)
async def cancel(application_id: str, principal: Writer, runtime: RuntimeDep) -> ApplicationOut:
    app = await commands.cancel(
        units(runtime), agency_id=principal.agency_id, application_id=application_id
    )
    return ApplicationOut.of(app)
