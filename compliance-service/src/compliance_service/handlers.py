"""Events in, facts and tallies out: one handler table, applied a batch at a time.

Every change to an application's facts re-judges its four criteria and moves its service's
tally for the submission day by the difference, in the same transaction (and the inbox
drops redeliveries), so any order of arrival and any replay build the same figures. A batch
is folded: `prepare` loads every application it touches at once, the handlers change them
in memory (each event judged as it comes, so a batch of 200 ends where 200 batches of one
would), and the unit of work's flush writes the facts, the summed tally moves and the
agencies' notes once per table.
"""

from collections.abc import Sequence

from compliance_service import deliveries, domain
from compliance_service.figures import ServiceInfo
from compliance_service.fold import Listing
from compliance_service.uow import ComplianceUnitOfWork
from panjereh import events, jalali
from panjereh.consumers import HandlerTable, Received

Uow = ComplianceUnitOfWork
# The events about one application: the ones whose facts `prepare` loads.
PerApplication = (
    events.ApplicationSubmitted
    | events.ApplicationStateChanged
    | events.ApplicationDecided
    | events.ApplicationSlaBreached
    | events.ApplicationEscalated
    | events.EvidenceRetrieved
    | events.EvidenceUnavailable
    | events.StatusFreshness
    | events.StatusFreshnessV1
)


def table(*, freshness_bound_seconds: float) -> HandlerTable[ComplianceUnitOfWork]:
    """The handlers, judging criterion 4 against `freshness_bound_seconds`."""
    bound_ms = freshness_bound_seconds * 1000
    handlers: HandlerTable[ComplianceUnitOfWork] = HandlerTable()

    def update(
        uow: Uow, application_id: str, facts: domain.Facts, placed: domain.Placement | None = None
    ) -> None:
        app, moves = domain.updated(
            uow.facts.get(application_id), facts, freshness_bound_ms=bound_ms, placed=placed
        )
        uow.facts.put(app)
        for placement, change in moves:
            uow.days.add(placement, change)

    def facts_of(uow: Uow, application_id: str) -> domain.Facts:
        return uow.facts.get(application_id).facts

    @handlers.prepare
    async def load(uow: Uow, batch: Sequence[Received[events.Event]]) -> None:
        await uow.facts.load(
            item.event.application_id for item in batch if isinstance(item.event, PerApplication)
        )

    @handlers.on(events.ApplicationSubmitted)
    async def submitted(
        event: events.ApplicationSubmitted, envelope: events.CloudEvent, uow: Uow
    ) -> None:
        # The service and the day (in Tehran) the application is counted under from now on.
        placed = (event.service_id, event.submitted_at.astimezone(jalali.TEHRAN).date())
        facts = domain.submitted(
            facts_of(uow, event.application_id),
            paper_taken=len(event.paper_documents_taken),
            required=event.required_evidence,
            change=envelope.id,
        )
        update(uow, event.application_id, facts, placed)

    @handlers.on(events.ApplicationStateChanged)
    async def state_changed(
        event: events.ApplicationStateChanged, envelope: events.CloudEvent, uow: Uow
    ) -> None:
        facts = facts_of(uow, event.application_id)
        update(
            uow,
            event.application_id,
            domain.state_changed(facts, to_state=event.to_state, change=envelope.id),
        )

    @handlers.on(events.ApplicationDecided)
    async def decided(
        event: events.ApplicationDecided, envelope: events.CloudEvent, uow: Uow
    ) -> None:
        facts = domain.decided(
            facts_of(uow, event.application_id), by=event.by, outcome=event.outcome
        )
        if event.by == "sla":
            facts = domain.sla_outcome(facts, "deemed_approved")
        update(uow, event.application_id, facts)

    @handlers.on(events.ApplicationSlaBreached)
    async def sla_breached(
        event: events.ApplicationSlaBreached, envelope: events.CloudEvent, uow: Uow
    ) -> None:
        """Counted per service; a deemed approval comes as a decision by "sla"."""
        facts = facts_of(uow, event.application_id)
        update(uow, event.application_id, domain.sla_outcome(facts, "breached"))

    @handlers.on(events.ApplicationEscalated)
    async def escalated(
        event: events.ApplicationEscalated, envelope: events.CloudEvent, uow: Uow
    ) -> None:
        facts = facts_of(uow, event.application_id)
        update(uow, event.application_id, domain.sla_outcome(facts, "escalated"))

    @handlers.on(events.EvidenceRetrieved)
    async def retrieved(
        event: events.EvidenceRetrieved, envelope: events.CloudEvent, uow: Uow
    ) -> None:
        """Online or not: what criterion 2 and (online) the Dey target need."""
        if event.online:
            uow.agencies.note_online_inquiry(event.agency_id, event.retrieved_at)
        facts = facts_of(uow, event.application_id)
        update(
            uow,
            event.application_id,
            domain.evidence(facts, kind=event.evidence_type, online=event.online),
        )

    @handlers.on(events.EvidenceUnavailable)
    async def unavailable(
        event: events.EvidenceUnavailable, envelope: events.CloudEvent, uow: Uow
    ) -> None:
        facts = facts_of(uow, event.application_id)
        update(
            uow,
            event.application_id,
            domain.evidence(facts, kind=event.evidence_type, online=False),
        )

    @handlers.on(events.StatusFreshness)
    async def fresh(event: events.StatusFreshness, envelope: events.CloudEvent, uow: Uow) -> None:
        """Every change's lag the status service measured so far (criterion 4)."""
        facts = facts_of(uow, event.application_id)
        update(uow, event.application_id, domain.freshness(facts, lags_ms=event.lags_ms))

    @handlers.on(events.StatusFreshnessV1)
    async def fresh_v1(
        event: events.StatusFreshnessV1, envelope: events.CloudEvent, uow: Uow
    ) -> None:
        """One change's lag (older topics)."""
        facts = facts_of(uow, event.application_id)
        lags = {event.event_id: event.lag_ms}
        update(uow, event.application_id, domain.freshness(facts, lags_ms=lags))

    handlers.on(events.ServiceRegistered, events.ServiceUpdated)(catalogued)
    handlers.on(events.NotificationDelivered)(delivered)
    return handlers


async def catalogued(
    event: events.ServiceRegistered | events.ServiceUpdated, envelope: events.CloudEvent, uow: Uow
) -> None:
    """A service published or changed: what the catalogue says about it now (the platform's
    own purposes are no agency's service, and count nowhere)."""
    if event.agency_id == events.PLATFORM_AGENCY:
        return
    uow.agencies.name(event.agency_id, event.agency_name_fa, event.agency_name_en)
    info = ServiceInfo(
        service_id=event.service_id,
        agency_id=event.agency_id,
        name_fa=event.name_fa,
        name_en=event.name_en,
        on_window=event.on_window,
        smart_by_design=event.smart_by_design,
        decision=event.decision,
        paper_documents=tuple(event.paper_documents),
    )
    uow.catalogue.describe(Listing(info, envelope.time))


async def delivered(
    event: events.NotificationDelivered, envelope: events.CloudEvent, uow: Uow
) -> None:
    """A webhook or an SMS reached its end (delivered or given up on): the day's tallies."""
    uow.deliveries.add(*deliveries.counted(event))
