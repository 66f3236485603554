"""The legal-basis office's use cases: its queue, one request with its history, a decision.

A decision is stored, appended to the history and announced (LegalBasisDecided, through the
outbox) in one transaction; the inquiry service learns from that event what it may fetch.
"""

import datetime as dt
from typing import Any

import sqlalchemy as sa

from application_service.catalog import legal_basis, repository
from panjereh import events
from panjereh.db.uow import UnitOfWork
from panjereh.problems import ProblemError


async def queue(
    uow: UnitOfWork, *, status: str | None, after: tuple[str, str] | None, limit: int
) -> list[sa.Row[Any]]:
    return await repository.requests(uow.session, status=status, after=after, limit=limit)


async def request(
    uow: UnitOfWork, *, service_id: str, evidence_type: str
) -> tuple[sa.Row[Any], list[sa.Row[Any]]]:
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
) -> tuple[sa.Row[Any], list[sa.Row[Any]]]:
    """Approve or refuse one basis (again, if the office changes its mind) and announce it."""
    current, _ = await request(uow, service_id=service_id, evidence_type=evidence_type)
    bases = await repository.bases_of(uow.session, service_id)
    decided = legal_basis.decide(
        bases[evidence_type],
        verdict=verdict,
        law_reference=law_reference,
        note=note,
        decided_by=decided_by,
        now=dt.datetime.now(dt.UTC),
    )
    await repository.decide(uow.session, service_id=service_id, basis=decided)
    assert decided.decided_at is not None
    uow.emit(
        events.LegalBasisDecided(
            service_id=service_id,
            agency_id=current.agency_id,
            evidence_type=evidence_type,
            decision=verdict,
            law_reference=law_reference,
            note=note,
            decided_by=decided_by,
            decided_at=decided.decided_at,
        )
    )
    return await request(uow, service_id=service_id, evidence_type=evidence_type)


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
