"""The application service with the inquiry service beside it, on one bus."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest_asyncio

from application_service.main import create_app as application_app
from application_service.settings import ApplicationSettings
from inquiry_service.main import create_app as inquiry_app
from inquiry_service.sandbox import personas
from inquiry_service.settings import InquirySettings
from panjereh.bus.base import MessageBus
from panjereh.bus.memory import InMemoryBus
from tests.support import VERIFIER, LifespanManager

FAST_INQUIRIES: dict[str, Any] = {
    "registry_timeout_seconds": 2.5,  # generous: a loaded test machine stalls the event loop
    "registry_attempts": 1,
    "registry_backoff_seconds": 0.01,
    "evidence_retry_budget": 2,
    "evidence_retry_base_seconds": 0.1,
    "sandbox_slow_seconds": 0.2,
    "outbox_poll_seconds": 0.05,
}


def persona(trait: str) -> personas.Persona:
    return next(p for p in personas.PERSONAS if trait in p.traits)


def submission(service_id: str, trait: str, **form: Any) -> dict[str, Any]:
    who = persona(trait)
    return {
        "service_id": service_id,
        "applicant": {"national_code": who.national_code, "mobile": who.mobile},
        "form": form,
    }


@dataclass
class Platform:
    applications: httpx.AsyncClient
    inquiries: httpx.AsyncClient
    application_app: Any

    async def decided(
        self, application_id: str, headers: dict[str, str], *, within: float = 120
    ) -> dict[str, Any]:
        """The application once it left the automatic steps (decided, referred or failed);
        generous: the first decision starts the rule pool's worker processes, slow when loaded."""
        async with asyncio.timeout(within):
            while True:
                response = await self.applications.get(
                    f"/v1/applications/{application_id}", headers=headers
                )
                latest: dict[str, Any] = response.json()
                if latest["state"] not in ("submitted", "collecting_evidence", "evaluating"):
                    return latest
                await asyncio.sleep(0.1)


def _client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://svc")


@contextlib.asynccontextmanager
async def platform(
    *,
    application_db: str,
    inquiry_db: str,
    shared_bus: MessageBus | None = None,
    application_only: dict[str, Any] | None = None,
    inquiry_only: dict[str, Any] | None = None,
    **kafka: Any,
) -> AsyncIterator[Platform]:
    """Both services running: on `shared_bus` if given (in-process), else as settings say
    (`kafka` for both; `application_only`, `inquiry_only`: e.g. each one's credentials)."""
    app_settings = ApplicationSettings(
        database_url=application_db, outbox_poll_seconds=0.05, **kafka, **(application_only or {})
    )
    inq_settings = InquirySettings(
        database_url=inquiry_db, **FAST_INQUIRIES, **kafka, **(inquiry_only or {})
    )
    applications = application_app(app_settings, bus=shared_bus, token_verifier=VERIFIER)
    inquiries = inquiry_app(inq_settings, bus=shared_bus, token_verifier=VERIFIER)
    async with (
        LifespanManager(inquiries) as inq,
        LifespanManager(applications) as apps,
        _client(apps.app) as app_client,
        _client(inq.app) as inq_client,
    ):
        yield Platform(app_client, inq_client, applications)


@pytest_asyncio.fixture
async def window(database_url: str, tmp_path: object) -> AsyncIterator[Platform]:
    bus = InMemoryBus()
    await bus.start()
    async with platform(
        application_db=database_url,
        inquiry_db=f"sqlite+aiosqlite:///{tmp_path}/inq.db",
        shared_bus=bus,
    ) as p:
        yield p
    await bus.stop()
