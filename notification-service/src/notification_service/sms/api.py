"""Routes of the SMS half: the sandbox's sent messages, and providers' delivery receipts."""

import datetime as dt
import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Query

from notification_service.sms import services
from notification_service.sms.schemas import ReceiptIn, ReceiptOut, SandboxSmsOut
from notification_service.sms.settings import SmsSettings
from notification_service.sms.uow import SmsUnitOfWork
from panjereh import identity, jalali
from panjereh.problems import FieldError, ProblemError
from panjereh.web.deps import RuntimeDep
from panjereh.web.pagination import Cursor, Limit, Page, SeqPosition, decode_cursor, encode_cursor

router = APIRouter()
RECEIPT_SECRET_HEADER = "X-SMS-Receipt-Secret"  # noqa: S105 (a header name)
MobileQuery = Annotated[str, Query(description="09… (Persian or Arabic-Indic digits too)")]
ReceiptSecret = Annotated[str | None, Header(alias=RECEIPT_SECRET_HEADER)]


@router.get(
    "/v1/sandbox/sms", tags=["sandbox"], summary="What the sandbox SMS provider sent (embedded/dev)"
)
async def sandbox_sms(
    mobile: MobileQuery, runtime: RuntimeDep, limit: Limit = 50, cursor: Cursor = None
) -> Page[SandboxSmsOut]:
    """Embedded/dev only, no token needed; a 404 outside the embedded/dev profiles. The
    messages the sandbox provider "sent" to `mobile` (any digits; normalised), oldest first:
    the applicants' state-change SMS and the citizens' one-time codes. Pages by `limit` and
    `cursor`."""
    if not runtime.settings.is_demo:
        raise ProblemError(404, "not-found", "No such endpoint.", "چنین نشانی‌ای وجود ندارد.")
    number = _mobile(mobile)
    position = decode_cursor(cursor, SeqPosition)
    async with runtime.uow_of(SmsUnitOfWork)() as uow:
        rows = await uow.sms.sandbox_page(
            mobile=number, after_seq=position.seq if position else 0, limit=limit
        )
    items = [
        SandboxSmsOut(
            mobile=row.mobile,
            text=row.text,
            reference=row.reference,
            sent_at=row.sent_at,
            sent_at_jalali=jalali.to_jalali(row.sent_at),
        )
        for row in rows
    ]
    next_cursor = encode_cursor({"seq": rows[-1].seq}) if len(rows) == limit else None
    return Page(items=items, next_cursor=next_cursor)


@router.post("/v1/sms/receipts", tags=["sms"], summary="A provider's delivery receipt")
async def receipt(body: ReceiptIn, runtime: RuntimeDep, secret: ReceiptSecret = None) -> ReceiptOut:
    """For the SMS provider, not for agencies: no bearer token (public at the gateway), but
    authenticated by the shared secret in X-SMS-Receipt-Secret (401 without it or with a
    wrong one); 404 for a reference that is none of ours. Repeating a receipt changes
    nothing."""
    settings = runtime.settings
    expected = settings.sms_receipt_secret if isinstance(settings, SmsSettings) else None
    if expected is None or not hmac.compare_digest(
        (secret or "").encode(), expected.get_secret_value().encode()
    ):
        raise ProblemError(
            401, "unauthorized", "A valid receipt secret is required.", "رمز رسید معتبر نیست."
        )
    message = await services.take_receipt(
        runtime.uow_of(SmsUnitOfWork),
        reference=body.reference,
        delivered=body.status == "delivered",
        at=body.at or dt.datetime.now(dt.UTC),
    )
    if message is None:
        raise ProblemError(404, "not-found", "No such message.", "چنین پیامکی یافت نشد.")
    return ReceiptOut(id=message.id, status=message.status)


def _mobile(value: str) -> str:
    try:
        return identity.normalize_mobile(value)
    except identity.InvalidMobile as error:
        raise ProblemError(
            422,
            "validation",
            "The mobile number is not valid (09xxxxxxxxx).",
            "شماره همراه معتبر نیست (۰۹xxxxxxxxx).",
            errors=[FieldError("mobile", str(error))],
        ) from error
