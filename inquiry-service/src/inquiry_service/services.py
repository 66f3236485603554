"""Online inquiries: check the legal basis, fetch, record, audit — for agencies and applications."""

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from inquiry_service import audit, domain, metrics
from inquiry_service.domain import EvidenceRequest
from inquiry_service.evidence import catalog
from inquiry_service.registries.base import RegistryUnavailable
from inquiry_service.registries.resilient import ResilientConnector
from inquiry_service.uow import InquiryUnitOfWork
from panjereh import events, identity
from panjereh.problems import ProblemError

__all__ = ["EvidenceRequest", "Inquirer", "Refused", "Result", "Verdict"]


@dataclass(frozen=True)
class Result:
    id: str
    evidence_type: str
    status: Literal["found", "not_found", "unavailable"]
    data: dict[str, Any] | None
    retrieved_at: dt.datetime
    source: str
    cached: bool
    latency_ms: int
    detail: str | None = None


class Refused(ProblemError):
    """No legal basis: answered 403, and audited."""

    def __init__(self, refusal: domain.Refusal) -> None:
        super().__init__(403, f"no-legal-basis/{refusal.code}", refusal.en, refusal.fa)
        self.refusal = refusal


@dataclass(frozen=True)
class Verdict:
    """Whether a request has a legal basis: the refusal, or the law the approval rests on."""

    refusal: domain.Refusal | None
    law_reference: str | None = None


def verdict(request: EvidenceRequest, requirement: domain.Requirement | None) -> Verdict:
    """The request's verdict under its purpose service's legal basis (deny by default)."""
    refusal = domain.legal_basis_refusal(
        agency_id=request.agency_id, evidence_type=request.evidence_type, requirement=requirement
    )
    if refusal is not None or requirement is None:
        return Verdict(refusal)
    return Verdict(None, requirement.law_reference(request.evidence_type))


class Inquirer:
    def __init__(
        self,
        *,
        connector: ResilientConnector,
        uow: Callable[[], InquiryUnitOfWork],
        subject_secret: bytes,
    ) -> None:
        self._connector = connector
        self._uow = uow
        self._secret = subject_secret

    @property
    def subject_secret(self) -> bytes:
        return self._secret

    async def basis(self, request: EvidenceRequest, *, uow: InquiryUnitOfWork) -> Verdict:
        """The purpose service's legal basis for this evidence type, as the office decided."""
        return verdict(request, await uow.requirements.get(request.service_id))

    async def fetch(self, request: EvidenceRequest) -> Result:
        """Ask the registry (resiliently); never raises for a registry that is down.

        The record is minimised here, so nothing past this point (answer, store, event) ever
        holds more than the evidence type's shareable fields.
        """
        evidence = catalog.get(request.evidence_type)
        try:
            fetched = await self._connector.fetch(
                evidence, request.national_code, mobile=request.mobile
            )
        except RegistryUnavailable as error:
            return _result(
                request, "unavailable", None, evidence.registry, False, 0, detail=error.reason
            )
        answer = fetched.answer
        data = domain.minimise(request.evidence_type, answer.data)
        return _result(
            request, answer.status, data, answer.registry, fetched.cached, fetched.latency_ms
        )

    async def inquire(self, request: EvidenceRequest) -> Result:
        """The synchronous path for agency backends: 403 (audited) without a legal basis.

        Answered or refused, the inquiry is announced (inquiry.recorded) in the transaction
        that records it, so the person's access history holds every direct fetch.
        """
        verdict = await self._direct_verdict(request)
        refusal = verdict.refusal
        if refusal is not None:
            await audit.committing_with_chain_retry(lambda: self._record_refusal(request, refusal))
            raise Refused(refusal)
        result = await self.fetch(request)
        await audit.committing_with_chain_retry(
            lambda: self._record_direct(request, result, verdict.law_reference)
        )
        return result

    async def _direct_verdict(self, request: EvidenceRequest) -> Verdict:
        async with self._uow() as uow:
            verdict = await self.basis(request, uow=uow)
            if verdict.refusal is not None or request.application_id is None:
                return verdict
            application = await uow.applications.get(request.application_id)
        refusal = domain.application_refusal(
            agency_id=request.agency_id,
            service_id=request.service_id,
            subject=identity.subject_key(self._secret, request.national_code),
            application=application,
        )
        return verdict if refusal is None else Verdict(refusal)

    def record(self, request: EvidenceRequest, result: Result, *, uow: InquiryUnitOfWork) -> None:
        """Store the inquiry and its audit entry in `uow` (the caller commits)."""
        metrics.INQUIRIES.labels(request.evidence_type, result.status).inc()
        uow.inquiries.add(
            {
                "id": result.id,
                "agency_id": request.agency_id or "",
                "client_id": request.client_id,
                "evidence_type": request.evidence_type,
                "subject": identity.subject_key(self._secret, request.national_code),
                "service_id": request.service_id,
                "application_id": request.application_id,
                "status": result.status,
                "data": domain.minimise(request.evidence_type, result.data),
                "registry": result.source,
                "retrieved_at": result.retrieved_at,
                "cached": result.cached,
            }
        )
        audit.append(
            uow,
            _audit_record(
                request, result.status, result.detail, result.source, result.latency_ms, result.id
            ),
            subject_secret=self._secret,
        )

    async def _record_direct(
        self, request: EvidenceRequest, result: Result, law_reference: str | None
    ) -> None:
        async with self._uow() as uow:
            self.record(request, result, uow=uow)
            uow.emit(
                recorded_event(
                    request,
                    inquiry_id=result.id,
                    outcome=result.status,
                    reason=result.detail,
                    registry=result.source,
                    law_reference=law_reference,
                    at=result.retrieved_at,
                )
            )
            await uow.commit()

    def audit_refusal(
        self,
        request: EvidenceRequest,
        refusal: domain.Refusal,
        *,
        uow: InquiryUnitOfWork,
        inquiry_id: str | None = None,
    ) -> None:
        metrics.INQUIRIES.labels(request.evidence_type, "refused").inc()
        audit.append(
            uow,
            _audit_record(request, "refused", refusal.code, _registry(request), 0, inquiry_id),
            subject_secret=self._secret,
        )

    async def _record_refusal(self, request: EvidenceRequest, refusal: domain.Refusal) -> None:
        # A refusal has no stored inquiry; its id ties the history entry to the audit entry.
        inquiry_id = str(uuid.uuid4())
        async with self._uow() as uow:
            self.audit_refusal(request, refusal, uow=uow, inquiry_id=inquiry_id)
            uow.emit(
                recorded_event(
                    request,
                    inquiry_id=inquiry_id,
                    outcome="refused",
                    reason=refusal.code,
                    registry=_registry(request),
                    law_reference=None,
                    at=dt.datetime.now(dt.UTC),
                )
            )
            await uow.commit()


def _registry(request: EvidenceRequest) -> str:
    known = catalog.is_known(request.evidence_type)
    return catalog.get(request.evidence_type).registry if known else "unknown"


def _result(
    request: EvidenceRequest,
    status: Literal["found", "not_found", "unavailable"],
    data: dict[str, Any] | None,
    registry: str,
    cached: bool,
    latency_ms: int,
    *,
    detail: str | None = None,
) -> Result:
    return Result(
        id=str(uuid.uuid4()),
        evidence_type=request.evidence_type,
        status=status,
        data=data,
        retrieved_at=dt.datetime.now(dt.UTC),
        source=registry,
        cached=cached,
        latency_ms=latency_ms,
        detail=detail,
    )


def _audit_record(
    request: EvidenceRequest,
    outcome: str,
    reason: str | None,
    registry: str,
    latency_ms: int,
    inquiry_id: str | None,
) -> audit.AuditRecord:
    return audit.AuditRecord(
        agency_id=request.agency_id or "",
        client_id=request.client_id,
        evidence_type=request.evidence_type,
        national_code=request.national_code,
        service_id=request.service_id,
        application_id=request.application_id,
        inquiry_id=inquiry_id,
        outcome=outcome,
        reason=reason,
        registry=registry,
        latency_ms=latency_ms,
    )


def retrieved_event(
    request: EvidenceRequest, result: Result, *, purpose: str, law_reference: str | None
) -> events.EvidenceRetrieved:
    """The fact to publish for an application: only the fields its decision may need."""
    assert result.status != "unavailable"
    return events.EvidenceRetrieved(
        application_id=request.application_id or "",
        evidence_type=request.evidence_type,
        agency_id=request.agency_id or "",
        service_id=request.service_id,
        inquiry_id=result.id,
        status=result.status,
        data=domain.minimise(request.evidence_type, result.data),
        registry=result.source,
        online=catalog.get(request.evidence_type).online,
        retrieved_at=result.retrieved_at,
        purpose=purpose,
        law_reference=law_reference,
    )


def refused_event(
    request: EvidenceRequest, refusal: domain.Refusal, *, attempts: int = 1
) -> events.EvidenceUnavailable:
    """The fact to publish for an application whose evidence may not be fetched."""
    return events.EvidenceUnavailable(
        application_id=request.application_id or "",
        evidence_type=request.evidence_type,
        agency_id=request.agency_id or "",
        service_id=request.service_id,
        registry=_registry(request),
        reason="refused",
        detail=refusal.code,
        attempts=attempts,
        given_up_at=dt.datetime.now(dt.UTC),
    )


def recorded_event(
    request: EvidenceRequest,
    *,
    inquiry_id: str,
    outcome: Literal["found", "not_found", "unavailable", "refused"],
    reason: str | None,
    registry: str,
    law_reference: str | None,
    at: dt.datetime,
) -> events.InquiryRecorded:
    """The fact of one direct inquiry, for the person's access history."""
    return events.InquiryRecorded(
        inquiry_id=inquiry_id,
        national_code=request.national_code,
        agency_id=request.agency_id or "",
        client_id=request.client_id,
        evidence_type=request.evidence_type,
        service_id=request.service_id,
        application_id=request.application_id,
        outcome=outcome,
        reason=reason,
        registry=registry,
        law_reference=law_reference,
        at=at,
    )
