"""Routes of the one-time code: `POST /v1/citizen/otp` (public) and the gateway's internal
redemption (not routed by the gateway, not in the public document)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from panjereh import auth
from panjereh.problems import ProblemError
from status_service import guard
from status_service.citizen import login, login_wiring
from status_service.citizen.schemas import OtpAccepted, OtpRequest, Redeemed, RedeemRequest

router = APIRouter(prefix="/v1/citizen", tags=["citizen"])
internal = APIRouter(prefix="/internal", include_in_schema=False)
# Only the gateway mints a token with this scope (for itself): no OAuth client can hold it,
# since the client registry knows only auth.SCOPES.
REDEEM_SCOPE = "otp:redeem"


Desk = Annotated[login.LoginDesk, Depends(login_wiring.DESK)]


@router.post(
    "/otp",
    status_code=202,
    operation_id="requestLoginCode",
    summary="Ask for a one-time login code by SMS (always 202)",
    responses={429: {"description": "Too many requests from this client (says nothing of anyone)"}},
)
async def ask_for_code(body: OtpRequest, request: Request, desk: Desk) -> OtpAccepted:
    """Public: no token needed (the person holds none yet). The six-digit code goes only to a
    mobile that Shahkar confirms for that national code; the answer is the same 202 either
    way, and comes before any of it is asked. A code lives two minutes and allows five
    tries; past a person's budget a request quietly changes nothing, and a client's
    requests are limited (429). Redeem it at
    `POST /v1/citizen/token`; in the sandbox, read it at `GET /v1/sandbox/sms`."""
    await desk.per_client.admit(guard.client_of(request))
    await login.ask(desk, national_code=body.national_code, mobile=body.mobile)
    return OtpAccepted()


async def _gateway(
    principal: Annotated[auth.Principal, Depends(auth.current_principal)],
) -> auth.Principal:
    # Not auth.require: this route is none of the edge's (routing.SCOPE_RULES), only the
    # gateway's own call, with a scope only the gateway can give itself.
    if REDEEM_SCOPE not in principal.scopes:
        raise ProblemError(403, "insufficient-scope", "Not the gateway.", "درگاه نیست.")
    return principal


@internal.post("/citizen-otp/redeem")
async def redeem_code(
    body: RedeemRequest, desk: Desk, _: Annotated[auth.Principal, Depends(_gateway)]
) -> Redeemed:
    """200 when the code opens a session (once); one 400 for every other case."""
    if not await login.redeem(desk, national_code=body.national_code, code=body.code):
        raise ProblemError(
            400, "code-refused", "That code does not open a session.", "این کد نشستی باز نمی‌کند."
        )
    return Redeemed(national_code=body.national_code)
