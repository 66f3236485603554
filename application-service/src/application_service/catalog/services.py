"""Catalogue use cases: every change (a service published or changed, the legal-basis office's
decision, the demo seed) is validated, stored and published in one transaction, which the use
case opens and commits; routes never commit."""

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from typing import Any

from application_service.catalog import legal_basis, office, repository, rule_budget, rules, seed
from application_service.catalog.model import Service, ServiceSpec
from panjereh import events
from panjereh.db.uow import UnitOfWork, UnitOfWorkFactory
from panjereh.problems import FieldError, ProblemError

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,98}[a-z0-9]$")


async def register(
    uow_factory: UnitOfWorkFactory, *, agency_id: str, spec: ServiceSpec, service_id: str | None
) -> Service:
    """Publish a new service of `agency_id`."""
    async with uow_factory() as uow:
        service = await _register(uow, agency_id=agency_id, spec=spec, service_id=service_id)
        await uow.commit()
    return service


async def change(
    uow_factory: UnitOfWorkFactory, *, agency_id: str, service_id: str, spec: ServiceSpec
) -> Service:
    """Replace one of `agency_id`'s services."""
    async with uow_factory() as uow:
        service = await _change(uow, agency_id=agency_id, service_id=service_id, spec=spec)
        await uow.commit()
    return service


async def decide_basis(
    uow_factory: UnitOfWorkFactory,
    *,
    service_id: str,
    evidence_type: str,
    verdict: legal_basis.Verdict,
    law_reference: str,
    note: str | None,
    decided_by: str,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The office approves or refuses one basis; the request as it stands, with its history."""
    async with uow_factory() as uow:
        decided = await office.decide(
            uow,
            service_id=service_id,
            evidence_type=evidence_type,
            verdict=verdict,
            law_reference=law_reference,
            note=note,
            decided_by=decided_by,
        )
        await uow.commit()
    return decided


async def seed_demo_catalogue(uow_factory: UnitOfWorkFactory) -> str | None:
    """Demo profiles: seed an empty catalogue, or approve the demo seeds of a database older
    than the office (migration 0003); what was done, None when nothing was."""
    async with uow_factory() as uow:
        if await seed_demo(uow):
            done: str | None = "seeded the demo catalogue"
        elif approved := await office.approve_demo_seeds(uow):
            done = f"approved {approved} legal bases of the demo seeds"
        else:
            return None
        await uow.commit()
    return done


async def _register(
    uow: UnitOfWork, *, agency_id: str, spec: ServiceSpec, service_id: str | None
) -> Service:
    service_id = service_id or f"svc-{uuid.uuid4().hex[:12]}"
    if not _SLUG.match(service_id):
        raise _invalid("id", "use lowercase letters, digits and dashes (3–100)")
    if await repository.get(uow.session, service_id) is not None:
        raise ProblemError(
            409,
            "conflict",
            f"Service {service_id} already exists.",
            f"خدمت {service_id} از قبل وجود دارد.",
        )
    service = await _checked_in_pool(
        Service(id=service_id, agency_id=agency_id, **spec.model_dump(exclude={"smart_by_design"}))
    )
    # Every entry waits for the legal-basis office: publishing grants the agency nothing.
    bases = legal_basis.reconcile({}, service.required_evidence, now=dt.datetime.now(dt.UTC))
    service = _with(service, bases)
    await repository.add(uow.session, service, bases)
    uow.emit(events.ServiceRegistered(**await _fact(uow, service)))
    return service


async def _change(
    uow: UnitOfWork, *, agency_id: str, service_id: str, spec: ServiceSpec
) -> Service:
    current = await repository.get(uow.session, service_id)
    if current is None:
        raise ProblemError(404, "not-found", "No such service.", "چنین خدمتی وجود ندارد.")
    if current.agency_id != agency_id:
        raise ProblemError(
            403,
            "forbidden",
            "The service belongs to another agency.",
            "این خدمت متعلق به دستگاه دیگری است.",
        )
    service = await _checked_in_pool(
        Service(id=service_id, agency_id=agency_id, **spec.model_dump(exclude={"smart_by_design"}))
    )
    # A type that stays keeps the office's decision; an added one waits for it. The lock
    # orders this change and the office's decisions on the service: a change read before a
    # refusal must not write the approval back over it.
    await repository.lock_service(uow.session, service_id)
    bases = legal_basis.reconcile(
        await repository.bases_of(uow.session, service_id),
        service.required_evidence,
        now=dt.datetime.now(dt.UTC),
    )
    service = _with(service, bases)
    await repository.replace(uow.session, service, bases)
    uow.emit(events.ServiceUpdated(**await _fact(uow, service)))
    return service


async def seed_demo(uow: UnitOfWork) -> bool:
    """Load the demo catalogue into an empty database (embedded/dev only); False if not empty."""
    if await repository.list_agencies(uow.session):
        return False
    for agency_id, name_fa, name_en in seed.AGENCIES:
        await repository.add_agency(
            uow.session, agency_id=agency_id, name_fa=name_fa, name_en=name_en
        )
    now = dt.datetime.now(dt.UTC)
    for service in seed.SERVICES:
        bases = _seeded_bases(service, now=now)
        service = _with(_checked(service), bases)
        await repository.add(uow.session, service, bases)
        for basis in bases:  # in the history too: the audit says why it is approved
            await repository.decide(uow.session, service_id=service.id, basis=basis)
        uow.emit(events.ServiceRegistered(**await _fact(uow, service)))
    return True


def _seeded_bases(service: Service, *, now: dt.datetime) -> tuple[legal_basis.Basis, ...]:
    """The demo seeds come approved (API.md, Legal basis), each with its demo law reference."""
    pending = legal_basis.reconcile({}, service.required_evidence, now=now)
    return office.seed_approvals(service.id, pending, now=now)


def _with(service: Service, bases: Sequence[legal_basis.Basis]) -> Service:
    return service.model_copy(update={"legal_basis": tuple(b.public() for b in bases)})


async def _checked_in_pool(service: Service) -> Service:
    """As _checked, for an agency's rules: untrusted code, checked in the rule pool within its
    budget, never on the event loop (rule_budget.py)."""
    try:
        await rule_budget.current().check(
            service.rules, required_evidence=service.required_evidence
        )
    except rules.RuleError as error:
        raise _invalid(f"rules.{error.index}.expression", str(error)) from error
    return service


def _checked(service: Service) -> Service:
    """Refuse rules that do not compile or do not type-check against the evidence."""
    try:
        rules.check(service.rules, required_evidence=service.required_evidence)
    except rules.RuleError as error:
        raise _invalid(f"rules.{error.index}.expression", str(error)) from error
    return service


def _invalid(field: str, message: str) -> ProblemError:
    return ProblemError(
        422,
        "validation",
        "The service definition is invalid; see errors.",
        "تعریف خدمت نامعتبر است؛ فهرست خطاها را ببینید.",
        errors=[FieldError(field, message)],
    )


async def _fact(uow: UnitOfWork, service: Service) -> dict[str, object]:
    agency = await repository.get_agency(uow.session, service.agency_id)
    return {
        "agency_name_fa": agency.name_fa if agency else None,
        "agency_name_en": agency.name_en if agency else None,
        "service_id": service.id,
        "agency_id": service.agency_id,
        "name_fa": service.name_fa,
        "name_en": service.name_en,
        "required_evidence": service.required_evidence,
        "paper_documents": service.paper_documents,
        "decision": service.decision,
        "on_window": service.on_window,
        "sla_hours": service.sla_hours,
        "sla_breach_action": service.sla_breach_action,
        "smart_by_design": service.smart_by_design,
        "legal_basis": service.legal_basis,
    }
