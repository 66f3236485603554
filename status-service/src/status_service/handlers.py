"""The projection: events in, the status read model out, a batch at a time.

The batch's views are loaded at once (`prepare`), changed in memory by the handlers, and
written set-based when the unit of work flushes. Each step is idempotent on its own (the
inbox also drops redeliveries), so events in order, duplicated, or replayed from the start of
a partition build the same read model.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from prometheus_client import Histogram

from panjereh import events, identity
from panjereh.consumers import HandlerTable, Received
from status_service import domain
from status_service.domain import Access, ServiceName, StatusView
from status_service.uow import StatusUnitOfWork

__all__ = ["ViewNotReady", "table"]

FRESHNESS = Histogram(
    "panjereh_status_freshness_seconds",
    "From an event's time to its being visible in the status read model",
    ["event_type"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60),
)
_WITH_VIEW = (
    events.ApplicationSubmitted,
    events.ApplicationStateChanged,
    events.ApplicationDecided,
    events.EvidenceRetrieved,
    events.EvidenceUnavailable,
    events.ApplicationSlaBreached,
    events.ApplicationEscalated,
    events.NotificationSmsNotSent,
)


class ViewNotReady(Exception):
    """A state change arrived before its submission (the batch fails, and the bus retries the
    event alone until the submission is in)."""


def table(
    *,
    subject_secret: bytes,
    notify: Callable[[StatusView], None],
    freshness_alarm_ms: float = 5000.0,
) -> HandlerTable[StatusUnitOfWork]:
    """The projection's handlers; `notify(view)` runs after commit for each view the batch
    changed, once; a change later than `freshness_alarm_ms` is reported at once."""
    projection: HandlerTable[StatusUnitOfWork] = HandlerTable()

    @projection.prepare
    async def load_views(uow: StatusUnitOfWork, batch: Sequence[Received[events.Event]]) -> None:
        await uow.views.load(
            item.event.application_id for item in batch if isinstance(item.event, _WITH_VIEW)
        )
        # Only a batch with submissions reads the (nearly always empty) parked notes.
        await uow.notes.load(
            item.event.application_id
            for item in batch
            if isinstance(item.event, events.ApplicationSubmitted)
        )
        uow.after_commit(lambda: _notify_each(notify, uow.views.touched()))

    @projection.on(events.ApplicationSubmitted)
    async def submitted(
        event: events.ApplicationSubmitted, envelope: events.CloudEvent, uow: StatusUnitOfWork
    ) -> None:
        if await uow.views.get(event.application_id) is not None:
            return
        now = dt.datetime.now(dt.UTC)
        lag = _observed(envelope, domain.lag_ms(envelope, now))
        subject = identity.subject_key(subject_secret, event.national_code)
        view = domain.submitted_view(event, envelope, subject=subject, lag_ms=lag)
        uow.views.add(view)
        # Evidence events and notes travel on other topics and may have come first.
        uow.access.claim_for_subject(event.application_id, subject)
        for note in uow.notes.claim(event.application_id):
            domain.add_note(view, note)
        _report(uow, view, envelope.id, lag, now)

    @projection.on(events.ApplicationStateChanged)
    async def state_changed(
        event: events.ApplicationStateChanged, envelope: events.CloudEvent, uow: StatusUnitOfWork
    ) -> None:
        view = await _view(uow, event.application_id)
        now = dt.datetime.now(dt.UTC)
        lag = domain.lag_ms(envelope, now)
        if not domain.change_state(view, event, envelope.id, lag_ms=lag):
            return
        _observed(envelope, lag)
        uow.views.changed(view)
        _report(uow, view, envelope.id, lag, now)

    @projection.on(events.ApplicationDecided)
    async def decided(
        event: events.ApplicationDecided, envelope: events.CloudEvent, uow: StatusUnitOfWork
    ) -> None:
        view = await _view(uow, event.application_id)
        if domain.decide(view, event) | _deemed(view, event):
            _observed(envelope, domain.lag_ms(envelope, dt.datetime.now(dt.UTC)))
            uow.views.changed(view)

    def _report(
        uow: StatusUnitOfWork, view: StatusView, event_id: str, lag: float, now: dt.datetime
    ) -> None:
        report = domain.freshness(view, event_id, lag_ms=lag, alarm_ms=freshness_alarm_ms, now=now)
        if report is not None:
            uow.emit(report)

    @projection.on(events.InquiryRecorded)
    async def inquiry_recorded(
        event: events.InquiryRecorded, envelope: events.CloudEvent, uow: StatusUnitOfWork
    ) -> None:
        """A direct inquiry (`POST /v1/inquiries`) joins the person's history."""
        national_code = identity.normalize_national_code(event.national_code)
        uow.access.record(
            Access(
                event_id=envelope.id,
                subject=identity.subject_key(subject_secret, national_code),
                path="direct",
                inquiry_id=event.inquiry_id,
                application_id=event.application_id,
                agency_id=event.agency_id,
                client_id=event.client_id,
                service_id=event.service_id,
                evidence_type=event.evidence_type,
                registry=event.registry,
                outcome=event.outcome,
                reason=event.reason,
                law_reference=event.law_reference,
                at=event.at,
            )
        )

    projection.add(events.EvidenceRetrieved, evidence_retrieved)
    projection.add(events.EvidenceUnavailable, evidence_unavailable)
    projection.on(events.ServiceRegistered, events.ServiceUpdated)(service_named)
    projection.add(events.ApplicationSlaBreached, sla_breached)
    projection.add(events.ApplicationEscalated, escalated)
    projection.add(events.NotificationSmsNotSent, sms_not_sent)
    return projection


async def _view(uow: StatusUnitOfWork, application_id: str) -> StatusView:
    view = await uow.views.get(application_id)
    if view is None:
        raise ViewNotReady(application_id)
    return view


def _deemed(view: StatusView, event: events.ApplicationDecided) -> bool:
    """A decision by the SLA (silence is consent) is the SLA's outcome too."""
    if event.by != "sla":
        return False
    reason = event.reasons[0] if event.reasons else None
    return domain.sla_outcome(view, "deemed_approved", at=event.decided_at, reason=reason)


def _observed(envelope: events.CloudEvent, lag: float) -> float:
    FRESHNESS.labels(envelope.type).observe(lag / 1000)
    return lag


def _notify_each(notify: Callable[[StatusView], None], views: list[StatusView]) -> None:
    for view in views:
        notify(view)


async def evidence_retrieved(
    event: events.EvidenceRetrieved, envelope: events.CloudEvent, uow: StatusUnitOfWork
) -> None:
    """An inquiry of the application path joins the applicant's history (whose it is comes
    from the application's view, or, if the view is not there yet, when it comes)."""
    await _record_evidence(
        event,
        envelope,
        uow,
        inquiry_id=event.inquiry_id,
        outcome=event.status,
        purpose=event.purpose,
        law_reference=event.law_reference,
        at=event.retrieved_at,
    )


async def evidence_unavailable(
    event: events.EvidenceUnavailable, envelope: events.CloudEvent, uow: StatusUnitOfWork
) -> None:
    """A registry that could not answer, on the applicant's history like an inquiry."""
    await _record_evidence(event, envelope, uow, outcome=event.reason, at=event.given_up_at)


async def _record_evidence(
    event: events.EvidenceRetrieved | events.EvidenceUnavailable,
    envelope: events.CloudEvent,
    uow: StatusUnitOfWork,
    **outcome: Any,
) -> None:
    view = await uow.views.get(event.application_id)
    uow.access.record(
        Access(
            event_id=envelope.id,
            subject=view.subject if view is not None else None,
            path="application",
            application_id=event.application_id,
            agency_id=event.agency_id,
            service_id=event.service_id,
            evidence_type=event.evidence_type,
            registry=event.registry,
            **outcome,
        )
    )


async def service_named(
    event: events.ServiceRegistered | events.ServiceUpdated,
    envelope: events.CloudEvent,
    uow: StatusUnitOfWork,
) -> None:
    uow.services.record(
        ServiceName(
            service_id=event.service_id,
            agency_id=event.agency_id,
            name_fa=event.name_fa,
            name_en=event.name_en,
        )
    )


async def sla_breached(
    event: events.ApplicationSlaBreached, envelope: events.CloudEvent, uow: StatusUnitOfWork
) -> None:
    """The application passed its service's SLA undecided."""
    view = await _view(uow, event.application_id)
    if domain.sla_outcome(view, "breached", at=event.detected_at):
        uow.views.changed(view)


async def escalated(
    event: events.ApplicationEscalated, envelope: events.CloudEvent, uow: StatusUnitOfWork
) -> None:
    """Past its SLA, the application went to the agency's supervisors."""
    view = await _view(uow, event.application_id)
    if domain.sla_outcome(view, "escalated", at=event.escalated_at):
        uow.views.changed(view)


async def sms_not_sent(
    event: events.NotificationSmsNotSent, envelope: events.CloudEvent, uow: StatusUnitOfWork
) -> None:
    """No SMS could reach the applicant: the status says so (API.md, Notifications). It
    travels on another topic than the submission, so it may come first: then it is parked
    until the view is made (however long that takes; retrying would end in dead letters)."""
    note = domain.sms_note(event)
    view = await uow.views.get(event.application_id)
    if view is None:
        uow.notes.park(event.application_id, envelope.id, note)
    elif domain.add_note(view, note):
        uow.views.changed(view)
