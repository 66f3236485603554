"""The notification service's unit of work: its repositories, and a flush that writes them."""

from sqlalchemy.ext.asyncio import AsyncSession

from notification_service import ports, repository
from notification_service.signals import Signals
from panjereh.db.uow import UnitOfWork


class NotificationUnitOfWork(UnitOfWork):
    subscriptions: ports.Subscriptions
    deliveries: ports.Deliveries
    applications: ports.Applications
    # Replaced by the service's factory (main.py); a bare unit of work wakes no one.
    signals: Signals = Signals()

    def bind(self, session: AsyncSession) -> None:
        self.subscriptions = repository.SqlSubscriptions(session)
        self.deliveries = repository.SqlDeliveries(session)
        self.applications = repository.SqlApplications(session)

    async def flush(self) -> None:
        """The applications' agencies, then the deliveries; the dispatcher is woken once the
        new deliveries committed (not before: it would not see them)."""
        await self.applications.flush()
        if await self.deliveries.flush():
            self.after_commit(self.signals.deliveries_due)
