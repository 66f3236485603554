"""Event handlers of the inquiry service, in one table built by `table()`."""

from collections.abc import Callable, Sequence

from inquiry_service import domain
from inquiry_service.domain import EvidenceRequest
from inquiry_service.evidence import catalog
from inquiry_service.services import Inquirer, refused_event
from inquiry_service.uow import InquiryUnitOfWork
from panjereh import events, identity, tracing
from panjereh.consumers import HandlerTable, Received


async def record_requirement(
    event: events.ServiceRegistered | events.ServiceUpdated,
    envelope: events.CloudEvent,
    uow: InquiryUnitOfWork,
) -> None:
    """Keep the legal basis current: which agency's service needs which evidence, and what
    the office decided on each (an event without a basis grants nothing: deny by default)."""
    required = frozenset(event.required_evidence)
    bases = {
        entry.evidence_type: domain.Basis(entry.status, entry.law_reference, entry.decided_at)
        for entry in event.legal_basis
        if entry.evidence_type in required
    }
    await uow.requirements.put(
        domain.Requirement(event.service_id, event.agency_id, required, bases)
    )


async def record_basis_decision(
    event: events.LegalBasisDecided, envelope: events.CloudEvent, uow: InquiryUnitOfWork
) -> None:
    """The office approved or refused one evidence type of a service (ordered after the
    service's own events: same topic, same key)."""
    basis = domain.Basis(event.decision, event.law_reference, event.decided_at)
    await uow.requirements.set_basis(event.service_id, event.evidence_type, basis)


async def record_application_state(
    event: events.ApplicationStateChanged, envelope: events.CloudEvent, uow: InquiryUnitOfWork
) -> None:
    """A decided, cancelled or failed application may no longer be named as a purpose."""
    if event.to_state in events.FINAL_STATES:
        uow.applications.close(event.application_id)


async def load_requirements(
    uow: InquiryUnitOfWork, batch: Sequence[Received[events.Event]]
) -> None:
    """The purpose services of the batch's evidence requests, read in one query."""
    services = {
        item.event.service_id for item in batch if isinstance(item.event, events.EvidenceRequested)
    }
    await uow.requirements.load(services)


def request_of(event: events.EvidenceRequested) -> EvidenceRequest:
    """The inquiry an application's evidence request asks for (the worker's, later)."""
    return EvidenceRequest(
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
) -> HandlerTable[InquiryUnitOfWork]:
    """Which handler applies which event; the topics to read follow from it."""
    handlers: HandlerTable[InquiryUnitOfWork] = HandlerTable()
    handlers.on(events.ServiceRegistered, events.ServiceUpdated)(record_requirement)
    handlers.on(events.LegalBasisDecided)(record_basis_decision)
    handlers.on(events.ApplicationStateChanged)(record_application_state)
    handlers.prepare(load_requirements)

    @handlers.on(events.ApplicationSubmitted)
    async def record_application(
        event: events.ApplicationSubmitted, envelope: events.CloudEvent, uow: InquiryUnitOfWork
    ) -> None:
        """Learn whose application is whose, so a direct inquiry's purpose can be checked."""
        uow.applications.add(
            domain.Application(
                application_id=event.application_id,
                agency_id=event.agency_id,
                service_id=event.service_id,
                subject=identity.subject_key(inquirer.subject_secret, event.national_code),
                final=False,
            )
        )

    @handlers.on(events.EvidenceRequested)
    async def accept_evidence_request(
        event: events.EvidenceRequested, envelope: events.CloudEvent, uow: InquiryUnitOfWork
    ) -> None:
        """Queue an application's evidence request for the worker, or refuse it (audited) at
        once. The worker is woken once per batch, after its commit."""
        request = request_of(event)
        requirement = await uow.requirements.get(event.service_id)
        refusal = domain.legal_basis_refusal(
            agency_id=event.agency_id, evidence_type=event.evidence_type, requirement=requirement
        )
        # A service (or the office's decision on it) travels on the catalogue topic and can
        # arrive after this request: the worker checks again before fetching, and waits.
        if refusal is not None and refusal.code in domain.MAY_ARRIVE:
            refusal = None
        if refusal is None and not catalog.is_known(event.evidence_type):
            refusal = domain.Refusal(
                "unknown-evidence-type", event.evidence_type, event.evidence_type
            )
        if refusal is not None:
            inquirer.audit_refusal(request, refusal, uow=uow)
            uow.emit(refused_event(request, refusal))
            return
        if not uow.evidence_requests.queued:
            uow.after_commit(wake_worker)
        uow.evidence_requests.queue(
            envelope.id,
            request,
            request_id=envelope.requestid,
            traceparent=tracing.current_traceparent(),
        )

    return handlers
