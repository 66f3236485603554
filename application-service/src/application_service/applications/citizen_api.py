"""The applicant's own routes (scope `citizen`): one application as they see it, and their
answer to its preview (thin: the work is in citizen_services.py and preview.py)."""

from typing import Any

from fastapi import APIRouter

from application_service.applications import citizen_services
from application_service.applications.citizen_schemas import CitizenApplication, ObjectionIn
from application_service.uow import units
from panjereh import auth
from panjereh.web.deps import RuntimeDep
from panjereh.web.openapi import problem_response

router = APIRouter(prefix="/v1/citizen/applications", tags=["citizen"])
_MINE: dict[int | str, dict[str, Any]] = {
    404: problem_response("Not one of the signed-in person's applications (or none such)")
}
_WAITING: dict[int | str, dict[str, Any]] = {
    **_MINE,
    409: problem_response("`illegal-state`: the application is not awaiting its applicant"),
}


@router.get(
    "/{application_id}",
    summary="One of my applications: its state, what was fetched about me, its preview",
    operation_id="getMyApplication",
    responses=_MINE,
)
async def mine(
    application_id: str, citizen_: auth.Citizen, runtime: RuntimeDep
) -> CitizenApplication:
    """Needs a citizen token (scope `citizen`, from `POST /v1/citizen/token`); an agency's token
    is a 403. The fetched fields are the ones the service's rules may use, as the application
    holds them: what the applicant sees is exactly what will be used. An application of
    another person is the same 404 as an unknown id (docs/api.md §8)."""
    application, service = await citizen_services.view(
        units(runtime), national_code=_code(citizen_), application_id=application_id
    )
    return CitizenApplication.of(application, service)


@router.post(
    "/{application_id}/confirm",
    summary="Confirm the fetched information: the rules decide on it now",
    operation_id="confirmMyApplication",
    responses=_WAITING,
)
async def confirm(
    application_id: str, citizen_: auth.Citizen, runtime: RuntimeDep
) -> CitizenApplication:
    """Needs a citizen token (scope `citizen`). For a service with a preview, while the
    application is `awaiting_applicant`: it moves to `evaluating` and the rules decide on the
    fetched fields as shown. In any other state it is a 409 `illegal-state`; another person's
    application is a 404. Answers the application as `getMyApplication` does."""
    application, service = await citizen_services.confirm(
        units(runtime), national_code=_code(citizen_), application_id=application_id
    )
    return CitizenApplication.of(application, service)


@router.post(
    "/{application_id}/object",
    summary="Report fetched information wrong: an officer reviews the application",
    operation_id="objectToMyApplication",
    responses=_WAITING,
)
async def object_to(
    application_id: str, body: ObjectionIn, citizen_: auth.Citizen, runtime: RuntimeDep
) -> CitizenApplication:
    """Needs a citizen token (scope `citizen`). While the application is `awaiting_applicant`,
    the applicant names the evidence type that is wrong and says why: the application moves to
    `needs_review` and an officer of the agency reads the objection. An evidence type the
    application did not fetch is a 422 that lists the ones it did; any other state is a 409
    `illegal-state`; another person's application is a 404."""
    application, service = await citizen_services.object_to(
        units(runtime),
        national_code=_code(citizen_),
        application_id=application_id,
        evidence_type=body.evidence_type,
        reason=body.reason,
    )
    return CitizenApplication.of(application, service)


def _code(principal: auth.Principal) -> str:
    assert principal.national_code is not None  # auth.Citizen guarantees it
    return principal.national_code
