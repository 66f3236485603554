"""Pure rules of the inquiry service: legal basis, data minimisation, the audit hash chain."""

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from inquiry_service.evidence import catalog

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class Requirement:
    """A catalogue service as the inquiry service knows it: whose it is and what it needs."""

    service_id: str
    agency_id: str
    evidence_types: frozenset[str]


@dataclass(frozen=True)
class Refusal:
    code: str
    en: str
    fa: str


def legal_basis_refusal(
    *, agency_id: str | None, evidence_type: str, requirement: Requirement | None
) -> Refusal | None:
    """Why this agency may not fetch this evidence for this purpose, or None if it may.

    Deny by default: the purpose must be a service of the caller's own agency that requires
    the evidence type.
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
    return None


def minimise(evidence_type: str, data: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Keep only the fields of a record that may leave this service (data minimisation)."""
    if data is None:
        return None
    shareable = catalog.get(evidence_type).shareable_fields
    return {name: value for name, value in data.items() if name in shareable}


def subject_key(secret: bytes, national_code: str) -> str:
    """A keyed hash of a national code: lets the log be searched by person, not read as codes."""
    return hmac.new(secret, national_code.encode(), hashlib.sha256).hexdigest()


def canonical(entry: Mapping[str, Any]) -> bytes:
    """The entry's canonical JSON (sorted keys, no spaces, UTF-8), the input of its hash."""
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """SHA-256 over the previous entry's hash and this entry's canonical JSON."""
    return hashlib.sha256(prev_hash.encode() + canonical(entry)).hexdigest()


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
