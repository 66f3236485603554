"""The projection: events in, the status read model out. Listed in one table at the end.

Each step is idempotent on its own (the inbox also drops redeliveries), so events in order,
duplicated, or replayed from the start of a partition build the same read model.
"""

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable

from prometheus_client import Histogram

from panjereh import events, identity
from panjereh.db.uow import UnitOfWork
from panjereh.inbox import EventHandler
from status_service import repository

FRESHNESS = Histogram(
    "panjereh_status_freshness_seconds",
    "From an event's time to its being visible in the status read model",
    ["event_type"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60),
)


class ViewNotReady(Exception):
    """A state change arrived before its submission (retried by the bus until it has)."""


def subject_of(secret: bytes, national_code: str) -> str:
    return hmac.new(secret, national_code.encode(), hashlib.sha256).hexdigest()


def table(
    *, subject_secret: bytes, notify: Callable[[str], None]
) -> dict[type[events.Event], EventHandler]:
    """The projection's handlers; `notify(tracking_code)` runs after each change commits."""

    async def submitted(event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork) -> None:
        assert isinstance(event, events.ApplicationSubmitted)
        if await repository.view_by_application(uow.session, event.application_id) is not None:
            return
        subject = subject_of(subject_secret, event.national_code)
        await repository.add_view(
            uow.session,
            {
                "tracking_code": event.tracking_code,
                "application_id": event.application_id,
                "subject": subject,
                "service_id": event.service_id,
                "state": "submitted",
                "timeline": [],
                "reasons": [],
                "submitted_at": event.submitted_at,
                "sla_due_at": event.sla_due_at,
                "updated_at": envelope.time,
                "version": 1,
            },
        )
        # Evidence events travel on another topic and may have come first.
        await repository.claim_for_subject(uow.session, event.application_id, subject)
        _visible(event.application_id, event.tracking_code, envelope, uow)

    async def state_changed(
        event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork
    ) -> None:
        assert isinstance(event, events.ApplicationStateChanged)
        view = await _view(uow, event.application_id)
        if any(step["event_id"] == envelope.id for step in view.timeline):
            return
        step = {
            "event_id": envelope.id,
            "state": event.to_state,
            "at": event.at.isoformat(),
            "reason": {"fa": event.reason_fa or event.reason, "en": event.reason}
            if event.reason
            else None,
        }
        await repository.update_view(
            uow.session,
            view.tracking_code,
            {
                "state": event.to_state,
                "timeline": [*view.timeline, step],
                "updated_at": event.at,
                "version": view.version + 1,
            },
        )
        _visible(event.application_id, view.tracking_code, envelope, uow)

    async def decided(event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork) -> None:
        assert isinstance(event, events.ApplicationDecided)
        view = await _view(uow, event.application_id)
        reasons = [reason.model_dump() for reason in event.reasons]
        if view.reasons == reasons:
            return
        await repository.update_view(
            uow.session, view.tracking_code, {"reasons": reasons, "version": view.version + 1}
        )
        _visible(event.application_id, view.tracking_code, envelope, uow)

    def _visible(
        application_id: str, tracking_code: str, envelope: events.CloudEvent, uow: UnitOfWork
    ) -> None:
        now = dt.datetime.now(dt.UTC)
        lag = max((now - envelope.time).total_seconds(), 0.0)
        FRESHNESS.labels(envelope.type).observe(lag)
        uow.emit(
            events.StatusFreshness(
                application_id=application_id,
                lags_ms={envelope.id: lag * 1000},
                final=False,
                visible_at=now,
            )
        )
        uow.after_commit(lambda: notify(tracking_code))

    async def inquiry_recorded(
        event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork
    ) -> None:
        """A direct inquiry (`POST /v1/inquiries`) joins the person's history."""
        assert isinstance(event, events.InquiryRecorded)
        if await repository.access_recorded(uow.session, envelope.id, event.inquiry_id):
            return
        national_code = identity.normalize_national_code(event.national_code)
        await repository.add_access(
            uow.session,
            {
                "event_id": envelope.id,
                "subject": subject_of(subject_secret, national_code),
                "path": "direct",
                "inquiry_id": event.inquiry_id,
                "application_id": event.application_id,
                "agency_id": event.agency_id,
                "client_id": event.client_id,
                "service_id": event.service_id,
                "evidence_type": event.evidence_type,
                "registry": event.registry,
                "outcome": event.outcome,
                "reason": event.reason,
                "law_reference": event.law_reference,
                "at": event.at,
            },
        )

    return {
        events.ApplicationSubmitted: submitted,
        events.ApplicationStateChanged: state_changed,
        events.ApplicationDecided: decided,
        events.EvidenceRetrieved: record_access,
        events.EvidenceUnavailable: record_access,
        events.ServiceRegistered: record_service,
        events.ServiceUpdated: record_service,
        events.InquiryRecorded: inquiry_recorded,
    }


async def _view(uow: UnitOfWork, application_id: str):  # type: ignore[no-untyped-def]
    view = await repository.view_by_application(uow.session, application_id)
    if view is None:
        raise ViewNotReady(application_id)
    return view


async def record_access(event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork) -> None:
    """An inquiry of the application path joins the applicant's history (whose it is comes
    from the application's view, or, if the view is not there yet, when it comes)."""
    outcome: str
    if isinstance(event, events.EvidenceRetrieved):
        inquiry_id, outcome, at = event.inquiry_id, event.status, event.retrieved_at
        purpose, law_reference = event.purpose, event.law_reference
    else:
        assert isinstance(event, events.EvidenceUnavailable)
        inquiry_id, outcome, at = None, event.reason, event.given_up_at
        purpose, law_reference = None, None
    if await repository.access_recorded(uow.session, envelope.id, inquiry_id):
        return
    view = await repository.view_by_application(uow.session, event.application_id)
    await repository.add_access(
        uow.session,
        {
            "event_id": envelope.id,
            "subject": view.subject if view is not None else None,
            "path": "application",
            "inquiry_id": inquiry_id,
            "application_id": event.application_id,
            "agency_id": event.agency_id,
            "service_id": event.service_id,
            "evidence_type": event.evidence_type,
            "registry": event.registry,
            "outcome": outcome,
            "purpose": purpose,
            "law_reference": law_reference,
            "at": at,
        },
    )


async def record_service(event: events.Event, envelope: events.CloudEvent, uow: UnitOfWork) -> None:
    assert isinstance(event, events.ServiceRegistered | events.ServiceUpdated)
    await repository.upsert_service(
        uow.session,
        {
            "service_id": event.service_id,
            "agency_id": event.agency_id,
            "name_fa": event.name_fa,
            "name_en": event.name_en,
        },
    )
