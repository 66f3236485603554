"""The legal-basis office's use cases: its queue, one request with its history, a decision.

A decision is stored, appended to the history and announced (LegalBasisDecided, through the
outbox) in one transaction; the inquiry service learns from that event what it may fetch.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from application_service.catalog import legal_basis, repository, seed
from panjereh import events
from panjereh.db.uow import UnitOfWork
from panjereh.problems import ProblemError


async def queue(
    uow: UnitOfWork,
    *,
    status: str | None,
    agency_id: str | None,
    after: tuple[str, str] | None,
    limit: int,
) -> list[dict[str, Any]]:
    return await repository.requests(
        uow.session, status=status, agency_id=agency_id, after=after, limit=limit
    )


async def log(
    uow: UnitOfWork, *, service_id: str | None, after: int, limit: int
) -> list[dict[str, Any]]:
    """Every decision, the office's and the demo seeds', in the order they were made."""
    return await repository.decisions(uow.session, service_id=service_id, after=after, limit=limit)


async def request(
    uow: UnitOfWork, *, service_id: str, evidence_type: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One basis and every decision made on it, oldest first; 404 if the service does not
    require that evidence type (there is nothing to decide)."""
    found = await repository.request(
        uow.session, service_id=service_id, evidence_type=evidence_type
    )
    if found is None:
        raise _no_such_request(service_id, evidence_type)
    decisions = await repository.history(
        uow.session, service_id=service_id, evidence_type=evidence_type
    )
    return found, decisions


async def decide(
    uow: UnitOfWork,
    *,
    service_id: str,
    evidence_type: str,
    verdict: legal_basis.Verdict,
    law_reference: str,
    note: str | None,
    decided_by: str,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Approve or refuse one basis (again, if the office changes its mind) and announce it."""
    await repository.lock_service(uow.session, service_id)  # after a change in flight, if any
    current, _ = await request(uow, service_id=service_id, evidence_type=evidence_type)
    bases = await repository.bases_of(uow.session, service_id)
    await _record(
        uow,
        agency_id=current["agency_id"],
        service_id=service_id,
        basis=legal_basis.decide(
            bases[evidence_type],
            verdict=verdict,
            law_reference=law_reference,
            note=note,
            decided_by=decided_by,
            now=dt.datetime.now(dt.UTC),
        ),
    )
    return await request(uow, service_id=service_id, evidence_type=evidence_type)


async def approve_demo_seeds(uow: UnitOfWork) -> int:
    """Demo profiles only: a demo database seeded before the office existed (migration 0003
    made its services pending) gets the approval the demo seeds come with; returns how many.

    A seed service the office ever decided on, or that its agency changed into something
    else, is left alone: the office's word is never overridden by a restart.
    """
    approved = 0
    for seeded in seed.SERVICES:
        current = await repository.get(uow.session, seeded.id)
        bases = await repository.bases_of(uow.session, seeded.id)
        untouched = (
            current is not None
            and current.agency_id == seeded.agency_id
            and current.required_evidence == seeded.required_evidence
            and all(b.status == "pending" and b.decided_at is None for b in bases.values())
            and not await repository.ever_decided(uow.session, seeded.id)
        )
        if not untouched:
            continue
        pending = [bases[code] for code in seeded.required_evidence if code in bases]
        for basis in seed_approvals(seeded.id, pending, now=dt.datetime.now(dt.UTC)):
            await _record(uow, agency_id=seeded.agency_id, service_id=seeded.id, basis=basis)
            approved += 1
    return approved


def seed_approvals(
    service_id: str, bases: Iterable[legal_basis.Basis], *, now: dt.datetime
) -> tuple[legal_basis.Basis, ...]:
    """The approval the demo seeds come with (API.md, Legal basis), with their demo law."""
    return tuple(
        legal_basis.decide(
            basis,
            verdict="approved",
            law_reference=seed.LAW_REFERENCES[service_id],
            note=seed.SEED_NOTE,
            decided_by=seed.SEEDED_BY,
            now=now,
        )
        for basis in bases
    )


async def _record(
    uow: UnitOfWork, *, agency_id: str, service_id: str, basis: legal_basis.Basis
) -> None:
    """Store a decision, append it to the history and announce it, in this transaction."""
    await repository.decide(uow.session, service_id=service_id, basis=basis)
    assert basis.decided_at and basis.decided_by and basis.law_reference
    assert basis.status != "pending"
    verdict: legal_basis.Verdict = "approved" if basis.status == "approved" else "refused"
    uow.emit(
        events.LegalBasisDecided(
            service_id=service_id,
            agency_id=agency_id,
            evidence_type=basis.evidence_type,
            decision=verdict,
            law_reference=basis.law_reference,
            note=basis.note,
            decided_by=basis.decided_by,
            decided_at=basis.decided_at,
        )
    )


def _no_such_request(service_id: str, evidence_type: str) -> ProblemError:
    # A fresh error per raise: a shared exception object would grow one traceback forever.
    return ProblemError(
        404,
        "not-found",
        f"Service {service_id} has no legal-basis request for {evidence_type} (no such "
        "service, or it does not require that evidence type).",
        f"برای خدمت {service_id} درخواست مبنای قانونی «{evidence_type}» وجود ندارد "
        "(چنین خدمتی نیست یا این نوع مدرک را لازم ندارد).",
    )
