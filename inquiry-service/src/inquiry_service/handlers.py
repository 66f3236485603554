"""Event handlers of the inquiry service, listed in one table at the end."""

import datetime as dt
from collections.abc import Callable

from inquiry_service import domain, repository
from inquiry_service.evidence import catalog
from inquiry_service.inquiries import Inquirer, Request, refused_event
from panjereh import events
from panjereh.db.uow import UnitOfWork
from panjereh.inbox import EventHandler


async def record_requirement(
    event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork
) -> None:
    """Keep the legal basis current: which agency's service needs which evidence, and what
    the office decided on each (an event without a basis grants nothing: deny by default)."""
    assert isinstance(event, events.ServiceRegistered | events.ServiceUpdated)
    required = frozenset(event.required_evidence)
    bases = {
        entry.evidence_type: domain.Basis(entry.status, entry.law_reference, entry.decided_at)
        for entry in event.legal_basis
        if entry.evidence_type in required
    }
    requirement = domain.Requirement(event.service_id, event.agency_id, required, bases)
    await repository.upsert_requirement(uow.session, requirement)


async def record_basis_decision(
    event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork
) -> None:
    """The office approved or refused one evidence type of a service (ordered after the
    service's own events: same topic, same key)."""
    assert isinstance(event, events.LegalBasisDecided)
    basis = domain.Basis(event.decision, event.law_reference, event.decided_at)
    await repository.set_basis(
        uow.session, service_id=event.service_id, evidence_type=event.evidence_type, basis=basis
    )


def record_application(subject_secret: bytes) -> EventHandler:
    """Learn whose application is whose, so a direct inquiry's purpose can be checked."""

    async def handle(event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork) -> None:
        assert isinstance(event, events.ApplicationSubmitted)
        application = domain.Application(
            application_id=event.application_id,
            agency_id=event.agency_id,
            service_id=event.service_id,
            subject=domain.subject_key(subject_secret, event.national_code),
            final=False,
        )
        await repository.add_application(uow.session, application)

    return handle


async def record_application_state(
    event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork
) -> None:
    """A decided, cancelled or failed application may no longer be named as a purpose."""
    assert isinstance(event, events.ApplicationStateChanged)
    if event.to_state in domain.FINAL_STATES:
        await repository.close_application(uow.session, event.application_id)


def accept_evidence_request(inquirer: Inquirer, *, wake_worker: Callable[[], None]) -> EventHandler:
    """Queue an application's evidence request for the worker, or refuse it (audited) at once."""

    async def handle(event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork) -> None:
        assert isinstance(event, events.EvidenceRequested)
        request = request_of(event)
        requirement = await repository.requirement(uow.session, event.service_id)
        refusal = domain.legal_basis_refusal(
            agency_id=event.agency_id, evidence_type=event.evidence_type, requirement=requirement
        )
        # A service (or the office's decision on it) travels on the catalogue topic and can
        # arrive after this request: the worker checks again before fetching, and waits.
        if refusal is not None and refusal.code in domain.MAY_ARRIVE:
            refusal = None
        if refusal is not None or not catalog.is_known(event.evidence_type):
            refusal = refusal or domain.Refusal(
                "unknown-evidence-type", event.evidence_type, event.evidence_type
            )
            await inquirer.audit_refusal(request, refusal, uow=uow)
            uow.emit(refused_event(request, refusal))
            return
        await repository.add_evidence_request(
            uow.session,
            {
                "event_id": envelope.id,
                "application_id": event.application_id,
                "agency_id": event.agency_id,
                "service_id": event.service_id,
                "evidence_type": event.evidence_type,
                "national_code": event.national_code,
                "mobile": event.mobile,
                "request_id": envelope.requestid,
                "next_attempt_at": dt.datetime.now(dt.UTC),
            },
        )
        uow.after_commit(wake_worker)

    return handle


def request_of(event: events.EvidenceRequested) -> Request:
    return Request(
        agency_id=event.agency_id,
        client_id=None,
        evidence_type=event.evidence_type,
        national_code=event.national_code,
        mobile=event.mobile,
        service_id=event.service_id,
        application_id=event.application_id,
    )


def table(
    inquirer: Inquirer, *, wake_worker: Callable[[], None]
) -> dict[type[events.Event], EventHandler]:
    """Which handler applies which event (the inbox dispatches by this table)."""
    return {
        events.ServiceRegistered: record_requirement,
        events.ServiceUpdated: record_requirement,
        events.LegalBasisDecided: record_basis_decision,
        events.ApplicationSubmitted: record_application(inquirer.subject_secret),
        events.ApplicationStateChanged: record_application_state,
        events.EvidenceRequested: accept_evidence_request(inquirer, wake_worker=wake_worker),
    }
