"""Routes of the citizen's own views (`auth.Citizen`: a citizen token, the person from it)
and of the disputes the legal-basis office reads and answers (API.md, Citizens)."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query

from panjereh import auth
from panjereh.web.openapi import problem_response
from panjereh.web.pagination import Cursor, Limit
from status_service import history
from status_service.citizen import services
from status_service.citizen.schemas import (
    DecisionRequest,
    DisputeRequest,
    DisputeView,
    MyAccessLog,
    MyApplications,
    OversightDispute,
    OversightDisputes,
)
from status_service.state import StatusRuntime

router = APIRouter(prefix="/v1/citizen", tags=["citizen"])
oversight = APIRouter(prefix="/v1/oversight", tags=["oversight"])
EntryId = Annotated[str, Path(max_length=64, description="The access log entry's `id`")]
DisputeId = Annotated[str, Path(max_length=36, description="The dispute's `id`")]
Office = Annotated[auth.Principal, Depends(auth.require("catalog:approve"))]


@router.get(
    "/applications",
    summary="Every application of mine, across agencies",
    operation_id="listMyApplications",
)
async def my_applications(
    runtime: StatusRuntime, citizen: auth.Citizen, limit: Limit = 50, cursor: Cursor = None
) -> MyApplications:
    """Needs a citizen token (scope `citizen`, from `POST /v1/citizen/token`); an agency's
    token is a 403. Every application of the signed-in person at any agency, newest
    submission first, with its state, its labels in Persian and English and its SLA; open
    one with `getMyApplication`. Pages by `limit` and `cursor` (docs/api.md §8)."""
    return await services.my_applications(runtime, citizen, limit=limit, cursor=cursor)


@router.get(
    "/access-log",
    summary="Every inquiry about me, across agencies and paths, with its flags",
    operation_id="listMyAccessLog",
)
async def my_access_log(
    runtime: StatusRuntime, citizen: auth.Citizen, limit: Limit = 50, cursor: Cursor = None
) -> MyAccessLog:
    """Needs a citizen token (scope `citizen`); an agency's token is a 403. Every inquiry about
    the signed-in person by any agency and any path, newest first, each with its dispute if
    any. `flags`: `no-open-application` (fetched while I had no open application at that
    agency), `refused`, `disputed`. Pages by `limit` and `cursor` (docs/api.md §8)."""
    return await services.my_access_log(runtime, citizen, limit=limit, cursor=cursor)


@router.post(
    "/access-log/{entry_id}/dispute",
    status_code=201,
    summary="Dispute one fetch of my data (to the legal-basis office)",
    operation_id="disputeAccessEntry",
    responses={
        404: problem_response("No such entry in my access log (another person's alike)"),
        409: problem_response("The entry is disputed already (the answer names the dispute)"),
    },
)
async def dispute(
    entry_id: EntryId, body: DisputeRequest, runtime: StatusRuntime, citizen: auth.Citizen
) -> DisputeView:
    """Needs a citizen token (scope `citizen`). Opens a dispute for the legal-basis office (201,
    state `open`), announced as `citizen.dispute_opened` with the code masked. 404 for an
    entry that is not mine (or none), alike; 409 if it is disputed already, naming that
    dispute; 422 for an empty or over-long `reason`."""
    return await services.open_dispute(runtime, citizen, entry_id=entry_id, reason=body.reason)


@oversight.get(
    "/disputes",
    summary="Citizens' disputes of fetches (the office, operators)",
    operation_id="listDisputes",
)
async def list_disputes(
    runtime: StatusRuntime,
    principal: history.Overseer,
    state: Annotated[Literal["open", "upheld", "rejected"] | None, Query()] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> OversightDisputes:
    """Needs `catalog:approve` (the office) or `compliance:read` (operators); any other token
    is a 403. Citizens' disputes, newest first, each with the disputed access entry and the
    person's code masked; filter by `state` (`open` is the work waiting). Pages by `limit`
    and `cursor`. Only the office answers them (`decideDispute`)."""
    return await services.for_oversight(runtime, principal, state=state, limit=limit, cursor=cursor)


@oversight.post(
    "/disputes/{dispute_id}/decision",
    summary="Answer a dispute (the legal-basis office)",
    operation_id="decideDispute",
    responses={
        404: problem_response("No such dispute"),
        409: problem_response("The dispute is answered already"),
    },
)
async def decide(
    dispute_id: DisputeId, body: DecisionRequest, runtime: StatusRuntime, principal: Office
) -> OversightDispute:
    """Only the legal-basis office (`catalog:approve`); an operator's token reads disputes but
    cannot answer them (403). `upheld` or `rejected`, with a `note` the person reads; the
    answer is announced as `citizen.dispute_decided`. 404 for an unknown dispute, 409 for
    one answered already."""
    return await services.decide(
        runtime, principal, dispute_id=dispute_id, decision=body.decision, note=body.note
    )
