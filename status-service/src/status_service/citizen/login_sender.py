"""Hands each requested one-time code to the notification service, after the request was
answered: the 202 never waits on Shahkar or the SMS provider, and says nothing of either.

A round leases the due rows and makes each its code (only the code's HMAC is written), commits,
then, with no transaction open, hands every code over (`Courier`), the code in memory only;
then records each outcome. A sender that dies between the two leaves a lease that runs out:
the next round makes a new code for that row (the old one was never sent, or its SMS carries
a code that no longer opens anything).

The hand-over is the notification service's internal `POST /internal/citizen-otp-sms` (not
routed by the gateway, not in the public document), with the status service's own token
(scope `otp:send`, client credentials at the gateway); never the bus, so the code is never
on Kafka.
"""

import asyncio
import datetime as dt
import logging
import secrets
from collections.abc import Callable, Sequence
from typing import Protocol

import httpx
from prometheus_client import Counter
from pydantic import SecretStr

from panjereh import identity
from panjereh.background import Loop
from panjereh.client_credentials import ClientCredentials
from status_service.citizen import login_domain
from status_service.citizen.login_domain import HandOver, Login
from status_service.citizen.login_repository import LoginUnitOfWork

log = logging.getLogger(__name__)
HANDOVER_PATH = "/internal/citizen-otp-sms"
SEND_SCOPE = "otp:send"
HANDED = Counter(
    "panjereh_citizen_otp_handovers_total",
    "One-time codes handed to the SMS sender, by outcome (sent, not_sent, unavailable)",
    ["outcome"],
)


class Courier(Protocol):
    async def hand_over(
        self, *, national_code: str, mobile: str, code: str, valid_seconds: int, reference: str
    ) -> HandOver:
        """Ask the notification service to send `code` if Shahkar confirms the mobile."""

    async def aclose(self) -> None: ...


class NotificationCourier:
    """Over HTTP to the notification service (in-process transports in the embedded mode)."""

    def __init__(
        self,
        *,
        notification_url: str,
        gateway_url: str,
        client_id: str,
        client_secret: SecretStr,
        timeout_seconds: float,
        clock: Callable[[], dt.datetime],
        notification_transport: httpx.AsyncBaseTransport | None = None,
        gateway_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=notification_url.rstrip("/"),
            timeout=timeout_seconds,
            transport=notification_transport,
        )
        self._gateway = httpx.AsyncClient(
            base_url=gateway_url.rstrip("/"), timeout=timeout_seconds, transport=gateway_transport
        )
        self._token = ClientCredentials(
            self._gateway,
            client_id=client_id,
            client_secret=client_secret,
            scope=SEND_SCOPE,
            clock=clock,
        )

    async def hand_over(
        self, *, national_code: str, mobile: str, code: str, valid_seconds: int, reference: str
    ) -> HandOver:
        body = {
            "national_code": national_code,
            "mobile": mobile,
            "code": code,
            "valid_seconds": valid_seconds,
            "reference": reference,
        }
        try:
            headers = {"Authorization": f"Bearer {await self._token.bearer()}"}
            response = await self._http.post(HANDOVER_PATH, json=body, headers=headers)
        except httpx.HTTPError as error:
            log.warning("one-time code hand-over failed: %s", type(error).__name__)
            return "unavailable"
        if response.status_code == 401:
            self._token.forget()
        if response.status_code != 200:
            log.warning("one-time code hand-over answered %s", response.status_code)
            return "unavailable"
        outcome = response.json().get("outcome")
        return outcome if outcome in ("sent", "not_sent") else "unavailable"

    async def aclose(self) -> None:
        await self._http.aclose()
        await self._gateway.aclose()


class LoginSender(Loop):
    def __init__(
        self,
        *,
        uow: Callable[[], LoginUnitOfWork],
        courier: Courier,
        key: bytes,
        poll_seconds: float,
        batch: int,
        clock: Callable[[], dt.datetime],
    ) -> None:
        super().__init__(name="citizen-otp-sender", poll_seconds=poll_seconds)
        self._uow = uow
        self._courier = courier
        self._key = key
        self._batch = batch
        self._clock = clock

    async def stop(self) -> None:
        await super().stop()
        await self._courier.aclose()

    async def round(self) -> bool:
        now = self._clock()
        codes: dict[str, str] = {}
        async with self._uow() as uow:
            leased = await uow.logins.due(now=now, limit=self._batch)
            issued = []
            for login in leased:
                if login.national_code is None or login.mobile is None:
                    continue
                code = login_domain.new_code()
                codes[login.subject] = code
                digest = login_domain.digest(self._key, subject=login.subject, code=code)
                issued.append(login_domain.issued(login, code_digest=digest, now=now))
            for login in issued:
                await uow.logins.put(login)
            await uow.commit()
        if not issued:
            return False
        outcomes = await asyncio.gather(
            *(self._hand(login, codes[login.subject]) for login in issued)
        )
        await self._record(issued, outcomes)
        return len(leased) == self._batch

    async def _hand(self, login: Login, code: str) -> HandOver:
        assert login.national_code is not None and login.mobile is not None
        outcome = await self._courier.hand_over(
            national_code=login.national_code,
            mobile=login.mobile,
            code=code,
            valid_seconds=int(login_domain.VALID_FOR.total_seconds()),
            reference=f"otp-{secrets.token_hex(12)}",
        )
        HANDED.labels(outcome).inc()
        if outcome != "sent":
            log.info(
                "one-time code for %s not handed over: %s",
                identity.mask(login.national_code),
                outcome,
            )
        return outcome

    async def _record(self, issued: Sequence[Login], outcomes: Sequence[HandOver]) -> None:
        now = self._clock()
        async with self._uow() as uow:
            for login, outcome in zip(issued, outcomes, strict=True):
                current = await uow.logins.get(login.subject)
                # Redeemed meanwhile, or replaced by a new request: leave that row be (tries
                # spent meanwhile stay spent).
                if (
                    current is None
                    or current.state != "handing"
                    or current.code_digest != login.code_digest
                ):
                    continue
                await uow.logins.put(login_domain.handed_over(current, outcome, now=now))
            await uow.commit()
