"""The status service's unit of work: the projection reaches its tables only through it."""

from sqlalchemy.ext.asyncio import AsyncSession

from panjereh.db.uow import UnitOfWork
from status_service.repository import (
    AccessHistory,
    ParkedNotes,
    ServiceNames,
    SqlAccessHistory,
    SqlParkedNotes,
    SqlServiceNames,
    SqlViews,
    Views,
)


class StatusUnitOfWork(UnitOfWork):
    views: Views
    access: AccessHistory
    services: ServiceNames
    notes: ParkedNotes

    def bind(self, session: AsyncSession) -> None:
        self.views = SqlViews(session)
        self.access = SqlAccessHistory(session)
        self.services = SqlServiceNames(session)
        self.notes = SqlParkedNotes(session)

    async def flush(self) -> None:
        await self.views.flush()
        await self.access.flush()
        await self.services.flush()
        await self.notes.flush()
