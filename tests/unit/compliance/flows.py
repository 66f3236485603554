"""Applications' events as the other services publish them, each with its envelope (for the
handler tests and bench/compliance_fold_bench.py)."""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from panjereh import events
from panjereh.consumers import Received

START = dt.datetime(2026, 11, 29, 6, 0, tzinfo=dt.UTC)  # 09:30 in Tehran: same day
SERVICE, AGENCY = "passport-issuance", "passport-police"
KINDS = ("national-id-card", "birth-certificate", "address")  # the evidence it requires


@dataclass
class Flow:
    """One application's events as the other services publish them, each with its envelope."""

    application_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    clock: dt.datetime = START
    items: list[Received[events.Event]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # envelope ids the applicant must see

    def add(self, fact: events.Event) -> Received[events.Event]:
        self.clock += dt.timedelta(seconds=1)
        item = Received(fact, events.wrap(fact, source="/test", time=self.clock))
        self.items.append(item)
        return item

    def submitted(self, service_id: str = SERVICE, paper: tuple[str, ...] = ()) -> "Flow":
        item = self.add(
            events.ApplicationSubmitted(
                application_id=self.application_id,
                tracking_code="PJ-TEST",
                service_id=service_id,
                agency_id=AGENCY,
                national_code="0018392741",
                submitted_at=self.clock,
                sla_due_at=self.clock + dt.timedelta(hours=48),
                required_evidence=KINDS,
                paper_documents_taken=paper,
            )
        )
        self.changes.append(item.envelope.id)
        return self

    def moved(self, *states: str) -> "Flow":
        for target in states:
            item = self.add(
                events.ApplicationStateChanged(
                    application_id=self.application_id,
                    tracking_code="PJ-TEST",
                    from_state=None,
                    to_state=target,
                    at=self.clock,
                )
            )
            self.changes.append(item.envelope.id)
        return self

    def decided(self, by: str = "rules", outcome: str = "approved") -> "Flow":
        self.add(
            events.ApplicationDecided(
                application_id=self.application_id,
                tracking_code="PJ-TEST",
                service_id=SERVICE,
                agency_id=AGENCY,
                outcome=outcome,
                by=by,
                decided_at=self.clock,
            )
        )
        return self

    def breached(self, state: str = "collecting_evidence") -> "Flow":
        self.add(
            events.ApplicationSlaBreached(
                application_id=self.application_id,
                tracking_code="PJ-TEST",
                service_id=SERVICE,
                agency_id=AGENCY,
                state=state,
                sla_due_at=self.clock,
                detected_at=self.clock,
            )
        )
        return self

    def escalated(self) -> "Flow":
        self.add(
            events.ApplicationEscalated(
                application_id=self.application_id,
                tracking_code="PJ-TEST",
                service_id=SERVICE,
                agency_id=AGENCY,
                sla_due_at=self.clock,
                escalated_at=self.clock,
            )
        )
        return self

    def evidence(self, kind: str = "national-id-card", online: bool | None = True) -> "Flow":
        common = {"application_id": self.application_id, "evidence_type": kind}
        common |= {"agency_id": AGENCY, "service_id": SERVICE, "registry": "civil-registration"}
        if online is None:
            self.add(
                events.EvidenceUnavailable(
                    **common,
                    reason="registry_unavailable",
                    detail="timeout",
                    attempts=5,
                    given_up_at=self.clock,
                )
            )
            return self
        self.add(
            events.EvidenceRetrieved(
                **common,
                inquiry_id=str(uuid.uuid4()),
                status="found",
                retrieved_at=self.clock,
                purpose=SERVICE,
                online=online,
            )
        )
        return self

    def fresh(self, lag_ms: float = 40.0, *, final: bool = True, only: int | None = None) -> "Flow":
        """v2: every change's lag (or only the `only`-th change's, as for an early alarm)."""
        changes = self.changes if only is None else [self.changes[only]]
        self.add(
            events.StatusFreshness(
                application_id=self.application_id,
                lags_ms=dict.fromkeys(changes, lag_ms),
                final=final,
                visible_at=self.clock,
            )
        )
        return self

    def fresh_v1(self, lag_ms: float = 40.0) -> "Flow":
        for change in self.changes:
            self.add(
                events.StatusFreshnessV1(
                    application_id=self.application_id,
                    event_id=change,
                    event_type="x",
                    event_time=self.clock,
                    visible_at=self.clock,
                    lag_ms=lag_ms,
                )
            )
        return self

    def smooth(self, lag_ms: float = 40.0) -> "Flow":
        """Submission, three state changes, the decision, three answers, one v2 freshness."""
        self.submitted().moved("collecting_evidence")
        for kind in KINDS:
            self.evidence(kind)
        return self.moved("evaluating").decided().moved("approved").fresh(lag_ms)


def catalogued(
    at: dt.datetime,
    name: str,
    kind: type[events.ServiceRegistered | events.ServiceUpdated] = events.ServiceRegistered,
    *,
    agency_id: str = AGENCY,
) -> Received[events.Event]:
    fact = kind(
        service_id=SERVICE,
        agency_id=agency_id,
        agency_name_fa="پلیس گذرنامه",
        agency_name_en="Passport police",
        name_fa="گذرنامه",
        name_en=name,
        required_evidence=KINDS,
        decision="automatic",
        on_window=True,
        sla_hours=48,
        smart_by_design=True,
    )
    return Received(fact, events.wrap(fact, source="/test", time=at))
