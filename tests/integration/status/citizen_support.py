"""A person's applications at two agencies and fetches of their data, as events with the
times the test chooses; the status service with tokens from the test's key."""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from panjereh import events, tracking
from panjereh.bus.base import Delivery, OutgoingMessage
from tests.integration.status.conftest import NATIONAL_CODE
from tests.support import ISSUER

OTHER_PERSON = "0499370899"
T0 = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.UTC)
SERVICES = {"passport-police": "passport-issuance", "traffic-police": "driving-licence-renewal"}


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def citizen(national_code: str = NATIONAL_CODE) -> dict[str, str]:
    token = ISSUER.issue_citizen(national_code=national_code, ttl=dt.timedelta(minutes=15))
    return {"Authorization": f"Bearer {token}"}


def office() -> dict[str, str]:
    token = ISSUER.issue(client_id="legal-basis-office", agency_id=None, scopes=["catalog:approve"])
    return {"Authorization": f"Bearer {token}"}


def operators() -> dict[str, str]:
    token = ISSUER.issue(client_id="ops-dashboard", agency_id=None, scopes=["compliance:read"])
    return {"Authorization": f"Bearer {token}"}


def agency(agency_id: str = "passport-police") -> dict[str, str]:
    scopes = ["inquiries:read", "applications:read", "applications:write"]
    token = ISSUER.issue(client_id=f"{agency_id}-backend", agency_id=agency_id, scopes=scopes)
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Facts:
    """Events in the order the services would publish them."""

    envelopes: list[events.CloudEvent] = field(default_factory=list)

    def add(self, fact: events.Event) -> events.CloudEvent:
        envelope = events.wrap(fact, source="/panjereh/test")
        self.envelopes.append(envelope)
        return envelope

    def named(self) -> "Facts":
        for agency_id, service_id in SERVICES.items():
            self.add(
                events.ServiceRegistered(
                    service_id=service_id,
                    agency_id=agency_id,
                    name_fa=f"خدمت {service_id}",
                    name_en=f"Service {service_id}",
                    required_evidence=("national-id-card",),
                    decision="automatic",
                    on_window=True,
                    sla_hours=72,
                    smart_by_design=True,
                )
            )
        return self

    def application(
        self, agency_id: str, *, opened: int, closed: int | None = None, who: str = NATIONAL_CODE
    ) -> str:
        """An application at `agency_id` submitted `opened` minutes after T0 (approved at
        `closed`, or still open), with its evidence fetched a minute after submission."""
        application_id, code = str(uuid.uuid4()), tracking.new_tracking_code()
        service_id = SERVICES[agency_id]
        self.add(
            events.ApplicationSubmitted(
                application_id=application_id,
                tracking_code=code,
                service_id=service_id,
                agency_id=agency_id,
                national_code=who,
                submitted_at=at(opened),
                sla_due_at=at(opened) + dt.timedelta(hours=72),
                required_evidence=("national-id-card",),
            )
        )
        self._moved(application_id, code, None, "submitted", at(opened))
        self._moved(application_id, code, "submitted", "collecting_evidence", at(opened))
        self.add(
            events.EvidenceRetrieved(
                application_id=application_id,
                evidence_type="national-id-card",
                agency_id=agency_id,
                service_id=service_id,
                inquiry_id=str(uuid.uuid4()),
                status="found",
                data={"valid": True},
                registry="civil-registration",
                retrieved_at=at(opened + 1),
                purpose=service_id,
            )
        )
        if closed is not None:
            self._moved(application_id, code, "collecting_evidence", "approved", at(closed))
        return application_id

    def _moved(
        self, application_id: str, code: str, source: str | None, target: str, when: dt.datetime
    ) -> None:
        self.add(
            events.ApplicationStateChanged(
                application_id=application_id,
                tracking_code=code,
                from_state=source,  # type: ignore[arg-type]
                to_state=target,  # type: ignore[arg-type]
                at=when,
            )
        )

    def direct(
        self,
        agency_id: str,
        *,
        minute: int,
        application_id: str | None = None,
        outcome: str = "found",
        who: str = NATIONAL_CODE,
    ) -> str:
        """A direct inquiry (`POST /v1/inquiries`); its access history id (the event's)."""
        envelope = self.add(
            events.InquiryRecorded(
                inquiry_id=str(uuid.uuid4()),
                national_code=who,
                agency_id=agency_id,
                client_id=f"{agency_id}-backend",
                evidence_type="birth-certificate",
                service_id=SERVICES[agency_id],
                application_id=application_id,
                outcome=outcome,  # type: ignore[arg-type]
                reason="no-legal-basis" if outcome == "refused" else None,
                registry="civil-registration",
                law_reference="قانون ثبت احوال، ماده ۱",
                at=at(minute),
            )
        )
        return envelope.id

    def messages(self) -> list[OutgoingMessage]:
        return [OutgoingMessage.of(events.BY_TYPE[e.type].topic, e) for e in self.envelopes]


class Heard:
    """What the status service published on its topic."""

    def __init__(self) -> None:
        self.envelopes: list[events.CloudEvent] = []

    async def __call__(self, deliveries: Sequence[Delivery]) -> None:
        self.envelopes += [delivery.envelope() for delivery in deliveries]

    def of(self, kind: type[events.Event]) -> list[events.Event]:
        return [events.unwrap(e) for e in self.envelopes if e.type == kind.type]
