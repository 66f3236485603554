"""The applicant's own use cases (API.md, Citizens): their application, its preview answered
(confirm, object), and the sweep that ends the windows nobody answered.

Whose application it is comes from the citizen token's national code, never from the
request: another person's application, and one that does not exist, both answer 404.
"""

import datetime as dt
from collections.abc import Callable

from application_service.applications import domain, preview, services
from application_service.catalog.model import Service
from application_service.uow import ApplicationUnitOfWork
from panjereh import identity
from panjereh.problems import FieldError, ProblemError

UnitOfWorkFactory = services.UnitOfWorkFactory
Clock = Callable[[], dt.datetime]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def own_application(
    uow: ApplicationUnitOfWork, *, national_code: str, application_id: str, lock: bool = True
) -> domain.Application:
    """The signed-in person's application; 404 for anyone else's, so existence does not leak."""
    application = await uow.applications.get(application_id, lock=lock)
    if (
        application is None
        or application.applicant.national_code != identity.normalize_national_code(national_code)
    ):
        raise services.not_found()
    return application


async def view(
    uow_factory: UnitOfWorkFactory, *, national_code: str, application_id: str
) -> tuple[domain.Application, Service | None]:
    """The person's application as they see it, and its service."""
    async with uow_factory() as uow:
        application = await own_application(
            uow, national_code=national_code, application_id=application_id, lock=False
        )
        return application, await uow.catalogue.get(application.service_id)


async def confirm(
    uow_factory: UnitOfWorkFactory, *, national_code: str, application_id: str, now: Clock = _now
) -> tuple[domain.Application, Service | None]:
    """The applicant confirms the fetched evidence (409 unless it awaits them)."""
    async with uow_factory() as uow:
        application = await own_application(
            uow, national_code=national_code, application_id=application_id
        )
        service = await _service(uow, application)
        services.save(
            uow,
            application,
            services.legal(lambda: preview.confirm(application, domain.view(service), now=now())),
        )
        services.decide_later(uow, application)
        await uow.commit()
    return application, service


async def object_to(
    uow_factory: UnitOfWorkFactory,
    *,
    national_code: str,
    application_id: str,
    evidence_type: str,
    reason: str,
    now: Clock = _now,
) -> tuple[domain.Application, Service | None]:
    """The applicant reports one evidence type wrong: an officer reviews (409 unless it awaits
    them; 422 for an evidence type the application did not fetch)."""
    async with uow_factory() as uow:
        application = await own_application(
            uow, national_code=national_code, application_id=application_id
        )
        try:
            facts = services.legal(
                lambda: preview.object_to(
                    application, evidence_type=evidence_type, reason=reason, now=now()
                )
            )
        except preview.UnknownEvidence as error:
            raise _unknown_evidence(error) from error
        services.save(uow, application, facts)
        service = await uow.catalogue.get(application.service_id)
        await uow.commit()
    return application, service


async def sweep_previews(
    uow_factory: UnitOfWorkFactory, *, batch: int = 200, now: Clock = _now
) -> int:
    """Send on the applications whose preview window ended unanswered (each held locked by
    this unit of work, so two replicas never both take one); returns how many."""
    async with uow_factory() as uow:
        moment = now()
        due = await uow.applications.previews_due(now=moment, limit=batch)
        await uow.catalogue.load({application.service_id for application in due})
        for application in due:
            facts = preview.lapse(
                application, domain.view(await _service(uow, application)), now=moment
            )
            if facts:
                services.save(uow, application, facts)
                services.decide_later(uow, application)
        await uow.commit()
    return len(due)


async def _service(uow: ApplicationUnitOfWork, application: domain.Application) -> Service:
    service = await uow.catalogue.get(application.service_id)
    assert service is not None  # a service with applications cannot be deleted (API.md)
    return service


def _unknown_evidence(error: preview.UnknownEvidence) -> ProblemError:
    known = ", ".join(error.known)
    return ProblemError(
        422,
        "validation",
        "The evidence type is not one of this application's; see errors.",
        "این نوع مدرک از مدارک این درخواست نیست؛ فهرست خطاها را ببینید.",
        errors=[
            FieldError(
                "evidence_type",
                f"must be one of this application's evidence types: {known} / باید یکی از "
                f"مدارک این درخواست باشد: {known}",
            )
        ],
    )
