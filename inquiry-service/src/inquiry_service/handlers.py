"""Event handlers of the inquiry service, listed in one table at the end."""

import datetime as dt
from collections.abc import Callable

from inquiry_service import domain, repository
from inquiry_service.evidence import catalog
from inquiry_service.inquiries import Inquirer, Request
from panjereh import events
from panjereh.db.uow import UnitOfWork
from panjereh.inbox import EventHandler


async def record_requirement(
    event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork
) -> None:
    """Keep the legal basis current: which agency's service needs which evidence."""
    assert isinstance(event, events.ServiceRegistered | events.ServiceUpdated)
    requirement = domain.Requirement(
        event.service_id, event.agency_id, frozenset(event.required_evidence)
    )
    await repository.upsert_requirement(uow.session, requirement)


def accept_evidence_request(inquirer: Inquirer, *, wake_worker: Callable[[], None]) -> EventHandler:
    """Queue an application's evidence request for the worker, or refuse it (audited) at once."""

    async def handle(event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork) -> None:
        assert isinstance(event, events.EvidenceRequested)
        request = request_of(event)
        requirement = await repository.requirement(uow.session, event.service_id)
        refusal = domain.legal_basis_refusal(
            agency_id=event.agency_id, evidence_type=event.evidence_type, requirement=requirement
        )
        # A service this service has not heard of yet may be new: its catalogue event travels
        # on another topic and can arrive later. The worker checks again before fetching.
        if refusal is not None and refusal.code == "unknown-purpose":
            refusal = None
        if refusal is not None or not catalog.is_known(event.evidence_type):
            refusal = refusal or domain.Refusal(
                "unknown-evidence-type", event.evidence_type, event.evidence_type
            )
            await inquirer.audit_refusal(request, refusal, uow=uow)
            uow.emit(_refused(event, refusal))
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


def _refused(
    event: events.EvidenceRequested, refusal: domain.Refusal
) -> events.EvidenceUnavailable:
    known = catalog.is_known(event.evidence_type)
    return events.EvidenceUnavailable(
        application_id=event.application_id,
        evidence_type=event.evidence_type,
        agency_id=event.agency_id,
        service_id=event.service_id,
        registry=catalog.get(event.evidence_type).registry if known else "unknown",
        reason="refused",
        detail=refusal.code,
        attempts=1,
        given_up_at=dt.datetime.now(dt.UTC),
    )


def table(
    inquirer: Inquirer, *, wake_worker: Callable[[], None]
) -> dict[type[events.Event], EventHandler]:
    """Which handler applies which event (the inbox dispatches by this table)."""
    return {
        events.ServiceRegistered: record_requirement,
        events.ServiceUpdated: record_requirement,
        events.EvidenceRequested: accept_evidence_request(inquirer, wake_worker=wake_worker),
    }
