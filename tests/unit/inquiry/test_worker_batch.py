"""The evidence worker's batch logic on a fake unit of work and scripted registries (no
database, no network): one lease, concurrent fetches, one recording transaction."""

import asyncio
import datetime as dt

import pytest

from inquiry_service import domain
from inquiry_service.registries.base import RegistryAnswer, RegistryRejected, RegistryTransientError
from inquiry_service.worker import EvidenceWorker
from panjereh import events
from tests.unit.inquiry.fakes import FakeInquiryUnitOfWork, ScriptedConnector, inquirer

pytestmark = pytest.mark.asyncio

AT = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
APPROVED = domain.Basis("approved", "law 5", AT)
FOUND = RegistryAnswer(
    "found", {"national_code": "0012345679", "first_name": "x"}, "civil-registration"
)
BUDGET = 3


def _due(
    n: int,
    evidence_type: str = "national-id-card",
    *,
    attempts: int = 0,
    basis: domain.Basis | None = APPROVED,
    known: bool = True,
) -> domain.DueRequest:
    bases = {evidence_type: basis} if basis else {}
    requirement = (
        domain.Requirement("svc", "agency-a", frozenset({evidence_type}), bases) if known else None
    )
    request = domain.EvidenceRequest(
        "agency-a", None, evidence_type, "0012345679", None, "svc", f"app-{n}"
    )
    return domain.DueRequest(f"ev-{n}", request, f"req-{n}", attempts, requirement)


async def _round(
    uow: FakeInquiryUnitOfWork,
    script: dict[str, RegistryAnswer | Exception],
    *due: domain.DueRequest,
) -> tuple[int, ScriptedConnector]:
    connector = ScriptedConnector(script)
    uow.evidence_requests.due = list(due)
    worker = EvidenceWorker(
        inquirer=inquirer(uow, connector), uow=lambda: uow, budget=BUDGET, base_seconds=1.0
    )
    return await worker.run_once(), connector


async def test_a_batch_is_leased_once_and_recorded_in_one_transaction() -> None:
    uow = FakeInquiryUnitOfWork()
    taken, connector = await _round(uow, {"national-id-card": FOUND}, *(_due(n) for n in range(20)))
    assert taken == 20 and uow.evidence_requests.leases == 1 and len(connector.calls) == 20
    assert uow.commits == 2, "the lease, then one transaction for the whole batch"
    assert uow.audit.flushes == 1, "one chain-head lock for the batch"
    assert uow.evidence_requests.finished == {f"ev-{n}": 1 for n in range(20)}
    retrieved = [e for e in uow.emitted if isinstance(e, events.EvidenceRetrieved)]
    assert [e.application_id for e in retrieved] == [f"app-{n}" for n in range(20)]
    assert [e["application_id"] for e in uow.audit.entries] == [f"app-{n}" for n in range(20)]
    assert [e["request_id"] for e in uow.audit.entries] == [f"req-{n}" for n in range(20)]
    assert domain.first_broken_link(uow.audit.chain()) is None
    assert {row["id"] for row in uow.inquiries.rows} == {e.inquiry_id for e in retrieved}


async def test_the_answer_is_minimised_before_it_is_stored_or_announced() -> None:
    uow = FakeInquiryUnitOfWork()
    leaky = RegistryAnswer(
        "found", {**(FOUND.data or {}), "secret_field": "no"}, "civil-registration"
    )
    await _round(uow, {"national-id-card": leaky}, _due(1))
    [retrieved] = uow.emitted
    assert isinstance(retrieved, events.EvidenceRetrieved) and retrieved.data is not None
    assert (
        "secret_field" not in retrieved.data and "secret_field" not in uow.inquiries.rows[0]["data"]
    )
    assert retrieved.law_reference == "law 5" and retrieved.purpose.startswith("application app-1")


async def test_a_refused_or_unknown_basis_is_never_fetched() -> None:
    uow = FakeInquiryUnitOfWork()
    refused = _due(1, basis=domain.Basis("refused", "law 5", AT))
    await _round(uow, {}, refused)
    assert uow.evidence_requests.finished == {"ev-1": 1}
    [event] = uow.emitted
    assert isinstance(event, events.EvidenceUnavailable) and event.detail == "refused"
    assert [e["outcome"] for e in uow.audit.entries] == ["refused"] and uow.inquiries.rows == []


async def test_a_pending_basis_is_waited_for_unaudited_then_refused_when_the_budget_is_spent() -> (
    None
):
    uow = FakeInquiryUnitOfWork()
    taken, connector = await _round(uow, {}, _due(1, basis=None), _due(2, known=False))
    assert taken == 2 and connector.calls == []
    assert set(uow.evidence_requests.rescheduled) == {"ev-1", "ev-2"}
    assert uow.emitted == [] and uow.audit.entries == [], "a wait is not an inquiry"
    attempts, at, error = uow.evidence_requests.rescheduled["ev-1"]
    assert attempts == 1 and at > dt.datetime.now(dt.UTC) and "pending" in error
    await _round(uow, {}, _due(1, basis=None, attempts=BUDGET - 1))
    [event] = uow.emitted
    assert isinstance(event, events.EvidenceUnavailable) and event.detail == "pending"
    assert event.attempts == BUDGET and uow.evidence_requests.finished == {"ev-1": BUDGET}


async def test_a_down_registry_is_retried_later_then_reported_unavailable() -> None:
    uow = FakeInquiryUnitOfWork()
    down: dict[str, RegistryAnswer | Exception] = {
        "national-id-card": RegistryTransientError("503")
    }
    await _round(uow, down, _due(1))
    assert uow.emitted == [] and "ev-1" in uow.evidence_requests.rescheduled
    assert [e["outcome"] for e in uow.audit.entries] == ["unavailable"], "the try is audited"
    await _round(uow, down, _due(1, attempts=BUDGET - 1))
    [event] = uow.emitted
    assert isinstance(event, events.EvidenceUnavailable) and event.reason == "registry_unavailable"
    assert uow.evidence_requests.finished == {"ev-1": BUDGET}
    assert domain.first_broken_link(uow.audit.chain()) is None


async def test_a_request_whose_fetch_fails_unexpectedly_is_left_to_its_lease() -> None:
    uow = FakeInquiryUnitOfWork()
    script: dict[str, RegistryAnswer | Exception] = {
        "national-id-card": FOUND,
        "birth-certificate": RegistryRejected("answered 400"),
    }
    await _round(uow, script, _due(1), _due(2, "birth-certificate"))
    assert uow.evidence_requests.finished == {"ev-1": 1}
    assert "ev-2" not in uow.evidence_requests.rescheduled
    assert [e["application_id"] for e in uow.audit.entries] == ["app-1"], "only what was recorded"


async def test_fetches_run_concurrently() -> None:
    uow = FakeInquiryUnitOfWork()
    in_flight, peak = 0, 0

    class Slow(ScriptedConnector):
        async def fetch(self, evidence, national_code, *, mobile=None):  # type: ignore[no-untyped-def]
            nonlocal in_flight, peak
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.01)
            in_flight -= 1
            return FOUND

    uow.evidence_requests.due = [_due(n) for n in range(10)]
    worker = EvidenceWorker(
        inquirer=inquirer(uow, Slow({})),
        uow=lambda: uow,
        budget=BUDGET,
        base_seconds=1.0,
        per_registry=4,
    )
    assert await worker.run_once() == 10
    assert peak == 4, "bounded per registry, and concurrent up to the bound"


async def test_a_round_leaves_its_batch_fetching_and_stop_waits_for_it_to_be_recorded() -> None:
    uow, gate = FakeInquiryUnitOfWork(), asyncio.Event()

    class Gated(ScriptedConnector):
        async def fetch(self, evidence, national_code, *, mobile=None):  # type: ignore[no-untyped-def]
            await gate.wait()
            return FOUND

    uow.evidence_requests.due = [_due(1)]
    worker = EvidenceWorker(
        inquirer=inquirer(uow, Gated({})), uow=lambda: uow, budget=BUDGET, base_seconds=1.0
    )
    assert await worker.round() is False, "a batch short of full: nothing more waits"
    uow.evidence_requests.due = [_due(2)]
    await worker.round()  # leases the next batch while the first is still at its registry
    assert uow.evidence_requests.leases == 2 and uow.evidence_requests.finished == {}
    gate.set()
    await worker.stop()
    assert uow.evidence_requests.finished == {"ev-1": 1, "ev-2": 1}
    assert uow.commits == 4, "two leases, two batches recorded"
