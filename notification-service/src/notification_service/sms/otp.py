"""One-time login codes by SMS (issue 17), handed over by the status service.

`POST /internal/citizen-otp-sms` is internal: the gateway routes no `/internal` path, and it
is not in the public document. Only a token with the scope `otp:send` opens it, which the
gateway's client registry gives the status service's own client alone (never an agency's).
The code is in the request body and the SMS text only: it is never stored here (outside
the sandbox provider's own table, which is the sandbox's "phone"), put on the bus or logged.

The code goes only to the mobile Shahkar confirms for the national code (the match is a real
inquiry under the platform's legal basis, so it shows in the person's access history). It
goes at once, at any hour: quiet hours hold only what the person did not ask for.
"""

import logging
from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from notification_service.sms.providers import ProviderError, SmsProvider
from notification_service.sms.shahkar import Confirmer
from panjereh import auth, digits, identity
from panjereh.problems import ProblemError
from panjereh.web.state import Slot

log = logging.getLogger(__name__)
SEND_SCOPE = "otp:send"
router = APIRouter(prefix="/internal", include_in_schema=False)

Outcome = Literal["sent", "not_sent", "unavailable"]


class OtpSmsIn(BaseModel):
    national_code: identity.NationalCode
    mobile: identity.Mobile
    code: Annotated[str, Field(pattern=r"^[0-9]{6}$")]
    valid_seconds: Annotated[int, Field(ge=30, le=600)]
    reference: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{8,64}$")]


class OtpSmsOut(BaseModel):
    outcome: Outcome


def text(code: str, *, valid_seconds: int) -> str:
    """Persian first, Persian digits: the code, how long it holds, and not to pass it on."""
    minutes = digits.to_persian(str(max(valid_seconds // 60, 1)))
    return (
        f"پنجره ملی خدمات: کد ورود شما {digits.to_persian(code)}\n"
        f"تا {minutes} دقیقه معتبر است. آن را به هیچ‌کس ندهید."
    )


class OtpSms:
    """Shahkar's match, then the provider; the sender's own clients, shared."""

    def __init__(self, *, shahkar: Confirmer, provider: SmsProvider) -> None:
        self._shahkar = shahkar
        self._provider = provider

    async def send(self, message: OtpSmsIn) -> Outcome:
        match = await self._shahkar.confirm(
            national_code=message.national_code, mobile=message.mobile
        )
        if match != "confirmed":
            return "not_sent" if match == "mismatch" else "unavailable"
        try:
            await self._provider.send(
                message.mobile,
                text(message.code, valid_seconds=message.valid_seconds),
                reference=message.reference,
            )
        except ProviderError as error:
            log.warning("one-time code SMS not taken: %s", error.reason)
            return "unavailable" if error.transient else "not_sent"
        return "sent"


async def _status_service(
    principal: Annotated[auth.Principal, Depends(auth.current_principal)],
) -> auth.Principal:
    # Not auth.require: the edge routes none of this (routing.SCOPE_RULES names no /internal).
    if SEND_SCOPE not in principal.scopes:
        raise ProblemError(
            403, "insufficient-scope", f"The token lacks the scope {SEND_SCOPE}.", "دسترسی نیست."
        )
    return principal


# Made in the SMS half's lifespan (sms.wiring), which shares its Shahkar client and provider.
SLOT: Slot[OtpSms] = Slot("otp_sms")


@router.post("/citizen-otp-sms")
async def send_code(
    body: OtpSmsIn,
    otp: Annotated[OtpSms, Depends(SLOT)],
    _: Annotated[auth.Principal, Depends(_status_service)],
) -> OtpSmsOut:
    """`sent`, `not_sent` (the mobile is not theirs, or the provider refused it for good) or
    `unavailable` (try again with a new code)."""
    return OtpSmsOut(outcome=await otp.send(body))
