"""The application service's unit of work: its repositories, and the decider's wake-up."""

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from application_service.applications import decider
from application_service.applications.repository import ApplicationRepository, SqlApplications
from application_service.catalog.repository import CatalogueRepository, SqlCatalogue
from panjereh.db.uow import UnitOfWork
from panjereh.runtime import Runtime


class ApplicationUnitOfWork(UnitOfWork):
    """Handlers and use cases reach the database only through these repositories."""

    applications: ApplicationRepository
    catalogue: CatalogueRepository

    def bind(self, session: AsyncSession) -> None:
        self.applications = SqlApplications(session)
        self.catalogue = SqlCatalogue(session)

    async def flush(self) -> None:
        await self.applications.flush()

    def decide_after_commit(self) -> None:
        """Wake the decider once this commits: an application is ready (once per unit of
        work, however many of its applications became ready)."""
        if decider.wake not in self._after_commit:
            self.after_commit(decider.wake)


def units(runtime: Runtime) -> Callable[[], ApplicationUnitOfWork]:
    """The service's units of work on this runtime (its relay woken by their commits)."""
    return runtime.uow_of(ApplicationUnitOfWork)
