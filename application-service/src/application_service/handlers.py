"""Event handlers of the application service: one table, evidence results in batches.

A batch's prepare step reads every application its results are for (and their services) in
one statement each, locked in id order; each handler then changes those in memory, and the
unit of work writes the changed ones at once before its one commit.
"""

from collections.abc import Sequence

from application_service.applications import services
from application_service.uow import ApplicationUnitOfWork
from panjereh import events
from panjereh.consumers import HandlerTable, Received

TABLE: HandlerTable[ApplicationUnitOfWork] = HandlerTable()


@TABLE.prepare
async def load_applications(
    uow: ApplicationUnitOfWork, batch: Sequence[Received[events.Event]]
) -> None:
    results = [
        item.event
        for item in batch
        if isinstance(item.event, events.EvidenceRetrieved | events.EvidenceUnavailable)
    ]
    await services.load_evidence_targets(uow, results)


@TABLE.on(events.EvidenceRetrieved, events.EvidenceUnavailable)
async def take_evidence(
    event: events.EvidenceRetrieved | events.EvidenceUnavailable,
    envelope: events.CloudEvent,
    uow: ApplicationUnitOfWork,
) -> None:
    """An evidence result for one of our applications (the saga's next step)."""
    await services.take_evidence(uow, event)
