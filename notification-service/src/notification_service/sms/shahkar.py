"""The Shahkar match, asked the way every other fetch of a person's records is asked.

The notification service is a client of the platform like an agency's backend: it takes a
token with its own client credentials and calls `POST /v1/inquiries` for the
`mobile-ownership` evidence, under the legal basis the legal-basis office approved for the
platform's "applicant-notifications" service — so the inquiry service checks that basis,
audits the fetch and the person sees it in their access log. It names no application as
the purpose's (it is not the platform agency's application, and the inquiry service would
rightly refuse it). Any failure is "unavailable": the message waits and is tried again.
"""

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, Protocol

import httpx
from pydantic import SecretStr

from notification_service.sms import domain
from panjereh.client_credentials import ClientCredentials

log = logging.getLogger(__name__)
EVIDENCE_TYPE = "mobile-ownership"
SCOPE = "inquiries:read"


class Confirmer(Protocol):
    async def confirm(self, *, national_code: str, mobile: str) -> domain.Outcome:
        """Whether Shahkar registers `mobile` to `national_code`, or unavailable."""

    async def aclose(self) -> None: ...


class ShahkarClient:
    """Build it in the lifespan; `transport` lets the embedded mode call in-process."""

    def __init__(
        self,
        *,
        base_url: str,
        client_id: str,
        client_secret: SecretStr,
        purpose_service_id: str,
        timeout_seconds: float,
        clock: Callable[[], dt.datetime],
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"), timeout=timeout_seconds, transport=transport
        )
        self._purpose = purpose_service_id
        self._token = ClientCredentials(
            self._http, client_id=client_id, client_secret=client_secret, scope=SCOPE, clock=clock
        )

    async def confirm(self, *, national_code: str, mobile: str) -> domain.Outcome:
        """confirmed / mismatch from Shahkar's answer; unavailable if there was none."""
        try:
            answer = await self._inquire(national_code=national_code, mobile=mobile)
        except httpx.HTTPError as error:
            log.warning("Shahkar inquiry failed: %s", type(error).__name__)
            return "unavailable"
        if answer is None:
            return "unavailable"
        data = answer.get("data")
        return domain.outcome_of_inquiry(
            str(answer.get("status")), data if isinstance(data, dict) else None
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _inquire(self, *, national_code: str, mobile: str) -> dict[str, Any] | None:
        body = {
            "evidence_type": EVIDENCE_TYPE,
            "national_code": national_code,
            "mobile": mobile,
            "purpose": {"service_id": self._purpose},
        }
        response = await self._http.post(
            "/v1/inquiries",
            json=body,
            headers={"Authorization": f"Bearer {await self._token.bearer()}"},
        )
        if response.status_code == 401:
            self._token.forget()  # expired or keys rotated: a new one next time
        if response.status_code != 200:
            # 403 means the platform's legal basis is missing or refused: never sent without.
            log.warning("Shahkar inquiry answered %s", response.status_code)
            return None
        answer: dict[str, Any] = response.json()
        return answer
