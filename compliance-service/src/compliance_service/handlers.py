"""Events in, facts and tallies out. Listed in one table at the end.

Every change to an application's facts re-judges its four criteria and moves its service's
tally for the submission day by the difference, in the same transaction (and the inbox
drops redeliveries), so any order of arrival and any replay build the same figures.
"""

import datetime as dt
from collections.abc import Callable

from compliance_service import domain, repository
from panjereh import events, jalali
from panjereh.db.uow import UnitOfWork
from panjereh.inbox import EventHandler

Change = Callable[[domain.Facts], domain.Facts]
Placement = tuple[str, dt.date]


def table(*, freshness_bound_seconds: float) -> dict[type[events.Event], EventHandler]:
    """The handlers, judging criterion 4 against `freshness_bound_seconds`."""
    bound_ms = freshness_bound_seconds * 1000

    async def update(
        uow: UnitOfWork, application_id: str, change: Change, placed: Placement | None = None
    ) -> None:
        row = await repository.facts_for_update(uow.session, application_id)
        facts = change(repository.from_json(row.facts))
        values: dict[str, object] = {"facts": repository.to_json(facts)}
        service_id, day = placed or (row.service_id, row.day)
        if placed:
            values.update(service_id=service_id, day=day)
        tally = domain.tally_of(domain.judge(facts, freshness_bound_ms=bound_ms))
        if service_id is not None and day is not None:
            before = repository.tally_from(row.counted)
            if tally != before:
                await repository.add_to_day(uow.session, service_id, day, tally + -before)
                values["counted"] = repository.tally_json(tally)
        await repository.save_facts(uow.session, application_id, values)

    async def submitted(event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork) -> None:
        assert isinstance(event, events.ApplicationSubmitted)
        # The service and the day (in Tehran) the application is counted under from now on.
        placed = (event.service_id, event.submitted_at.astimezone(jalali.TEHRAN).date())
        await update(
            uow,
            event.application_id,
            lambda f: domain.submitted(
                f,
                paper_taken=len(event.paper_documents_taken),
                required=event.required_evidence,
                change=envelope.id,
            ),
            placed,
        )

    async def state_changed(
        event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork
    ) -> None:
        assert isinstance(event, events.ApplicationStateChanged)
        await update(
            uow,
            event.application_id,
            lambda f: domain.state_changed(f, to_state=event.to_state, change=envelope.id),
        )

    async def decided(event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork) -> None:
        assert isinstance(event, events.ApplicationDecided)
        await update(
            uow,
            event.application_id,
            lambda f: domain.decided(f, by=event.by, outcome=event.outcome),
        )

    async def evidence(event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork) -> None:
        """Retrieved (online, or not) or unavailable: what criterion 2 and the Dey target need."""
        assert isinstance(event, events.EvidenceRetrieved | events.EvidenceUnavailable)
        online = isinstance(event, events.EvidenceRetrieved) and event.online
        if isinstance(event, events.EvidenceRetrieved) and online:
            await repository.note_online_inquiry(uow.session, event.agency_id, event.retrieved_at)
        await update(
            uow,
            event.application_id,
            lambda f: domain.evidence(f, kind=event.evidence_type, online=online),
        )

    async def fresh(event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork) -> None:
        assert isinstance(event, events.StatusFreshness | events.StatusFreshnessV1)
        lags = (
            event.lags_ms
            if isinstance(event, events.StatusFreshness)
            else {event.event_id: event.lag_ms}
        )
        await update(uow, event.application_id, lambda f: domain.freshness(f, lags_ms=lags))

    return {
        events.ServiceRegistered: catalogued,
        events.ServiceUpdated: catalogued,
        events.ApplicationSubmitted: submitted,
        events.ApplicationStateChanged: state_changed,
        events.ApplicationDecided: decided,
        events.EvidenceRetrieved: evidence,
        events.EvidenceUnavailable: evidence,
        events.StatusFreshness: fresh,
        events.StatusFreshnessV1: fresh,
    }


async def catalogued(event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork) -> None:
    """A service published or changed: what the catalogue says about it now."""
    assert isinstance(event, events.ServiceRegistered | events.ServiceUpdated)
    await repository.name_agency(
        uow.session, event.agency_id, event.agency_name_fa, event.agency_name_en
    )
    await repository.upsert_service(
        uow.session,
        {
            "service_id": event.service_id,
            "agency_id": event.agency_id,
            "name_fa": event.name_fa,
            "name_en": event.name_en,
            "on_window": event.on_window,
            "smart_by_design": event.smart_by_design,
            "decision": event.decision,
            "paper_documents": list(event.paper_documents),
            "changed_at": envelope.time,
        },
    )
