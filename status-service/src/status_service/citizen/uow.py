"""The unit of work of the citizen's writes: the status service's, with the disputes."""

from sqlalchemy.ext.asyncio import AsyncSession

from status_service.citizen.repository import SqlDisputes
from status_service.uow import StatusUnitOfWork


class CitizenUnitOfWork(StatusUnitOfWork):
    disputes: SqlDisputes

    def bind(self, session: AsyncSession) -> None:
        super().bind(session)
        self.disputes = SqlDisputes(session)
