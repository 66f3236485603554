"""The application service's unit of work: its repositories, the decider's wake-up, and the
dossier of each decision it commits."""

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from application_service.applications import decider
from application_service.applications.repository import ApplicationRepository, SqlApplications
from application_service.catalog.repository import CatalogueRepository, SqlCatalogue
from application_service.dossier import signer as dossier_signer
from application_service.dossier.repository import DossierRepository, SqlDossiers
from panjereh import events
from panjereh.db.uow import UnitOfWork
from panjereh.runtime import Runtime


class ApplicationUnitOfWork(UnitOfWork):
    """Handlers and use cases reach the database only through these repositories."""

    applications: ApplicationRepository
    catalogue: CatalogueRepository
    dossiers: DossierRepository
    # Set by `units` (the service's key ring); the tests' fake units of work sign nothing.
    signer: dossier_signer.Signer | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sealed: set[str] = set()  # decisions this unit of work signed already

    def bind(self, session: AsyncSession) -> None:
        self.applications = SqlApplications(session)
        self.catalogue = SqlCatalogue(session)
        self.dossiers = SqlDossiers(session)
        self._sealed = set()

    async def flush(self) -> None:
        await self.applications.flush()
        if self.signer is not None:
            decided = [
                fact
                for fact, _, _ in self._events
                if isinstance(fact, events.ApplicationDecided)
                and fact.application_id not in self._sealed
            ]
            self._sealed.update(await dossier_signer.seal(self, self.signer, decided))
        await self.dossiers.flush()

    def decide_after_commit(self) -> None:
        """Wake the decider once this commits: an application is ready (once per unit of
        work, however many of its applications became ready)."""
        if decider.wake not in self._after_commit:
            self.after_commit(decider.wake)


# The key ring of each running service (`signing`), by its runtime: the units of work of a
# route, a consumer or the decider all sign with it.
_SIGNERS: dict[int, dossier_signer.Signer] = {}


@contextlib.contextmanager
def signing(runtime: Runtime, signer: dossier_signer.Signer) -> Iterator[None]:
    _SIGNERS[id(runtime)] = signer
    try:
        yield
    finally:
        _SIGNERS.pop(id(runtime), None)


def units(runtime: Runtime) -> Callable[[], ApplicationUnitOfWork]:
    """The service's units of work on this runtime (its relay woken by their commits, its
    decisions signed with its dossier key ring)."""
    make = runtime.uow_of(ApplicationUnitOfWork)
    signer = _SIGNERS.get(id(runtime))

    def unit() -> ApplicationUnitOfWork:
        uow = make()
        uow.signer = signer
        return uow

    return unit
