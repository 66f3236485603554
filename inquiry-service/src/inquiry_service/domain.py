"""Pure rules of the inquiry service: legal basis, data minimisation, the audit hash chain."""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from inquiry_service.evidence import catalog

GENESIS_HASH = "0" * 64


BasisStatus = Literal["pending", "approved", "refused"]


@dataclass(frozen=True)
class Basis:
    """The legal-basis office's word on one evidence type of one service."""

    status: BasisStatus
    law_reference: str | None = None
    decided_at: dt.datetime | None = None


NO_BASIS = Basis("pending")


@dataclass(frozen=True)
class Requirement:
    """A catalogue service as the inquiry service knows it: whose it is, what it needs, and
    the office's decision on each evidence type (absent: no decision yet, so pending)."""

    service_id: str
    agency_id: str
    evidence_types: frozenset[str]
    bases: Mapping[str, Basis] = field(default_factory=dict, hash=False)

    def basis(self, evidence_type: str) -> Basis:
        return self.bases.get(evidence_type, NO_BASIS)

    def law_reference(self, evidence_type: str) -> str | None:
        """The law an approved basis rests on, or None when there is no approved basis."""
        basis = self.basis(evidence_type)
        return basis.law_reference if basis.status == "approved" else None


@dataclass(frozen=True)
class EvidenceRequest:
    """One inquiry to make: whose evidence, for which agency and purpose."""

    agency_id: str | None
    client_id: str | None
    evidence_type: str
    national_code: str
    mobile: str | None
    service_id: str
    application_id: str | None


@dataclass(frozen=True)
class DueRequest:
    """An application's evidence request the worker leased, with its purpose service as the
    inquiry service knows it (the basis of this one evidence type), loaded with the lease."""

    event_id: str
    request: EvidenceRequest
    request_id: str | None
    attempts: int  # tries so far, not counting the one about to be made
    requirement: Requirement | None
    traceparent: str | None = None  # the trace that queued it (fetched and recorded in it)


@dataclass(frozen=True)
class Application:
    """An application as the inquiry service knows it, to check an inquiry's purpose."""

    application_id: str
    agency_id: str
    service_id: str
    subject: str  # keyed hash of the applicant's national code (subject_key)
    final: bool


@dataclass(frozen=True)
class StoredInquiry:
    """An inquiry as recorded (its data minimised when it was stored)."""

    id: str
    agency_id: str
    evidence_type: str
    status: str
    data: Mapping[str, Any] | None
    registry: str
    retrieved_at: dt.datetime
    cached: bool


@dataclass(frozen=True)
class AccessEntry:
    """One audit entry as an agency's access log shows it."""

    seq: int
    at: dt.datetime
    agency_id: str
    evidence_type: str
    service_id: str | None
    application_id: str | None
    outcome: str
    registry: str


@dataclass(frozen=True)
class Refusal:
    code: str
    en: str
    fa: str


# The office has not decided (yet): may still change, so the application path waits for it.
MAY_ARRIVE = frozenset({"unknown-purpose", "pending"})


def legal_basis_refusal(
    *, agency_id: str | None, evidence_type: str, requirement: Requirement | None
) -> Refusal | None:
    """Why this agency may not fetch this evidence for this purpose, or None if it may.

    Deny by default: the purpose must be a service of the caller's own agency that requires
    the evidence type, and the legal-basis office (never the agency) must have approved it.
    """
    if requirement is None:
        return Refusal(
            "unknown-purpose",
            "The purpose names no service in the catalogue.",
            "خدمت ذکرشده به‌عنوان هدف استعلام در فهرست خدمات وجود ندارد.",
        )
    if agency_id is None or requirement.agency_id != agency_id:
        return Refusal(
            "not-your-service",
            "The purpose is a service of another agency.",
            "خدمت ذکرشده متعلق به دستگاه دیگری است.",
        )
    if evidence_type not in requirement.evidence_types:
        return Refusal(
            "not-required",
            f"The service does not require {evidence_type}; no legal basis to fetch it.",
            f"این خدمت به مدرک «{evidence_type}» نیاز ندارد؛ مجوز قانونی استعلام وجود ندارد.",
        )
    return _basis_refusal(evidence_type, requirement.basis(evidence_type))


def _basis_refusal(evidence_type: str, basis: Basis) -> Refusal | None:
    # An approval names the law it rests on: the person's history shows it beside each fetch.
    if basis.status == "approved" and basis.law_reference:
        return None
    if basis.status == "refused":
        return Refusal(
            "refused",
            f"The legal-basis office refused the basis for fetching {evidence_type} "
            "for this service.",
            f"مرجع مجوز قانونی، مبنای استعلام «{evidence_type}» را برای این خدمت رد کرده است.",
        )
    return Refusal(
        "pending",
        f"The legal basis for fetching {evidence_type} for this service awaits the "
        "legal-basis office's approval.",
        f"مبنای قانونی استعلام «{evidence_type}» برای این خدمت هنوز به تأیید مرجع مجوز "
        "قانونی نرسیده است.",
    )


def application_refusal(
    *, agency_id: str | None, service_id: str, subject: str, application: Application | None
) -> Refusal | None:
    """Why a direct inquiry may not name this application as its purpose, or None if it may.

    It must be the caller's own, for the purpose service, about the same person, and still
    open. Another agency's application gets the same answer as one that does not exist, so
    its existence does not leak.
    """
    if application is None or agency_id is None or application.agency_id != agency_id:
        return _not_your_application(
            "The application is not one of your agency's applications.",
            "این درخواست از درخواست‌های دستگاه شما نیست.",
        )
    if application.service_id != service_id:
        return _not_your_application(
            "The application is for another service than the purpose.",
            "این درخواست مربوط به خدمت دیگری غیر از هدف استعلام است.",
        )
    if application.subject != subject:
        return _not_your_application(
            "The application is about another person.",
            "این درخواست متعلق به شخص دیگری است.",
        )
    if application.final:
        return _not_your_application(
            "The application is already closed; nothing may be fetched for it.",
            "این درخواست به پایان رسیده است و استعلامی برای آن مجاز نیست.",
        )
    return None


def _not_your_application(en: str, fa: str) -> Refusal:
    return Refusal("not-your-application", en, fa)


def minimise(evidence_type: str, data: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Keep only the fields of a record that may leave this service (data minimisation)."""
    if data is None:
        return None
    shareable = catalog.get(evidence_type).shareable_fields
    return {name: value for name, value in data.items() if name in shareable}


def canonical(entry: Mapping[str, Any]) -> bytes:
    """The entry's canonical JSON (sorted keys, no spaces, UTF-8), the input of its hash."""
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """SHA-256 over the previous entry's hash and this entry's canonical JSON."""
    return hashlib.sha256(prev_hash.encode() + canonical(entry)).hexdigest()


def chained(prev_hash: str, bodies: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The bodies as audit entries, each linked to the one before it, in order."""
    entries = []
    for body in bodies:
        entry_hash = chain_hash(prev_hash, body)
        entries.append({**body, "prev_hash": prev_hash, "hash": entry_hash})
        prev_hash = entry_hash
    return entries


@dataclass(frozen=True)
class ChainedEntry:
    seq: int
    prev_hash: str
    hash: str
    body: Mapping[str, Any]


def first_broken_link(
    entries: Iterable[ChainedEntry], *, expected_prev: str = GENESIS_HASH
) -> int | None:
    """The seq of the first entry whose hash or link does not hold, or None if all hold."""
    for entry in entries:
        if (
            entry.prev_hash != expected_prev
            or chain_hash(entry.prev_hash, entry.body) != entry.hash
        ):
            return entry.seq
        expected_prev = entry.hash
    return None


def retry_delay(*, attempt: int, base_seconds: float) -> dt.timedelta:
    """How long an evidence request waits before its next try (exponential, capped at 1 h)."""
    return dt.timedelta(seconds=min(base_seconds * 2 ** max(attempt - 1, 0), 3600))
