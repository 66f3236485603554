"""Application use cases: submit (idempotent), take evidence in, review, cancel, SLA sweep."""

import datetime as dt
import hashlib
import json
import uuid
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError

from application_service.applications import decider, domain, repository
from application_service.applications.states import IllegalTransition, State
from application_service.catalog import legal_basis
from application_service.catalog import repository as catalog
from application_service.catalog.model import Service
from panjereh import events, tracking
from panjereh.db.uow import UnitOfWork, UnitOfWorkFactory
from panjereh.problems import FieldError, ProblemError


def _not_found() -> ProblemError:
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
        earlier = await repository.key_record(uow.session, agency_id=agency_id, key=key)
        if earlier is not None:
            if earlier.request_hash != fingerprint:
                raise ProblemError(
                    409,
                    "idempotency-key-reused",
                    "This Idempotency-Key was used with a different body.",
                    "این کلید یکتایی قبلاً با محتوای دیگری به کار رفته است.",
                )
            existing = await repository.get(uow.session, earlier.application_id)
            assert existing is not None
            return existing, False
        service = await _own_service(uow, agency_id=agency_id, service_id=body["service_id"])
        applicant = body["applicant"]
        app, facts = domain.submit(
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
        await repository.claim_key(
            uow.session,
            agency_id=agency_id,
            key=key,
            request_hash=fingerprint,
            application_id=app.id,
        )
        await repository.add(uow.session, app)
        for fact in facts:
            uow.emit(fact)
        _decide_later(uow, app)
        await uow.commit()
        return app, True


async def _own_service(uow: UnitOfWork, *, agency_id: str, service_id: str) -> Service:
    service = await catalog.get(uow.session, service_id)
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
    uow: UnitOfWork, *, agency_id: str | None, application_id: str
) -> domain.Application:
    """The caller's application; 404 for another agency's, so existence does not leak."""
    app = await repository.get(uow.session, application_id)
    if app is None or app.agency_id != agency_id:
        raise _not_found()
    return app


async def take_evidence(
    uow: UnitOfWork, fact: events.EvidenceRetrieved | events.EvidenceUnavailable
) -> None:
    """Record one evidence result; when the last is in, the application is decided."""
    app = await repository.get(uow.session, fact.application_id)
    if app is None:
        return  # an inquiry another caller made directly, not one of ours
    service = await catalog.get(uow.session, app.service_id)
    assert service is not None
    if isinstance(fact, events.EvidenceRetrieved):
        slot = domain.EvidenceSlot(fact.status, fact.data, fact.retrieved_at, fact.registry)
    else:
        slot = domain.EvidenceSlot(
            "unavailable", None, fact.given_up_at, fact.registry, f"{fact.reason}: {fact.detail}"
        )
    facts = domain.record_evidence(
        app,
        evidence_type=fact.evidence_type,
        slot=slot,
        service=domain.view(service),
        now=dt.datetime.now(dt.UTC),
    )
    await repository.save(uow.session, app)
    for each in facts:
        uow.emit(each)
    _decide_later(uow, app)


def _decide_later(uow: UnitOfWork, app: domain.Application) -> None:
    """Rules run in the rule pool, after this commit, never in this transaction (decider.py)."""
    if app.state is State.EVALUATING:
        uow.after_commit(decider.wake)


async def review(
    uow: UnitOfWork,
    *,
    agency_id: str | None,
    application_id: str,
    outcome: Literal["approved", "rejected"],
    reason: str,
    officer: str,
) -> domain.Application:
    app = await own_application(uow, agency_id=agency_id, application_id=application_id)
    facts = _legal(
        lambda: domain.review(
            app, outcome=outcome, reason=reason, officer=officer, now=dt.datetime.now(dt.UTC)
        )
    )
    await _save(uow, app, facts)
    return app


async def cancel(
    uow: UnitOfWork, *, agency_id: str | None, application_id: str
) -> domain.Application:
    app = await own_application(uow, agency_id=agency_id, application_id=application_id)
    facts = _legal(lambda: domain.cancel(app, now=dt.datetime.now(dt.UTC)))
    await _save(uow, app, facts)
    return app


async def sweep_sla(uow_factory: UnitOfWorkFactory, *, batch: int = 200) -> int:
    """Report applications that passed their SLA undecided; returns how many."""
    async with uow_factory() as uow:
        now = dt.datetime.now(dt.UTC)
        overdue = await repository.overdue(uow.session, now=now, limit=batch)
        for app in overdue:
            await _save(uow, app, domain.breach_sla(app, now=now))
        await uow.commit()
    return len(overdue)


def _legal(step: Any) -> list[events.Event]:
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


async def _save(uow: UnitOfWork, app: domain.Application, facts: list[events.Event]) -> None:
    await repository.save(uow.session, app)
    for fact in facts:
        uow.emit(fact)
