"""Application use cases: submit (idempotent), take evidence in, review, cancel, SLA sweep.

Each use case a route calls opens its unit of work and commits it; the evidence handler runs
inside the consumer's (one per batch), on applications its prepare step loaded at once.
"""

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Sequence
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError

from application_service.applications import domain, sla
from application_service.applications.states import IllegalTransition, State
from application_service.catalog import legal_basis
from application_service.catalog.model import Service
from application_service.uow import ApplicationUnitOfWork
from panjereh import events, tracking
from panjereh.problems import FieldError, ProblemError

UnitOfWorkFactory = Callable[[], ApplicationUnitOfWork]
Evidence = events.EvidenceRetrieved | events.EvidenceUnavailable


def not_found() -> ProblemError:
    # A new error each raise: one shared exception object would keep growing one traceback.
    return ProblemError(404, "not-found", "No such application.", "چنین درخواستی یافت نشد.")


async def submit(
    uow_factory: UnitOfWorkFactory, *, agency_id: str, key: str, body: dict[str, Any]
) -> tuple[domain.Application, bool]:
    """The application for this key: new (True) or made by an earlier identical call (False)."""
    fingerprint = hashlib.sha256(
        json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    for _ in range(3):
        try:
            return await _submit_once(
                uow_factory, agency_id=agency_id, key=key, body=body, fingerprint=fingerprint
            )
        except IntegrityError:
            continue  # a concurrent call with the same key won (or a tracking code collided)
    raise ProblemError(
        409, "conflict", "The request collided; retry it.", "درخواست هم‌زمان شد؛ دوباره تلاش کنید."
    )


async def _submit_once(
    uow_factory: UnitOfWorkFactory,
    *,
    agency_id: str,
    key: str,
    body: dict[str, Any],
    fingerprint: str,
) -> tuple[domain.Application, bool]:
    async with uow_factory() as uow:
        earlier = await uow.applications.key_record(agency_id=agency_id, key=key)
        if earlier is not None:
            if earlier.request_hash != fingerprint:
                raise ProblemError(
                    409,
                    "idempotency-key-reused",
                    "This Idempotency-Key was used with a different body.",
                    "این کلید یکتایی قبلاً با محتوای دیگری به کار رفته است.",
                )
            existing = await uow.applications.get(earlier.application_id, lock=False)
            assert existing is not None
            return existing, False
        service = await _own_service(uow, agency_id=agency_id, service_id=body["service_id"])
        applicant = body["applicant"]
        application, facts = domain.submit(
            application_id=str(uuid.uuid4()),
            tracking_code=tracking.new_tracking_code(),
            service=domain.view(service),
            applicant=domain.Applicant(
                national_code=applicant["national_code"],
                mobile=applicant.get("mobile"),
                birth_date=dt.date.fromisoformat(applicant["birth_date"])
                if applicant.get("birth_date")
                else None,
            ),
            form=body.get("form") or {},
            now=dt.datetime.now(dt.UTC),
        )
        await uow.applications.claim_key(
            agency_id=agency_id,
            key=key,
            request_hash=fingerprint,
            application_id=application.id,
        )
        uow.applications.add(application)
        for fact in facts:
            uow.emit(fact)
        decide_later(uow, application)
        await uow.commit()
        return application, True


async def _own_service(uow: ApplicationUnitOfWork, *, agency_id: str, service_id: str) -> Service:
    service = await uow.catalogue.get(service_id)
    if service is None:
        raise ProblemError(
            422,
            "validation",
            "Unknown service.",
            "خدمت ناشناخته است.",
            errors=[FieldError("service_id", "no such service in the catalogue")],
        )
    if service.agency_id != agency_id:
        raise ProblemError(
            403,
            "forbidden",
            "The service belongs to another agency.",
            "این خدمت متعلق به دستگاه دیگری است.",
        )
    if not legal_basis.all_approved(service.legal_basis, service.required_evidence):
        # Until the office approves every evidence type, the service may not fetch anyone's
        # records, so it may not take an application that would have them fetched.
        raise ProblemError(
            409,
            "service-not-approved",
            f"Service {service.id} is not approved yet: the legal-basis office has not "
            "approved every evidence type it requires.",
            f"خدمت {service.id} هنوز تأیید نشده است: مرجع مبنای قانونی همهٔ مدارک لازم آن را "
            "تأیید نکرده است.",
            title_en="Service not approved",
            title_fa="خدمت تأیید نشده است",
        )
    return service


async def own_application(
    uow: ApplicationUnitOfWork, *, agency_id: str | None, application_id: str, lock: bool = True
) -> domain.Application:
    """The caller's application; 404 for another agency's, so existence does not leak."""
    application = await uow.applications.get(application_id, lock=lock)
    if application is None or application.agency_id != agency_id:
        raise not_found()
    return application


async def load_evidence_targets(uow: ApplicationUnitOfWork, facts: Sequence[Evidence]) -> None:
    """Read every application these results are for, and their services, at once."""
    await uow.applications.load({fact.application_id for fact in facts})
    found = [await uow.applications.get(fact.application_id) for fact in facts]
    await uow.catalogue.load(
        {application.service_id for application in found if application is not None}
    )


async def take_evidence(uow: ApplicationUnitOfWork, fact: Evidence) -> None:
    """Record one evidence result; when the last is in, the application is decided."""
    application = await uow.applications.get(fact.application_id)
    if application is None:
        return  # an inquiry another caller made directly, not one of ours
    service = await uow.catalogue.get(application.service_id)
    assert service is not None
    slot = _slot(fact)
    facts = domain.record_evidence(
        application,
        evidence_type=fact.evidence_type,
        slot=slot,
        service=domain.view(service),
        now=dt.datetime.now(dt.UTC),
    )
    if application.evidence.get(fact.evidence_type) is slot:  # taken (not late, not unasked)
        uow.applications.changed(application)
    for each in facts:
        uow.emit(each)
    decide_later(uow, application)


def _slot(fact: Evidence) -> domain.EvidenceSlot:
    if isinstance(fact, events.EvidenceRetrieved):
        return domain.EvidenceSlot(fact.status, fact.data, fact.retrieved_at, fact.registry)
    return domain.EvidenceSlot(
        "unavailable", None, fact.given_up_at, fact.registry, f"{fact.reason}: {fact.detail}"
    )


def decide_later(uow: ApplicationUnitOfWork, application: domain.Application) -> None:
    """Rules run in the rule pool, after this commit, never in this transaction (decider.py)."""
    if application.state is State.EVALUATING:
        uow.decide_after_commit()


async def review(
    uow_factory: UnitOfWorkFactory,
    *,
    agency_id: str | None,
    application_id: str,
    outcome: Literal["approved", "rejected"],
    reason: str,
    officer: str,
) -> domain.Application:
    async with uow_factory() as uow:
        application = await own_application(uow, agency_id=agency_id, application_id=application_id)
        facts = legal(
            lambda: domain.review(
                application,
                outcome=outcome,
                reason=reason,
                officer=officer,
                now=dt.datetime.now(dt.UTC),
            )
        )
        save(uow, application, facts)
        await uow.commit()
    return application


async def cancel(
    uow_factory: UnitOfWorkFactory, *, agency_id: str | None, application_id: str
) -> domain.Application:
    async with uow_factory() as uow:
        application = await own_application(uow, agency_id=agency_id, application_id=application_id)
        save(
            uow, application, legal(lambda: domain.cancel(application, now=dt.datetime.now(dt.UTC)))
        )
        await uow.commit()
    return application


async def sweep_sla(uow_factory: UnitOfWorkFactory, *, batch: int = 200) -> int:
    """Report applications that passed their SLA undecided (one statement marks them, and
    holds them locked), and act on each as its service says, in the same transaction;
    returns how many."""
    async with uow_factory() as uow:
        now = dt.datetime.now(dt.UTC)
        overdue = await uow.applications.mark_overdue(now=now, limit=batch)
        await uow.catalogue.load({application.service_id for application in overdue})
        for application in overdue:
            service = await uow.catalogue.get(application.service_id)
            action = service.sla_breach_action if service is not None else "notify"
            before = application.state
            facts = sla.act_on_breach(application, action=action, now=now)
            if application.state is not before:  # deemed approved: the row is written at flush
                uow.applications.changed(application)
            for fact in facts:
                uow.emit(fact)
        await uow.commit()
    return len(overdue)


def legal(step: Any) -> list[events.Event]:
    try:
        facts: list[events.Event] = step()
    except IllegalTransition as error:
        raise ProblemError(
            409,
            "illegal-state",
            f"Not possible now: the application is {error.current}.",
            f"در وضعیت فعلی درخواست ({error.current}) این کار ممکن نیست.",
        ) from error
    return facts


def save(
    uow: ApplicationUnitOfWork, application: domain.Application, facts: list[events.Event]
) -> None:
    uow.applications.changed(application)
    for fact in facts:
        uow.emit(fact)
