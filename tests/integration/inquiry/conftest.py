"""Fixtures for the inquiry service: the registry simulator over real HTTP, tokens, the app."""

import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest_asyncio

from inquiry_service.main import create_app
from inquiry_service.settings import InquirySettings, RegistryMode
from inquiry_service.simulator import SimulatorSettings
from inquiry_service.simulator import create_app as simulator_app
from panjereh import events
from panjereh.bus.base import MessageBus, OutgoingMessage
from tests.support import VERIFIER, LifespanManager, bearer, serve  # noqa: F401 — re-exported to the tests

# Two agencies: civil registration's passport-like service, and the traffic police's.
AGENCY_A, AGENCY_B = "agency-a", "agency-b"
LAW = "قانون ارتقای سلامت اداری و مقابله با فساد، ماده ۵"


def approved(*evidence_types: str, law: str = LAW) -> tuple[events.LegalBasis, ...]:
    """The legal-basis office's approval of each type (the agency cannot grant it itself)."""
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return tuple(
        events.LegalBasis(evidence_type=t, status="approved", law_reference=law, decided_at=at)
        for t in evidence_types
    )


_A_NEEDS = ("national-id-card", "birth-certificate", "military-service-card")
_B_NEEDS = (
    "national-id-card",
    "driving-license",
    "education-degree",
    "mobile-ownership",
    "birth-certificate",
    "military-service-card",
)
SERVICE_A = events.ServiceRegistered(
    service_id="svc-a-passport",
    agency_id=AGENCY_A,
    name_fa="صدور گذرنامه",
    name_en="Passport issuance",
    required_evidence=_A_NEEDS,
    decision="automatic",
    on_window=True,
    sla_hours=72,
    smart_by_design=True,
    legal_basis=approved(*_A_NEEDS),
)
SERVICE_B = events.ServiceRegistered(
    service_id="svc-b-licence",
    agency_id=AGENCY_B,
    name_fa="تمدید گواهینامه",
    name_en="Driving licence renewal",
    required_evidence=_B_NEEDS,
    decision="automatic",
    on_window=True,
    sla_hours=48,
    smart_by_design=True,
    legal_basis=approved(*_B_NEEDS),
)


@pytest_asyncio.fixture
async def simulator() -> AsyncIterator[httpx.AsyncClient]:
    """The registry simulator over HTTP; the client's base_url is the exchange's."""
    settings = SimulatorSettings(timeout_seconds=5.0, slow_seconds=0.6)
    async with serve(simulator_app(settings)) as url, httpx.AsyncClient(base_url=url) as client:
        yield client


def inquiry_settings(database_url: str, simulator_url: str, **overrides: Any) -> InquirySettings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "registry_mode": RegistryMode.HTTP,
        "exchange_base_url": simulator_url,
        "registry_timeout_seconds": 1.5,
        "registry_attempts": 2,
        "registry_backoff_seconds": 0.01,
        "breaker_minimum_calls": 4,
        "breaker_recovery_seconds": 1.0,
        "cache_ttl_seconds": 0,
        "evidence_retry_budget": 2,
        "evidence_retry_base_seconds": 0.1,
        "outbox_poll_seconds": 0.05,
    }
    return InquirySettings(**(values | overrides))


@contextlib.asynccontextmanager
async def running(
    settings: InquirySettings, bus: MessageBus | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """The inquiry service running on `settings`, and a client to its API."""
    app = create_app(settings, bus=bus, token_verifier=VERIFIER)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://inquiry") as client:
            client.service_app = app  # type: ignore[attr-defined]
            yield client


async def publish(bus: MessageBus, *facts: events.Event) -> None:
    await bus.publish_batch(
        [OutgoingMessage.of(f.topic, events.wrap(f, source="/test")) for f in facts]
    )


StatsReader = Callable[[], dict[str, int]]
