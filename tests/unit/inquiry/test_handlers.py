"""The inquiry service's handlers, applied to batches through the table, on a fake unit of
work (no database, no broker)."""

import datetime as dt

import pytest

from inquiry_service import handlers
from panjereh import events, identity
from panjereh.consumers import Received
from tests.unit.inquiry.fakes import SECRET, FakeInquiryUnitOfWork, inquirer

pytestmark = pytest.mark.asyncio

AT = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
NEEDS = ("national-id-card", "birth-certificate")
CODE = "0012345679"


def _service(
    kind: type[events.ServiceRegistered | events.ServiceUpdated] = events.ServiceRegistered,
    **changes: object,
) -> events.Event:
    values: dict[str, object] = {
        "service_id": "svc-passport",
        "agency_id": "agency-a",
        "name_fa": "گذرنامه",
        "name_en": "Passport",
        "required_evidence": NEEDS,
        "decision": "automatic",
        "on_window": True,
        "sla_hours": 72,
        "smart_by_design": True,
        "legal_basis": tuple(
            events.LegalBasis(
                evidence_type=t, status="approved", law_reference="law 5", decided_at=AT
            )
            for t in NEEDS
        ),
    }
    return kind(**(values | changes))


def _requested(
    application_id: str, evidence_type: str = "national-id-card", **changes: object
) -> events.EvidenceRequested:
    values: dict[str, object] = {
        "application_id": application_id,
        "evidence_type": evidence_type,
        "agency_id": "agency-a",
        "service_id": "svc-passport",
        "national_code": CODE,
        "requested_at": AT,
    }
    return events.EvidenceRequested(**(values | changes))


def _batch(*facts: events.Event) -> list[Received[events.Event]]:
    return [Received(fact, events.wrap(fact, source="/test")) for fact in facts]


async def _apply(
    uow: FakeInquiryUnitOfWork, *facts: events.Event, wakes: list[int] | None = None
) -> list[Received[events.Event]]:
    woken = wakes if wakes is not None else []
    table = handlers.table(inquirer(uow), wake_worker=lambda: woken.append(1))
    batch = _batch(*facts)
    async with uow:
        await table.apply(uow, batch)
        await uow.commit()
    return batch


async def test_a_batch_queues_its_allowed_requests_and_wakes_the_worker_once() -> None:
    uow, wakes = FakeInquiryUnitOfWork(), list[int]()
    batch = await _apply(
        uow, _service(), _requested("app-1"), _requested("app-2", "birth-certificate"), wakes=wakes
    )
    queued = uow.evidence_requests.queued_requests
    assert [(event_id, r.application_id, r.evidence_type) for event_id, r, _ in queued] == [
        (batch[1].envelope.id, "app-1", "national-id-card"),
        (batch[2].envelope.id, "app-2", "birth-certificate"),
    ]
    assert queued[0][2] == batch[1].envelope.requestid
    assert wakes == [1], "one wake per batch, after its commit"
    assert uow.emitted == [] and uow.audit.entries == [] and uow.commits == 1


async def test_the_prepare_step_loads_every_purpose_service_of_the_batch_at_once() -> None:
    uow = FakeInquiryUnitOfWork()
    await _apply(uow, _requested("app-1"), _requested("app-2", service_id="svc-other"), _service())
    assert uow.requirements.loads == [{"svc-passport", "svc-other"}]


async def test_a_request_the_service_does_not_need_is_refused_audited_and_announced() -> None:
    uow, wakes = FakeInquiryUnitOfWork(), list[int]()
    await _apply(uow, _service(), _requested("app-1", "education-degree"), wakes=wakes)
    assert uow.evidence_requests.queued_requests == [] and wakes == []
    [refused] = uow.emitted
    assert isinstance(refused, events.EvidenceUnavailable)
    assert (refused.reason, refused.detail, refused.application_id) == (
        "refused",
        "not-required",
        "app-1",
    )
    [entry] = uow.audit.entries
    assert (entry["outcome"], entry["reason"]) == ("refused", "not-required")
    assert entry["subject"] == identity.subject_key(SECRET, CODE) and CODE not in entry.values()


async def test_another_agencys_service_is_refused() -> None:
    uow = FakeInquiryUnitOfWork()
    await _apply(uow, _service(), _requested("app-1", agency_id="agency-b"))
    [refused] = uow.emitted
    assert isinstance(refused, events.EvidenceUnavailable) and refused.detail == "not-your-service"


async def test_an_unknown_evidence_type_is_refused() -> None:
    uow = FakeInquiryUnitOfWork()
    await _apply(
        uow,
        _service(required_evidence=(*NEEDS, "no-such-thing")),
        _requested("app-1", "no-such-thing"),
    )
    [refused] = uow.emitted
    assert (
        isinstance(refused, events.EvidenceUnavailable)
        and refused.detail == "unknown-evidence-type"
    )
    assert uow.evidence_requests.queued_requests == []


async def test_a_basis_that_may_still_arrive_is_queued_for_the_worker_to_wait_for() -> None:
    uow = FakeInquiryUnitOfWork()
    # No service at all yet (unknown purpose), and a service whose basis is still pending.
    await _apply(
        uow,
        _requested("app-1"),
        _service(service_id="svc-2", legal_basis=()),
        _requested("app-2", service_id="svc-2"),
    )
    assert [r.application_id for _, r, _ in uow.evidence_requests.queued_requests] == [
        "app-1",
        "app-2",
    ]
    assert uow.emitted == [] and uow.audit.entries == []


async def test_the_offices_refusal_in_the_same_batch_refuses_the_request_after_it() -> None:
    uow = FakeInquiryUnitOfWork()
    decision = events.LegalBasisDecided(
        service_id="svc-passport",
        agency_id="agency-a",
        evidence_type="national-id-card",
        decision="refused",
        law_reference="law 5",
        decided_by="office",
        decided_at=AT,
    )
    await _apply(uow, _service(kind=events.ServiceUpdated), decision, _requested("app-1"))
    requirement = await uow.requirements.get("svc-passport")
    assert requirement is not None and requirement.basis("national-id-card").status == "refused"
    [refused] = uow.emitted
    assert isinstance(refused, events.EvidenceUnavailable) and refused.detail == "refused"


async def test_a_catalogue_event_without_a_basis_grants_nothing() -> None:
    uow = FakeInquiryUnitOfWork()
    await _apply(uow, _service(legal_basis=()))
    requirement = await uow.requirements.get("svc-passport")
    assert requirement is not None and requirement.bases == {}
    assert requirement.evidence_types == frozenset(NEEDS)


def _submitted(application_id: str) -> events.ApplicationSubmitted:
    return events.ApplicationSubmitted(
        application_id=application_id,
        tracking_code="T-1",
        service_id="svc-passport",
        agency_id="agency-a",
        national_code=CODE,
        submitted_at=AT,
        sla_due_at=AT + dt.timedelta(days=3),
        required_evidence=NEEDS,
    )


def _changed(application_id: str, to_state: str) -> events.ApplicationStateChanged:
    return events.ApplicationStateChanged(
        application_id=application_id,
        tracking_code="T-1",
        from_state=None,
        to_state=to_state,
        at=AT,
    )


async def test_an_application_and_its_later_changes_in_one_batch() -> None:
    uow = FakeInquiryUnitOfWork()
    await _apply(
        uow,
        _submitted("app-1"),
        _changed("app-1", "collecting_evidence"),
        _submitted("app-2"),
        _changed("app-2", "approved"),
        _submitted("app-1"),  # a redelivered submission changes nothing
    )
    one, two = uow.applications.rows["app-1"], uow.applications.rows["app-2"]
    assert not one.final and two.final, "only a final state closes the application"
    assert one.subject == identity.subject_key(SECRET, CODE) and (
        one.agency_id,
        one.service_id,
    ) == (
        "agency-a",
        "svc-passport",
    )


async def test_the_table_reads_the_topics_its_events_travel_on() -> None:
    uow = FakeInquiryUnitOfWork()
    table = handlers.table(inquirer(uow), wake_worker=lambda: None)
    assert table.topics == tuple(sorted({events.CATALOG, events.APPLICATION, events.EVIDENCE}))
    assert events.EvidenceRetrieved.type not in table.types, "its own facts are not read back"
