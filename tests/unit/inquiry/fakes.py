"""The inquiry service's unit of work with in-memory repositories (no database), for unit
tests of its handlers and of the worker's batch logic. Each repository subclasses the SQL
one, so mypy holds both to the same typed methods."""

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from inquiry_service import audit_repository, domain, repository
from inquiry_service.evidence.catalog import EvidenceType
from inquiry_service.registries.base import RegistryAnswer
from inquiry_service.registries.resilient import Resilience, ResilientConnector
from inquiry_service.services import Inquirer
from inquiry_service.uow import InquiryUnitOfWork
from tests.fakes import FakeUnitOfWork

SECRET = b"unit-test-subject-key"


class InMemoryRequirements(repository.Requirements):
    def __init__(self) -> None:
        self.services: dict[str, domain.Requirement] = {}
        self.decisions: dict[tuple[str, str], domain.Basis] = {}  # set_basis, kept apart
        self.loads: list[set[str]] = []

    async def load(self, service_ids: Iterable[str]) -> None:
        self.loads.append(set(service_ids))

    async def get(self, service_id: str) -> domain.Requirement | None:
        service = self.services.get(service_id)
        if service is None:
            return None
        decided = {t: b for (s, t), b in self.decisions.items() if s == service_id}
        return dataclasses.replace(service, bases={**service.bases, **decided})

    async def put(self, requirement: domain.Requirement) -> None:
        self.services[requirement.service_id] = requirement
        for key in [k for k in self.decisions if k[0] == requirement.service_id]:
            del self.decisions[key]  # the event's bases replace every earlier one

    async def set_basis(self, service_id: str, evidence_type: str, basis: domain.Basis) -> None:
        self.decisions[(service_id, evidence_type)] = basis


class InMemoryApplications(repository.Applications):
    def __init__(self) -> None:
        self.rows: dict[str, domain.Application] = {}

    def add(self, application: domain.Application) -> None:
        self.rows.setdefault(application.application_id, application)

    def close(self, application_id: str) -> None:
        if application_id in self.rows:
            self.rows[application_id] = dataclasses.replace(self.rows[application_id], final=True)

    async def get(self, application_id: str) -> domain.Application | None:
        return self.rows.get(application_id)

    async def flush(self) -> None:
        return None


class InMemoryEvidenceRequests(repository.EvidenceRequests):
    def __init__(self, due: Sequence[domain.DueRequest] = ()) -> None:
        self.due = list(due)  # what the next lease hands out
        self.queued_requests: list[tuple[str, domain.EvidenceRequest, str | None]] = []
        self.finished: dict[str, int] = {}
        self.rescheduled: dict[str, tuple[int, dt.datetime, str]] = {}
        self.leases = 0

    @property
    def queued(self) -> int:
        return len(self.queued_requests)

    def queue(
        self,
        event_id: str,
        request: domain.EvidenceRequest,
        *,
        request_id: str | None,
        traceparent: str | None = None,
    ) -> None:
        self.queued_requests.append((event_id, request, request_id))

    def finish(self, event_id: str, *, attempts: int) -> None:
        self.finished[event_id] = attempts

    def reschedule(self, event_id: str, *, attempts: int, at: dt.datetime, error: str) -> None:
        self.rescheduled[event_id] = (attempts, at, error)

    async def lease_due(
        self, *, now: dt.datetime, lease: dt.timedelta, limit: int
    ) -> list[domain.DueRequest]:
        self.leases += 1
        taken, self.due = self.due[:limit], self.due[limit:]
        return taken

    async def flush(self) -> None:
        return None


class InMemoryInquiries(repository.Inquiries):
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, values: Mapping[str, Any]) -> None:
        self.rows.append(dict(values))

    async def flush(self) -> None:
        return None


class InMemoryAuditLog(audit_repository.AuditLog):
    """Chains at flush, as the real one does; `entries` is the committed chain."""

    def __init__(self) -> None:
        self.pending: list[dict[str, Any]] = []
        self.entries: list[dict[str, Any]] = []
        self.flushes = 0

    def append(self, body: Mapping[str, Any]) -> None:
        self.pending.append(dict(body))

    async def flush(self) -> None:
        if self.pending:
            self.flushes += 1
            head = self.entries[-1]["hash"] if self.entries else domain.GENESIS_HASH
            self.entries += domain.chained(head, self.pending)
            self.pending = []

    def chain(self) -> list[domain.ChainedEntry]:
        keep = ("prev_hash", "hash")
        return [
            domain.ChainedEntry(
                i + 1, e["prev_hash"], e["hash"], {k: v for k, v in e.items() if k not in keep}
            )
            for i, e in enumerate(self.entries)
        ]


class FakeInquiryUnitOfWork(FakeUnitOfWork, InquiryUnitOfWork):
    requirements: InMemoryRequirements
    applications: InMemoryApplications
    evidence_requests: InMemoryEvidenceRequests
    inquiries: InMemoryInquiries
    audit: InMemoryAuditLog

    def __init__(self) -> None:
        super().__init__()
        self.requirements = InMemoryRequirements()
        self.applications = InMemoryApplications()
        self.evidence_requests = InMemoryEvidenceRequests()
        self.inquiries = InMemoryInquiries()
        self.audit = InMemoryAuditLog()


class ScriptedConnector:
    """Registries that answer from a script: evidence type → answer, or an error to raise."""

    def __init__(self, script: Mapping[str, RegistryAnswer | Exception]) -> None:
        self.script = script
        self.calls: list[tuple[str, str]] = []

    async def fetch(
        self, evidence: EvidenceType, national_code: str, *, mobile: str | None = None
    ) -> RegistryAnswer:
        self.calls.append((evidence.code, national_code))
        answer = self.script[evidence.code]
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def aclose(self) -> None:
        return None


def inquirer(uow: FakeInquiryUnitOfWork, connector: ScriptedConnector | None = None) -> Inquirer:
    """An inquirer on the fake unit of work; retries and cache off, so each call is one."""
    policy = Resilience(attempts=1, backoff_seconds=0, cache_ttl_seconds=0)
    return Inquirer(
        connector=ResilientConnector(connector or ScriptedConnector({}), policy),
        uow=lambda: uow,
        subject_secret=SECRET,
    )
