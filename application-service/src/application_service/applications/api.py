"""Application routes (thin: the work is in services.py and domain.py)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response

from application_service.applications import services
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
    _: Writer,
    agency_id: auth.AgencyDep,
    runtime: RuntimeDep,
    response: Response,
) -> Submitted:
    """Needs `applications:write`, for a service of the caller's own agency (another's is a 403,
    an unknown `service_id` a 422). Identifiers only: the evidence is fetched online, so no
    document is taken. Answers 202 at once; poll `status_url` or `getApplication`.
    `Idempotency-Key` is required: the same key and body again return the same application
    with `Idempotent-Replayed: true`, the same key with another body is a 409
    `idempotency-key-reused`, and a service whose legal basis is not yet approved is a 409
    `service-not-approved` (docs/api.md §1 Idempotency, §4)."""
    application, created = await services.submit(
        units(runtime),
        agency_id=agency_id,
        key=key,
        body=body.model_dump(mode="json"),
    )
    if not created:
        response.headers["Idempotent-Replayed"] = "true"  # the earlier call's application
    return Submitted(
        id=application.id,
        tracking_code=application.tracking_code,
        state=application.state.value,
        status_url=f"/v1/status/{application.tracking_code}",
        created_at=application.submitted_at,
        created_at_jalali=jalali.to_jalali(application.submitted_at),
    )


@router.get("", summary="The agency's applications", operation_id="listApplications")
async def find(
    _: Reader,
    agency_id: auth.AgencyDep,
    runtime: RuntimeDep,
    state: Annotated[State | None, Query(description="Only applications in this state")] = None,
    service_id: Annotated[str | None, Query()] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[ApplicationOut]:
    """Needs a token with `applications:read`; lists only the caller's agency's applications,
    newest submission first, each as `getApplication` returns it. Filter by `state` (an enum:
    any other value is a 422, not an empty page) and `service_id`. Pages by `limit` (1–500,
    default 50) and the opaque `cursor`: pass `next_cursor` back until it is null; an edited
    cursor is a 422 or a page of your own data, never another's (docs/api.md §1, Pages)."""
    position = decode_cursor(cursor, KeysetPosition)
    after = (position.at.isoformat(), position.id) if position else None
    async with units(runtime)() as uow:
        found = await uow.applications.find(
            agency_id=agency_id,
            state=state.value if state else None,
            service_id=service_id,
            after=after,
            limit=limit,
        )
    last = found[-1] if len(found) == limit else None
    next_cursor = (
        encode_cursor({"at": last.submitted_at.isoformat(), "id": last.id}) if last else None
    )
    return Page(
        items=[ApplicationOut.of(application) for application in found], next_cursor=next_cursor
    )


@router.get(
    "/{application_id}",
    summary="One application, its evidence, decision and timeline",
    operation_id="getApplication",
    responses={404: problem_response("No such application of this agency")},
)
async def get(
    application_id: str, _: Reader, agency_id: auth.AgencyDep, runtime: RuntimeDep
) -> ApplicationOut:
    """Needs `applications:read`. The evidence by type with its status, the decision
    (`outcome`, `by`: `rules`, `officer` or `sla`, reasons in Persian and English) once there
    is one, and every state change in the timeline. Another agency's application is the same
    404 as an unknown id, so its existence does not leak (docs/api.md §4)."""
    async with units(runtime)() as uow:
        application = await services.own_application(
            uow, agency_id=agency_id, application_id=application_id, lock=False
        )
    return ApplicationOut.of(application)


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
    application_id: str,
    body: ReviewIn,
    principal: Reviewer,
    agency_id: auth.AgencyDep,
    runtime: RuntimeDep,
) -> ApplicationOut:
    """Needs `applications:review` (a token with only `applications:write` is a 403). Only an
    application in `needs_review` can be decided: any other state is a 409 `illegal-state`
    naming the current one, and another agency's application is a 404. The decision is
    recorded `by: "officer"`, with the token's client as the officer and `reason` as its
    reason, and announced like any decision; the answer is the decided application."""
    application = await services.review(
        units(runtime),
        agency_id=agency_id,
        application_id=application_id,
        outcome=body.outcome,
        reason=body.reason,
        officer=principal.client_id,
    )
    return ApplicationOut.of(application)


@router.post(
    "/{application_id}/cancel",
    summary="Cancel an undecided application",
    operation_id="cancelApplication",
    responses={
        404: problem_response("No such application of this agency"),
        409: problem_response("The application is already decided"),
    },
)
async def cancel(
    application_id: str, _: Writer, agency_id: auth.AgencyDep, runtime: RuntimeDep
) -> ApplicationOut:
    """Needs `applications:write`. Any state before a decision can be cancelled (`submitted`,
    `collecting_evidence`, `awaiting_applicant`, `evaluating`, `needs_review`); a decided,
    failed or already cancelled application is a 409 `illegal-state`, and another agency's
    is a 404. The answer is the application, now `cancelled`; the change is announced as an
    event, so the status page and webhooks see it."""
    application = await services.cancel(
        units(runtime), agency_id=agency_id, application_id=application_id
    )
    return ApplicationOut.of(application)
