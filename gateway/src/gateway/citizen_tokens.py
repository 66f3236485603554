"""`POST /v1/citizen/token`: a person's one-time code for a short-lived citizen token.

The gateway is the only token signer, so the token endpoint is its own; the code is the
status service's (it sent it and keeps its HMAC and tries), so the gateway asks it to
redeem the code, on its internal route, with a token only the gateway can give itself.
Wrong, expired, dead and never-issued codes are one answer: "that code does not open a
session". Attempts are limited per client (its real address) before anything is asked.
"""

import datetime as dt
import json
import time

from fastapi import APIRouter, Request, Response
from limits import parse
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.storage import storage_from_string

from gateway import forwarded
from gateway import upstream as upstreams
from gateway.schemas import CitizenToken, CitizenTokenRequest
from gateway.settings import GatewaySettings
from gateway.state import GatewayState, StateDep
from panjereh import context, digits
from panjereh.problems import ProblemError
from panjereh.web.openapi import problem_response

router = APIRouter(tags=["citizen"])
REDEEM_PATH = "/internal/citizen-otp/redeem"
REDEEM_SCOPE = "otp:redeem"  # never an OAuth client's: the registry knows only auth.SCOPES
GATEWAY_CLIENT = "panjereh-gateway"


def _refused() -> ProblemError:
    return ProblemError(
        400,
        "code-refused",
        "That code does not open a session; ask for a new one if it has expired.",
        "این کد نشستی باز نمی‌کند؛ اگر منقضی شده است، کد تازه‌ای بخواهید.",
    )


class Attempts:
    """Redemptions per client, in the gateway's rate storage (shared when distributed)."""

    def __init__(self, settings: GatewaySettings) -> None:
        self._limiter = SlidingWindowCounterRateLimiter(
            storage_from_string(settings.rate_limit_storage)
        )
        self._limit = parse(settings.citizen_token_attempts_per_ip)

    async def admit(self, request: Request) -> None:
        key = f"citizen-token:{forwarded.client_address(request)}"
        if await self._limiter.hit(self._limit, key):
            return
        stats = await self._limiter.get_window_stats(self._limit, key)
        raise ProblemError(
            429,
            "rate-limited",
            "Too many login attempts from this client; try again later.",
            "تلاش‌های ورود از این دستگاه بیش از حد مجاز است؛ بعداً تلاش کنید.",
            headers={"Retry-After": str(max(int(stats.reset_time - time.time()), 1))},
        )


def _own_token(state: GatewayState) -> str:
    """The gateway's token for its internal call, kept until a minute before it expires."""
    issuer = state.keys.issuer
    held = state.redeem_token
    if held is None or held[1] <= time.time():
        token = issuer.issue(client_id=GATEWAY_CLIENT, agency_id=None, scopes=[REDEEM_SCOPE])
        held = (token, time.time() + issuer.ttl.total_seconds() - 60)
        state.redeem_token = held
    return held[0]


async def _redeemed(
    request: Request, state: GatewayState, *, national_code: str, code: str
) -> bool:
    status = state.clients["status"]
    body = json.dumps({"national_code": national_code, "code": code}).encode()
    headers = [
        ("content-type", "application/json"),
        ("authorization", f"Bearer {_own_token(state)}"),
        ("x-request-id", context.request_id.get() or ""),
        ("x-forwarded-for", forwarded.forwarded_for(request)),
    ]
    try:
        answer = await status.send("POST", REDEEM_PATH, headers, body)
    except (upstreams.UpstreamUnavailable, upstreams.UpstreamTimeout, upstreams.UpstreamBroken):
        raise ProblemError(
            503,
            "upstream-unavailable",
            "The login service is unavailable; please retry shortly.",
            "سرویس ورود در دسترس نیست؛ لطفاً کمی بعد دوباره تلاش کنید.",
            headers={"Retry-After": "2"},
        ) from None
    try:
        await answer.read()
    finally:
        await answer.close()
    return answer.status == 200


@router.post(
    "/v1/citizen/token",
    operation_id="issueCitizenToken",
    summary="A citizen token for the one-time code sent by SMS (POST /v1/citizen/otp)",
    responses={
        400: problem_response("`code-refused`: wrong, expired, spent or never sent"),
        429: problem_response("Too many attempts from this client"),
    },
)
async def citizen_token(
    body: CitizenTokenRequest, request: Request, response: Response, state: StateDep
) -> CitizenToken:
    """Public: no token needed; the national code and the six-digit code from the SMS of
    `POST /v1/citizen/otp` (Persian digits accepted). One 400 `code-refused` for a wrong,
    expired, spent or never-sent code; attempts are limited per client (429). The token
    lives at most 15 minutes, holds scope `citizen` only and the national code in its own
    claim, and opens only `/v1/citizen/…` (docs/api.md §8)."""
    await state.citizen_attempts.admit(request)
    code = digits.to_ascii(body.code.strip())
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        raise _refused()
    if not await _redeemed(request, state, national_code=body.national_code, code=code):
        raise _refused()
    issuer = state.keys.issuer
    ttl = dt.timedelta(seconds=min(state.settings.citizen_token_ttl_seconds, 900))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return CitizenToken(
        access_token=issuer.issue_citizen(national_code=body.national_code, ttl=ttl),
        expires_in=int(min(ttl, issuer.ttl).total_seconds()),
    )
