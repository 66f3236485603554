"""Event handlers of the application service, listed in one table at the end."""

from application_service.applications import commands
from panjereh import events
from panjereh.db.uow import UnitOfWork
from panjereh.inbox import EventHandler


async def take_evidence(event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork) -> None:
    """An evidence result for one of our applications (the saga's next step)."""
    assert isinstance(event, events.EvidenceRetrieved | events.EvidenceUnavailable)
    await commands.take_evidence(uow, event)


TABLE: dict[type[events.Event], EventHandler] = {
    events.EvidenceRetrieved: take_evidence,
    events.EvidenceUnavailable: take_evidence,
}
