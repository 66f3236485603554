"""The legal basis as the office decided it, the purpose's application, minimised data and the
announcement of every direct inquiry (issue #14, findings 1 and 7), on the inquiry service alone."""

import datetime as dt
import json
from collections.abc import AsyncIterator, Sequence
from typing import Any

import httpx
import pytest
import pytest_asyncio
import sqlalchemy as sa

from inquiry_service.sandbox import personas
from panjereh import events
from panjereh.bus.base import Delivery
from panjereh.bus.memory import InMemoryBus
from panjereh.evidence import SHAREABLE_FIELDS
from tests.integration.inquiry.conftest import (
    AGENCY_A,
    AGENCY_B,
    LAW,
    SERVICE_A,
    approved,
    bearer,
    inquiry_settings,
    publish,
    running,
)
from tests.support import eventually

pytestmark = pytest.mark.asyncio
COMPLETE = next(p for p in personas.PERSONAS if "complete" in p.traits).national_code
OTHER = next(p for p in personas.PERSONAS if "no-degree" in p.traits).national_code
EVERYTHING = ("national-id-card", "birth-certificate", "education-degree", "military-service-card")
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _service(service_id: str, *, basis: tuple[events.LegalBasis, ...] = ()) -> Any:
    return SERVICE_A.model_copy(
        update={
            "service_id": service_id,
            "required_evidence": EVERYTHING,
            "on_window": False,
            "legal_basis": basis,
        }
    )


def _decided(service_id: str, evidence_type: str, decision: str) -> events.LegalBasisDecided:
    return events.LegalBasisDecided(
        service_id=service_id,
        agency_id=AGENCY_A,
        evidence_type=evidence_type,
        decision=decision,  # type: ignore[arg-type]
        law_reference=LAW,
        decided_by="legal-basis-office",
        decided_at=NOW,
    )


def _submitted(
    application_id: str,
    *,
    agency: str = AGENCY_A,
    service: str = "svc-a-passport",
    code: str = COMPLETE,
) -> events.ApplicationSubmitted:
    return events.ApplicationSubmitted(
        application_id=application_id,
        tracking_code="000000000001",
        service_id=service,
        agency_id=agency,
        national_code=code,
        submitted_at=NOW,
        sla_due_at=NOW + dt.timedelta(days=1),
        required_evidence=EVERYTHING,
    )


def _body(
    evidence_type: str, service_id: str, *, code: str = COMPLETE, application_id: str | None = None
) -> dict[str, Any]:
    purpose: dict[str, Any] = {"service_id": service_id}
    if application_id is not None:
        purpose["application_id"] = application_id
    return {"evidence_type": evidence_type, "national_code": code, "purpose": purpose}


async def _rows(client: httpx.AsyncClient, query: str) -> list[Any]:
    engine = client.service_app.state.runtime.engine  # type: ignore[attr-defined]
    async with engine.connect() as connection:
        return list((await connection.execute(sa.text(query))).all())


async def _recorded(client: httpx.AsyncClient) -> list[events.InquiryRecorded]:
    rows = await _rows(
        client,
        f"SELECT payload FROM outbox WHERE type = '{events.InquiryRecorded.type}' ORDER BY id",
    )
    facts = [events.unwrap(events.CloudEvent.from_json(row.payload)) for row in rows]
    assert all(isinstance(f, events.InquiryRecorded) for f in facts)
    return facts  # type: ignore[return-value]


@pytest_asyncio.fixture
async def bus() -> AsyncIterator[InMemoryBus]:
    bus = InMemoryBus()
    await bus.start()
    yield bus
    await bus.stop()


async def test_a_basis_the_office_has_not_approved_is_refused_until_it_does(
    database_url: str, simulator: httpx.AsyncClient, bus: InMemoryBus
) -> None:
    async with running(inquiry_settings(database_url, str(simulator.base_url)), bus=bus) as client:
        # The agency publishes a hidden service needing everything: nothing is granted by that.
        await publish(bus, _service("svc-self-granted"))
        for evidence_type in EVERYTHING:
            response = await client.post(
                "/v1/inquiries",
                json=_body(evidence_type, "svc-self-granted", code=OTHER),
                headers=bearer(AGENCY_A) | {"Accept-Language": "fa"},
            )
            assert response.status_code == 403, response.text
            problem = response.json()
            assert problem["type"].endswith("/no-legal-basis/pending")
            assert "مرجع مجوز قانونی" in problem["detail"]
        assert (await simulator.get("/_stats")).json()["requests"] == {}, "nothing fetched"

        await publish(bus, _decided("svc-self-granted", "education-degree", "approved"))
        await publish(bus, _decided("svc-self-granted", "birth-certificate", "refused"))
        answers = {
            t: await client.post(
                "/v1/inquiries",
                json=_body(t, "svc-self-granted", code=OTHER),
                headers=bearer(AGENCY_A),
            )
            for t in EVERYTHING
        }
        assert {t: r.status_code for t, r in answers.items()} == {
            "national-id-card": 403,
            "birth-certificate": 403,
            "education-degree": 200,
            "military-service-card": 403,
        }
        assert answers["birth-certificate"].json()["type"].endswith("/no-legal-basis/refused")
        assert "refused" in answers["birth-certificate"].json()["detail"]

        audited = await _rows(client, "SELECT outcome, reason FROM audit_log ORDER BY seq")
        assert [tuple(r) for r in audited] == [("refused", "pending")] * 4 + [
            ("refused", "pending"),
            ("refused", "refused"),
            ("not_found", None),  # the `no-degree` persona: approved, fetched, not found
            ("refused", "pending"),
        ]


async def test_a_service_event_without_a_basis_grants_nothing_and_replaces_the_old_one(
    sqlite_url: str, simulator: httpx.AsyncClient, bus: InMemoryBus
) -> None:
    async with running(inquiry_settings(sqlite_url, str(simulator.base_url)), bus=bus) as client:
        await publish(bus, _service("svc-x", basis=approved(*EVERYTHING)))
        ask = _body("national-id-card", "svc-x")
        assert (await client.post("/v1/inquiries", json=ask, headers=bearer(AGENCY_A))).is_success
        # An older producer's update, or an agency re-publishing: the event states no basis.
        older = events.ServiceUpdated(**_service("svc-x").model_dump(exclude={"legal_basis"}))
        await publish(bus, older)
        refused = await client.post("/v1/inquiries", json=ask, headers=bearer(AGENCY_A))
        assert refused.status_code == 403 and refused.json()["type"].endswith("/pending")
        pending = (
            events.LegalBasis(evidence_type="national-id-card", status="pending"),
            *approved("birth-certificate"),
        )
        await publish(bus, _service("svc-x", basis=pending))
        assert (
            await client.post("/v1/inquiries", json=ask, headers=bearer(AGENCY_A))
        ).status_code == 403
        birth = _body("birth-certificate", "svc-x")
        assert (await client.post("/v1/inquiries", json=birth, headers=bearer(AGENCY_A))).is_success
        # A decision for a type the service does not require opens nothing.
        await publish(bus, _decided("svc-x", "driving-license", "approved"))
        licence = _body("driving-license", "svc-x")
        not_required = await client.post("/v1/inquiries", json=licence, headers=bearer(AGENCY_A))
        assert not_required.json()["type"].endswith("/not-required")


async def test_the_purpose_application_must_be_the_callers_own_open_one_for_this_person(
    database_url: str, simulator: httpx.AsyncClient, bus: InMemoryBus
) -> None:
    async with running(inquiry_settings(database_url, str(simulator.base_url)), bus=bus) as client:
        other_service = SERVICE_A.model_copy(update={"service_id": "svc-a-other"})
        await publish(bus, SERVICE_A, other_service)
        await publish(
            bus,
            _submitted("app-mine"),
            _submitted("app-theirs", agency=AGENCY_B, service="svc-b-licence"),
            _submitted("app-other-service", service="svc-a-other"),
            _submitted("app-done"),
        )
        await publish(
            bus,
            events.ApplicationStateChanged(
                application_id="app-done",
                tracking_code="000000000001",
                from_state="evaluating",
                to_state="approved",
                at=NOW,
            ),
        )
        service = SERVICE_A.service_id
        cases = {
            "unknown": _body("national-id-card", service, application_id="app-nobody-has"),
            "another agency's": _body("national-id-card", service, application_id="app-theirs"),
            "another person": _body(
                "national-id-card", service, code=OTHER, application_id="app-mine"
            ),
            "another service": _body(
                "national-id-card", service, application_id="app-other-service"
            ),
            "decided": _body("national-id-card", service, application_id="app-done"),
        }
        for case, body in cases.items():
            response = await client.post("/v1/inquiries", json=body, headers=bearer(AGENCY_A))
            assert response.status_code == 403, (case, response.text)
            assert response.json()["type"].endswith("/no-legal-basis/not-your-application"), case
        mine = _body("national-id-card", service, code="۰۰۱۸۳۹۲۷۴۱", application_id="app-mine")
        allowed = await client.post("/v1/inquiries", json=mine, headers=bearer(AGENCY_A))
        assert allowed.status_code == 200, allowed.text

        audited = await _rows(
            client, "SELECT application_id, outcome, reason FROM audit_log ORDER BY seq"
        )
        assert [tuple(r) for r in audited] == [
            ("app-nobody-has", "refused", "not-your-application"),
            ("app-theirs", "refused", "not-your-application"),
            ("app-mine", "refused", "not-your-application"),
            ("app-other-service", "refused", "not-your-application"),
            ("app-done", "refused", "not-your-application"),
            ("app-mine", "found", None),
        ]
        stored = await _rows(client, "SELECT subject FROM applications")
        assert len(stored) == 4 and all(COMPLETE not in r.subject for r in stored)


async def test_direct_answers_hold_only_shareable_fields_stored_and_read_back(
    sqlite_url: str, simulator: httpx.AsyncClient, bus: InMemoryBus
) -> None:
    async with running(inquiry_settings(sqlite_url, str(simulator.base_url)), bus=bus) as client:
        await publish(bus, SERVICE_A)
        for evidence_type in SERVICE_A.required_evidence:
            body = _body(evidence_type, SERVICE_A.service_id)
            answer = await client.post("/v1/inquiries", json=body, headers=bearer(AGENCY_A))
            assert answer.status_code == 200, answer.text
            data = answer.json()["data"]
            assert data and set(data) <= set(SHAREABLE_FIELDS[evidence_type]), evidence_type
            for secret in ("card_serial", "father_name_fa", "card_number", "exemption_reason_fa"):
                assert secret not in data
            read = await client.get(
                f"/v1/inquiries/{answer.json()['id']}", headers=bearer(AGENCY_A)
            )
            assert read.json()["data"] == data
        stored = await _rows(client, "SELECT evidence_type, data FROM inquiries")
        for row in stored:
            kept = row.data if isinstance(row.data, dict) else json.loads(row.data)
            assert set(kept) <= set(SHAREABLE_FIELDS[row.evidence_type])


async def test_every_direct_inquiry_is_announced_with_its_law_reference(
    database_url: str, simulator: httpx.AsyncClient, bus: InMemoryBus
) -> None:
    timeout = next(p for p in personas.PERSONAS if "registry-timeout" in p.traits).national_code
    async with running(inquiry_settings(database_url, str(simulator.base_url)), bus=bus) as client:
        await publish(bus, SERVICE_A)
        asks = [
            _body("national-id-card", SERVICE_A.service_id),  # found
            _body("national-id-card", SERVICE_A.service_id, code=timeout),  # unavailable
            _body("driving-license", SERVICE_A.service_id),  # refused: not required
        ]
        answers = [
            await client.post("/v1/inquiries", json=ask, headers=bearer(AGENCY_A)) for ask in asks
        ]
        assert [a.status_code for a in answers] == [200, 200, 403]
        recorded = await _recorded(client)
        assert [(r.outcome, r.reason, r.law_reference) for r in recorded] == [
            ("found", None, LAW),
            ("unavailable", recorded[1].reason, LAW),
            ("refused", "not-required", None),
        ]
        assert recorded[1].reason  # why the registry was unavailable
        assert [r.inquiry_id for r in recorded[:2]] == [a.json()["id"] for a in answers[:2]]
        assert {(r.national_code, r.agency_id, r.service_id) for r in recorded} == {
            (COMPLETE, AGENCY_A, SERVICE_A.service_id),
            (timeout, AGENCY_A, SERVICE_A.service_id),
        }
        # The refusal's id ties the history entry to its audit entry.
        audited = await _rows(client, "SELECT inquiry_id, outcome FROM audit_log ORDER BY seq")
        assert [r.inquiry_id for r in audited] == [r.inquiry_id for r in recorded]


class _Results:
    def __init__(self) -> None:
        self.by_application: dict[str, list[events.Event]] = {}

    async def __call__(self, batch: Sequence[Delivery]) -> None:
        for delivery in batch:
            event = events.unwrap(delivery.envelope())
            if isinstance(event, events.EvidenceRetrieved | events.EvidenceUnavailable):
                self.by_application.setdefault(event.application_id, []).append(event)


def _requested(
    application_id: str, service_id: str, evidence_type: str
) -> events.EvidenceRequested:
    return events.EvidenceRequested(
        application_id=application_id,
        evidence_type=evidence_type,
        agency_id=AGENCY_A,
        service_id=service_id,
        national_code=COMPLETE,
        requested_at=NOW,
    )


async def test_the_application_path_waits_for_the_office_refuses_what_it_refused(
    sqlite_url: str, simulator: httpx.AsyncClient, bus: InMemoryBus
) -> None:
    results = _Results()
    bus.subscribe([events.EVIDENCE], results, group="observer")
    settings = inquiry_settings(
        sqlite_url,
        str(simulator.base_url),
        evidence_retry_budget=40,
        evidence_retry_base_seconds=0.05,
    )
    async with running(settings, bus=bus):
        await publish(bus, _service("svc-p"))
        await publish(bus, _decided("svc-p", "birth-certificate", "refused"))
        await publish(
            bus,
            _requested("app-waits", "svc-p", "national-id-card"),
            _requested("app-refused", "svc-p", "birth-certificate"),
        )
        await eventually(lambda: "app-refused" in results.by_application, within=20)
        refused = results.by_application["app-refused"]
        assert isinstance(refused[0], events.EvidenceUnavailable)
        assert (refused[0].reason, refused[0].detail) == ("refused", "refused")
        assert "app-waits" not in results.by_application, "no fetch without an approved basis"

        await publish(bus, _decided("svc-p", "national-id-card", "approved"))
        await eventually(lambda: "app-waits" in results.by_application, within=20)
        [retrieved] = results.by_application["app-waits"]
        assert isinstance(retrieved, events.EvidenceRetrieved)
        assert retrieved.law_reference == LAW and retrieved.status == "found"
        assert retrieved.data and "card_serial" not in retrieved.data


async def test_the_application_path_refuses_a_basis_that_never_comes(
    sqlite_url: str, simulator: httpx.AsyncClient, bus: InMemoryBus
) -> None:
    results = _Results()
    bus.subscribe([events.EVIDENCE], results, group="observer")
    async with running(inquiry_settings(sqlite_url, str(simulator.base_url)), bus=bus) as client:
        await publish(bus, _service("svc-never"))
        await publish(bus, _requested("app-never", "svc-never", "education-degree"))
        await eventually(lambda: "app-never" in results.by_application, within=20)
        [given_up] = results.by_application["app-never"]
        assert isinstance(given_up, events.EvidenceUnavailable)
        assert (given_up.reason, given_up.detail, given_up.attempts) == ("refused", "pending", 2)
        assert (await simulator.get("/_stats")).json()["requests"] == {}
        # The wait asked no registry, so only the refusal at its end is an inquiry.
        audited = await _rows(client, "SELECT application_id, outcome, reason FROM audit_log")
        assert [tuple(r) for r in audited] == [("app-never", "refused", "pending")]
        assert await _rows(client, "SELECT id FROM inquiries") == []
