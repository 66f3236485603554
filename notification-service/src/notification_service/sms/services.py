"""Use cases of the SMS half's routes: each opens its unit of work and commits it."""

import datetime as dt
from collections.abc import Callable

from notification_service.sms import domain
from notification_service.sms.uow import SmsUnitOfWork


async def take_receipt(
    units: Callable[[], SmsUnitOfWork], *, reference: str, delivered: bool, at: dt.datetime
) -> domain.Message | None:
    """Record a provider's delivery receipt for our message; None if it is none of ours
    (a receipt again changes nothing)."""
    async with units() as uow:
        message = await uow.sms.receipt(reference=reference, delivered=delivered, at=at)
        await uow.commit()
    return message
