"""The status service on its own, fed events the way the application service publishes them."""

import contextlib
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from panjereh import auth, events, tracking
from panjereh.bus.base import MessageBus, OutgoingMessage
from status_service.main import create_app
from status_service.settings import StatusSettings
from tests.support import LifespanManager

NATIONAL_CODE = "0018392741"
NOW = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.UTC)


@dataclass
class Story:
    """One application's events, in the order the application service would publish them."""

    application_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    tracking_code: str = field(default_factory=tracking.new_tracking_code)
    envelopes: list[events.CloudEvent] = field(default_factory=list)

    def add(self, fact: events.Event, at: dt.datetime | None = None) -> events.CloudEvent:
        envelope = events.wrap(fact, source="/panjereh/application-service", time=at)
        self.envelopes.append(envelope)
        return envelope

    def submitted(self, service_id: str = "passport-issuance") -> "Story":
        self.add(
            events.ApplicationSubmitted(
                application_id=self.application_id,
                tracking_code=self.tracking_code,
                service_id=service_id,
                agency_id="passport-police",
                national_code=NATIONAL_CODE,
                submitted_at=NOW,
                sla_due_at=NOW + dt.timedelta(hours=72),
                required_evidence=("national-id-card",),
            )
        )
        return self.moved(None, "submitted").moved("submitted", "collecting_evidence")

    def moved(self, source: str | None, target: str, **reason: Any) -> "Story":
        self.add(
            events.ApplicationStateChanged(
                application_id=self.application_id,
                tracking_code=self.tracking_code,
                from_state=source,
                to_state=target,
                at=dt.datetime.now(dt.UTC),
                **reason,
            )
        )
        return self

    def evidence(self, evidence_type: str = "national-id-card") -> "Story":
        self.add(
            events.EvidenceRetrieved(
                application_id=self.application_id,
                evidence_type=evidence_type,
                agency_id="passport-police",
                service_id="passport-issuance",
                inquiry_id=str(uuid.uuid4()),
                status="found",
                data={"valid": True},
                registry="civil-registration",
                retrieved_at=dt.datetime.now(dt.UTC),
                purpose="passport issuance",
            )
        )
        return self

    def messages(self, envelopes: list[events.CloudEvent] | None = None) -> list[OutgoingMessage]:
        return [OutgoingMessage.of(_topic(e), e) for e in (envelopes or self.envelopes)]


def _topic(envelope: events.CloudEvent) -> str:
    return events.BY_TYPE[envelope.type].topic


def catalogue_fact() -> events.ServiceRegistered:
    return events.ServiceRegistered(
        service_id="passport-issuance",
        agency_id="passport-police",
        name_fa="صدور گذرنامه عادی",
        name_en="Ordinary passport issuance",
        required_evidence=("national-id-card",),
        decision="automatic",
        on_window=True,
        sla_hours=72,
        smart_by_design=True,
    )


@contextlib.asynccontextmanager
async def status_service(
    database_url: str,
    shared_bus: MessageBus | None,
    *,
    token_verifier: auth.TokenVerifier | None = None,
    **settings: Any,
) -> AsyncIterator[httpx.AsyncClient]:
    """The status service on `shared_bus` (in-process), or on the bus its settings name;
    with `token_verifier`, its protected routes take tokens it accepts."""
    app = create_app(
        StatusSettings(database_url=database_url, outbox_poll_seconds=0.05, **settings),
        bus=shared_bus,
        token_verifier=token_verifier,
    )
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://status") as client:
            client.service_app = app  # type: ignore[attr-defined]
            yield client
