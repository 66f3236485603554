"""The SMS half's unit of work: its store, over the service's database."""

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from notification_service.sms import ports, repository
from panjereh.db.uow import UnitOfWork


def _nobody() -> None:
    """A bare unit of work wakes no sender."""


class SmsUnitOfWork(UnitOfWork):
    sms: ports.SmsStore
    # Set by the service's factory (sms/wiring.py): new messages wake the sender.
    wake_sender: Callable[[], None] = staticmethod(_nobody)

    def bind(self, session: AsyncSession) -> None:
        self.sms = repository.SqlSmsStore(session)

    async def flush(self) -> None:
        """The queued rows; once they committed (not before: it would not see them), the
        sender is woken."""
        if await self.sms.flush():
            self.after_commit(self.wake_sender)
