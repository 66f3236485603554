"""The legal basis of a service's evidence (API.md, Legal basis); pure, no I/O.

An agency does not grant itself the right to fetch a person's records: each evidence type a
service requires waits, pending, until the legal-basis office approves it. The agency's own
writes can only ever make an entry pending (publishing, adding a type); only the office's
decision moves it.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from panjereh import events
from panjereh.events.catalog import BasisStatus

Verdict = Literal["approved", "refused"]


@dataclass(frozen=True)
class Basis:
    """The office's current word on one evidence type of one service."""

    evidence_type: str
    status: BasisStatus
    requested_at: dt.datetime
    law_reference: str | None = None
    note: str | None = None
    decided_by: str | None = None
    decided_at: dt.datetime | None = None

    def public(self) -> events.LegalBasis:
        """What the service's representation and its events show of it."""
        return events.LegalBasis(
            evidence_type=self.evidence_type,
            status=self.status,
            law_reference=self.law_reference,
            decided_at=self.decided_at,
        )


def reconcile(
    current: Mapping[str, Basis], required: Sequence[str], *, now: dt.datetime
) -> tuple[Basis, ...]:
    """One entry per required type, in the service's order: a type that stays keeps its
    decision, a type that is new waits for the office, a type no longer required drops out."""
    return tuple(
        current.get(code) or Basis(evidence_type=code, status="pending", requested_at=now)
        for code in required
    )


def decide(
    basis: Basis,
    *,
    verdict: Verdict,
    law_reference: str,
    note: str | None,
    decided_by: str,
    now: dt.datetime,
) -> Basis:
    """The office's decision; it may revisit an earlier one (a refusal stops the service)."""
    return replace(
        basis,
        status=verdict,
        law_reference=law_reference,
        note=note,
        decided_by=decided_by,
        decided_at=now,
    )


def all_approved(bases: Iterable[events.LegalBasis], required: Sequence[str]) -> bool:
    """Whether the service may take applications: every required type approved, none missing
    (a type without an entry was never approved, so it denies too)."""
    approved = {basis.evidence_type for basis in bases if basis.status == "approved"}
    return set(required) <= approved
