"""Who actually sends an SMS: one interface, an HTTP provider and the sandbox one.

`reference` is our message id: the provider echoes it in its delivery receipts, and a
provider that deduplicates by it turns a resend (at least once: a crash after the send and
before it was recorded) into no second message.
"""

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import aiohttp
from pydantic import SecretStr

from notification_service.sms.uow import SmsUnitOfWork

KEY_HEADER = "Authorization"


@dataclass(frozen=True)
class ProviderReceipt:
    """The provider took the message; its own id for it (for receipts and support)."""

    provider_reference: str


class ProviderError(Exception):
    """The provider did not take the message; `transient` ones are tried again later."""

    def __init__(self, reason: str, *, transient: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


class SmsProvider(Protocol):
    async def send(self, to: str, text: str, *, reference: str) -> ProviderReceipt:
        """Hand the message over; ProviderError if it was not taken."""

    async def aclose(self) -> None: ...


class SandboxSmsProvider:
    """Keeps what it "sent" in `sms_sandbox_messages` (GET /v1/sandbox/sms shows it)."""

    def __init__(self, uow: Callable[[], SmsUnitOfWork], *, clock: Callable[[], dt.datetime]):
        self._uow = uow
        self._clock = clock

    async def send(self, to: str, text: str, *, reference: str) -> ProviderReceipt:
        async with self._uow() as uow:
            await uow.sms.sandbox_add(mobile=to, text=text, reference=reference, at=self._clock())
            await uow.commit()
        return ProviderReceipt(provider_reference=f"sandbox-{reference}")

    async def aclose(self) -> None:
        """Nothing held."""


class HttpSmsProvider:
    """An SMS gateway over HTTP: `POST {base}/messages` with a bearer key.

    Body `{"to", "text", "reference"}`; a 2xx answers `{"id"}`. A 5xx, 429, timeout or
    unreachable provider is transient (tried again); any other 4xx is not. The key is a
    SecretStr, read only into the header: it never reaches a log line or an error text.
    Build it inside the running loop (the lifespan): the session belongs to it.
    """

    def __init__(self, *, base_url: str, api_key: SecretStr, timeout_seconds: float) -> None:
        self._url = base_url.rstrip("/") + "/messages"
        self._api_key = api_key
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=timeout_seconds, connect=min(timeout_seconds, 3))
        )

    async def send(self, to: str, text: str, *, reference: str) -> ProviderReceipt:
        headers = {KEY_HEADER: f"Bearer {self._api_key.get_secret_value()}"}
        body = {"to": to, "text": text, "reference": reference}
        try:
            async with self._session.post(self._url, json=body, headers=headers) as response:
                status = response.status
                answer = await response.json(content_type=None) if status < 300 else None
        except TimeoutError as error:  # aiohttp's timeouts are TimeoutErrors
            raise ProviderError("provider timed out", transient=True) from error
        except (aiohttp.ClientError, ValueError) as error:
            raise ProviderError(
                f"provider unreachable: {type(error).__name__}", transient=True
            ) from error
        if status >= 300:
            raise ProviderError(f"provider answered {status}", transient=_transient(status))
        if not isinstance(answer, dict) or not answer.get("id"):
            raise ProviderError("provider answered without a message id", transient=True)
        return ProviderReceipt(provider_reference=str(answer["id"]))

    async def aclose(self) -> None:
        await self._session.close()
        await asyncio.sleep(0)  # lets the transports close before the loop goes (aiohttp)


def _transient(status: int) -> bool:
    return status >= 500 or status in (408, 429)
