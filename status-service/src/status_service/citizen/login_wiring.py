"""The one-time code's place in the status service's lifespan: its desk and its sender.

The embedded mode may set `app.state.otp_transports` ({"notification": …, "gateway": …},
httpx ASGI transports) before the lifespan, so the hand-over stays in-process there; a
test may set `app.state.otp_clock` (a callable returning an aware datetime) to drive the
codes' two minutes without waiting them out.
"""

import contextlib
import datetime as dt
from collections.abc import AsyncIterator

from fastapi import FastAPI

from panjereh.runtime import Runtime
from panjereh.web.state import Slot
from status_service.citizen import login
from status_service.citizen.login_repository import LoginUnitOfWork
from status_service.citizen.login_sender import LoginSender, NotificationCourier
from status_service.settings import StatusSettings

DESK: Slot[login.LoginDesk] = Slot("login_desk")  # what the one-time code's routes take


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@contextlib.asynccontextmanager
async def running(app: FastAPI, runtime: Runtime, settings: StatusSettings) -> AsyncIterator[None]:
    """The desk (`DESK`) for the routes, and the sender, for the service's life."""
    transports = getattr(app.state, "otp_transports", None) or {}
    clock = getattr(app.state, "otp_clock", None) or now
    key = settings.otp_key.get_secret_value().encode()
    courier = NotificationCourier(
        notification_url=settings.otp_notification_url,
        gateway_url=settings.otp_gateway_url,
        client_id=settings.otp_client_id,
        client_secret=settings.otp_client_secret,
        timeout_seconds=settings.otp_handover_timeout_seconds,
        clock=clock,
        notification_transport=transports.get("notification"),
        gateway_transport=transports.get("gateway"),
    )
    sender = LoginSender(
        uow=runtime.uow_of(LoginUnitOfWork),
        courier=courier,
        key=key,
        poll_seconds=settings.otp_sender_poll_seconds,
        batch=50,
        clock=clock,
    )
    desk = login.LoginDesk(
        key=key,
        budget=login.budget_of(settings),
        per_client=login.ClientLimit(settings.otp_requests_per_client),
        uow=runtime.uow_of(LoginUnitOfWork),
        clock=clock,
        wake_sender=sender.wake,
    )
    DESK.put(app, desk)
    sender.start()
    try:
        yield
    finally:
        await sender.stop()
