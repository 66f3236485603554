"""The compliance service on its own, fed the events the other services would publish."""

import contextlib
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from compliance_service.main import create_app
from compliance_service.settings import ComplianceSettings
from panjereh import events, tracking
from panjereh.bus.base import MessageBus, OutgoingMessage
from tests.support import VERIFIER, LifespanManager, bearer

OPS = bearer("ops", "compliance:read")
START = dt.datetime(2026, 11, 29, 6, 0, tzinfo=dt.UTC)

SERVICES = {
    # service: agency, required evidence, on_window, paper, decision
    "passport-issuance": (
        "passport-police",
        ("national-id-card", "birth-certificate"),
        True,
        (),
        "automatic",
    ),
    "exit-permit-review": ("passport-police", ("national-id-card",), True, (), "manual"),
    "business-permit": ("industry-ministry", (), False, ("تصویر کارت ملی",), "manual"),
}


def catalogue() -> list[events.Event]:
    facts: list[events.Event] = []
    for service_id, (agency, required, on_window, paper, decision) in SERVICES.items():
        facts.append(
            events.ServiceRegistered(
                service_id=service_id,
                agency_id=agency,
                agency_name_fa=f"دستگاه {agency}",
                agency_name_en=f"Agency {agency}",
                name_fa=f"خدمت {service_id}",
                name_en=service_id,
                required_evidence=required,
                paper_documents=paper,
                decision=decision,  # type: ignore[arg-type]
                on_window=on_window,
                sla_hours=48,
                smart_by_design=not paper and decision == "automatic",
            )
        )
    return facts


@dataclass
class History:
    """Applications' events as the application, inquiry and status services publish them."""

    envelopes: list[events.CloudEvent] = field(default_factory=list)
    clock: dt.datetime = START

    def _add(self, fact: events.Event, source: str) -> events.CloudEvent:
        self.clock += dt.timedelta(seconds=1)
        envelope = events.wrap(fact, source=f"/panjereh/{source}", time=self.clock)
        self.envelopes.append(envelope)
        return envelope

    def application(
        self,
        service_id: str,
        *,
        outcome: str = "approved",
        by: str = "rules",
        unavailable: str | None = None,
        status_lag_ms: float = 50.0,
        sla: str | None = None,
    ) -> str:
        """One application from submission to decision; returns its id. With `sla`
        ("breached", "escalated" or "deemed_approved") it passes its SLA while collecting
        evidence, and a deemed approval decides it (by "sla")."""
        agency, required, _, paper, _ = SERVICES[service_id]
        app_id, code = str(uuid.uuid4()), tracking.new_tracking_code()
        changes = [
            self._add(
                events.ApplicationSubmitted(
                    application_id=app_id,
                    tracking_code=code,
                    service_id=service_id,
                    agency_id=agency,
                    national_code="0018392741",
                    submitted_at=self.clock,
                    sla_due_at=self.clock + dt.timedelta(hours=48),
                    required_evidence=required,
                    paper_documents_taken=paper,
                ),
                "application-service",
            )
        ]

        def moved(source: str | None, target: str) -> None:
            changes.append(
                self._add(
                    events.ApplicationStateChanged(
                        application_id=app_id,
                        tracking_code=code,
                        from_state=source,  # type: ignore[arg-type]
                        to_state=target,  # type: ignore[arg-type]
                        at=self.clock,
                    ),
                    "application-service",
                )
            )

        moved(None, "submitted")
        moved("submitted", "collecting_evidence")
        if sla is not None:
            self._breached(app_id, code, service_id, agency, escalated=sla == "escalated")
        if sla == "deemed_approved":
            self._decided(app_id, code, service_id, agency, "approved", "sla")
            moved("collecting_evidence", "approved")
            self._fresh(app_id, changes, status_lag_ms)
            return app_id
        for kind in required:
            self._evidence(app_id, service_id, agency, kind, online=kind != unavailable)
        final = outcome if by == "rules" else "needs_review"
        moved("collecting_evidence", "evaluating")
        self._decided(app_id, code, service_id, agency, final, "rules")
        moved("evaluating", final)
        if by == "officer":
            self._decided(app_id, code, service_id, agency, outcome, "officer")
            moved("needs_review", outcome)
        self._fresh(app_id, changes, status_lag_ms)
        return app_id

    def _fresh(self, app_id: str, changes: list[events.CloudEvent], lag_ms: float) -> None:
        # One v2 per application once final, with every change's lag (as the status service).
        self._add(
            events.StatusFreshness(
                application_id=app_id,
                lags_ms={change.id: lag_ms for change in changes},
                final=True,
                visible_at=changes[-1].time + dt.timedelta(milliseconds=lag_ms),
            ),
            "status-service",
        )

    def _breached(
        self, app_id: str, code: str, service_id: str, agency: str, *, escalated: bool
    ) -> None:
        common = {"application_id": app_id, "tracking_code": code}
        common |= {"service_id": service_id, "agency_id": agency, "sla_due_at": self.clock}
        self._add(
            events.ApplicationSlaBreached(
                **common, state="collecting_evidence", detected_at=self.clock
            ),
            "application-service",
        )
        if escalated:
            self._add(
                events.ApplicationEscalated(**common, escalated_at=self.clock),
                "application-service",
            )

    def _evidence(
        self, app_id: str, service_id: str, agency: str, kind: str, *, online: bool
    ) -> None:
        common = {
            "application_id": app_id,
            "evidence_type": kind,
            "agency_id": agency,
            "service_id": service_id,
            "registry": "civil-registration",
        }
        if online:
            fact: events.Event = events.EvidenceRetrieved(
                **common,
                inquiry_id=str(uuid.uuid4()),
                status="found",
                data={"valid": True},
                retrieved_at=self.clock,
                purpose=service_id,
            )
        else:
            fact = events.EvidenceUnavailable(
                **common,
                reason="registry_unavailable",
                detail="timeout",
                attempts=5,
                given_up_at=self.clock,
            )
        self._add(fact, "inquiry-service")

    def _decided(
        self, app_id: str, code: str, service_id: str, agency: str, outcome: str, by: str
    ) -> None:
        self._add(
            events.ApplicationDecided(
                application_id=app_id,
                tracking_code=code,
                service_id=service_id,
                agency_id=agency,
                outcome=outcome,  # type: ignore[arg-type]
                by=by,  # type: ignore[arg-type]
                officer="officer-7" if by == "officer" else None,
                decided_at=self.clock,
            ),
            "application-service",
        )


def messages(envelopes: list[events.CloudEvent]) -> list[OutgoingMessage]:
    return [OutgoingMessage.of(events.BY_TYPE[e.type].topic, e) for e in envelopes]


def catalogue_messages() -> list[OutgoingMessage]:
    return messages(
        [
            events.wrap(fact, source="/panjereh/application-service", time=START)
            for fact in catalogue()
        ]
    )


@contextlib.asynccontextmanager
async def compliance_service(
    database_url: str, shared_bus: MessageBus | None, **settings: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """The compliance service on `shared_bus` (in-process), or on the bus its settings name."""
    app = create_app(
        ComplianceSettings(database_url=database_url, outbox_poll_seconds=0.05, **settings),
        bus=shared_bus,
        token_verifier=VERIFIER,
    )
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://compliance", headers=OPS
        ) as client:
            client.service_app = app  # type: ignore[attr-defined]
            yield client
