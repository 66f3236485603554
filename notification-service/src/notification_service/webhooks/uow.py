"""The dispatcher's unit of work: the service's, plus the dispatch repository."""

from sqlalchemy.ext.asyncio import AsyncSession

from notification_service.uow import NotificationUnitOfWork
from notification_service.webhooks.repository import SqlDispatch


class DispatchUnitOfWork(NotificationUnitOfWork):
    dispatch: SqlDispatch

    def bind(self, session: AsyncSession) -> None:
        super().bind(session)
        self.dispatch = SqlDispatch(session)
