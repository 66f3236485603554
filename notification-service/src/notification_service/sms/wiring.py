"""The SMS half's place in the service: its routes, its consumer and its sender.

The embedded mode may set `app.state.inquiry_transport` (an httpx ASGI transport to the
gateway) before the lifespan, so the Shahkar inquiry stays in-process there.
"""

import datetime as dt
from collections.abc import Callable, Sequence

from fastapi import APIRouter

from notification_service.parts import Parts, Wiring
from notification_service.sms import api, handlers, otp
from notification_service.sms.providers import HttpSmsProvider, SandboxSmsProvider, SmsProvider
from notification_service.sms.sender import SmsSender
from notification_service.sms.settings import SmsProviderKind, SmsSettings
from notification_service.sms.shahkar import ShahkarClient
from notification_service.sms.uow import SmsUnitOfWork
from panjereh import consumers


def routers() -> Sequence[APIRouter]:
    """GET /v1/sandbox/sms, POST /v1/sms/receipts and the internal one-time code route."""
    return (api.router, otp.router)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def lifespan_parts(wiring: Wiring) -> Parts:
    """The SMS consumer (consumer "notification-sms") and its sender."""
    settings = wiring.settings
    make = wiring.runtime.uow_of(SmsUnitOfWork)
    sender: SmsSender | None = None

    def units() -> SmsUnitOfWork:
        uow = make()
        if sender is not None:
            uow.wake_sender = sender.wake
        return uow

    shahkar = ShahkarClient(
        base_url=settings.sms_inquiry_url,
        client_id=settings.sms_client_id,
        client_secret=settings.sms_client_secret,
        purpose_service_id=settings.sms_purpose_service_id,
        timeout_seconds=settings.sms_timeout_seconds,
        clock=now,
        transport=getattr(wiring.app.state, "inquiry_transport", None),
    )
    sms_provider = provider(settings, units)
    # One-time login codes share the sender's Shahkar client and provider (it closes them).
    otp.SLOT.put(wiring.app, otp.OtpSms(shahkar=shahkar, provider=sms_provider))
    sender = SmsSender(
        uow=units,
        provider=sms_provider,
        shahkar=shahkar,
        box=wiring.secrets,
        quiet=settings.quiet_hours,
        batch=settings.sms_sender_batch,
        concurrency=settings.sms_sender_concurrency,
        poll_seconds=settings.sms_sender_poll_seconds,
        clock=now,
    )
    table = handlers.table(
        box=wiring.secrets, public_base_url=settings.sms_public_base_url, clock=now
    )
    subscription = consumers.subscription(table, consumer=handlers.CONSUMER, uow_factory=units)
    return Parts(subscriptions=[subscription], workers=[sender])


def provider(settings: SmsSettings, units: Callable[[], SmsUnitOfWork]) -> SmsProvider:
    """The provider the settings name (production refuses the sandbox: settings.py)."""
    if settings.sms_provider is SmsProviderKind.HTTP and settings.sms_http_base_url:
        return HttpSmsProvider(
            base_url=settings.sms_http_base_url,
            api_key=settings.sms_http_api_key,
            timeout_seconds=settings.sms_timeout_seconds,
        )
    return SandboxSmsProvider(units, clock=now)
