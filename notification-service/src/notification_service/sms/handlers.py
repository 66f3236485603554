"""Application events in, queued SMS out: the SMS half's one handler table.

Consumer "notification-sms" (its own inbox name and consumer group: the webhook half reads
the same topic, and two tables in one group would split its partitions between them).
Each event that tells the applicant something queues one message for (application, state)
— the text rendered now, from the event — and the submission also records whom to write
to, sealed. Nothing is sent here: the sender (sender.py) confirms the mobile with Shahkar
and sends; the application's own progress never waits on either.
"""

import datetime as dt
import uuid
from collections.abc import Callable

from notification_service.sealing import SecretBox
from notification_service.sms import domain, templates
from notification_service.sms.uow import SmsUnitOfWork
from panjereh import events
from panjereh.consumers import HandlerTable

CONSUMER = "notification-sms"
TEMPLATE_VERSION = "v1"
# The applicant chooses no language on the application today: Persian, the default.
LANGUAGE: templates.Language = "fa"
_FINAL_CHANGES: dict[str, templates.SmsState] = {"failed": "failed", "cancelled": "cancelled"}


def table(
    *, box: SecretBox, public_base_url: str, clock: Callable[[], dt.datetime]
) -> HandlerTable[SmsUnitOfWork]:
    """The SMS consumer's handlers; `box` seals the applicant's mobile and national code."""
    handlers: HandlerTable[SmsUnitOfWork] = HandlerTable()

    def queue(uow: SmsUnitOfWork, notice: templates.Notice, application_id: str) -> None:
        text = templates.render(notice, language=LANGUAGE, public_base_url=public_base_url)
        now = clock()
        uow.sms.queue_message(
            domain.Message(
                id=str(uuid.uuid4()),
                application_id=application_id,
                tracking_code=notice.tracking_code,
                state=notice.state,
                template=f"{notice.state}.{LANGUAGE}.{TEMPLATE_VERSION}",
                text=text,
                status="queued",
                next_attempt_at=now,
                created_at=now,
            )
        )

    @handlers.on(events.ApplicationSubmitted)
    async def submitted(
        event: events.ApplicationSubmitted, envelope: events.CloudEvent, uow: SmsUnitOfWork
    ) -> None:
        uow.sms.queue_confirmation(_recipient(event, box=box, now=clock()))
        notice = templates.Notice("submitted", event.tracking_code, event.submitted_at)
        queue(uow, notice, event.application_id)

    @handlers.on(events.ApplicationDecided)
    async def decided(
        event: events.ApplicationDecided, envelope: events.CloudEvent, uow: SmsUnitOfWork
    ) -> None:
        if event.outcome == "needs_review":
            return  # not a decision yet: the officer's decision is announced on its own
        state: templates.SmsState = "approved" if event.outcome == "approved" else "rejected"
        first = event.reasons[0] if event.reasons and state == "rejected" else None
        notice = templates.Notice(
            state,
            event.tracking_code,
            event.decided_at,
            reason_fa=first.fa if first else None,
            reason_en=first.en if first else None,
        )
        queue(uow, notice, event.application_id)

    @handlers.on(events.ApplicationStateChanged)
    async def changed(
        event: events.ApplicationStateChanged, envelope: events.CloudEvent, uow: SmsUnitOfWork
    ) -> None:
        state = _FINAL_CHANGES.get(event.to_state)
        if state is not None:
            queue(uow, templates.Notice(state, event.tracking_code, event.at), event.application_id)

    @handlers.on(events.ApplicationPreviewOpened)
    async def preview_opened(
        event: events.ApplicationPreviewOpened, envelope: events.CloudEvent, uow: SmsUnitOfWork
    ) -> None:
        """A preview waits for the applicant: they are told to look before the window ends
        (or the evidence is used unseen)."""
        notice = templates.Notice("awaiting_applicant", event.tracking_code, event.due_at)
        queue(uow, notice, event.application_id)

    @handlers.on(events.ApplicationSlaBreached)
    async def breached(
        event: events.ApplicationSlaBreached, envelope: events.CloudEvent, uow: SmsUnitOfWork
    ) -> None:
        notice = templates.Notice("sla_breached", event.tracking_code, event.sla_due_at)
        queue(uow, notice, event.application_id)

    return handlers


def _recipient(
    event: events.ApplicationSubmitted, *, box: SecretBox, now: dt.datetime
) -> domain.Confirmation:
    """Whom to write to: the mobile and national code sealed, bound to the application."""
    mobile = domain.normalised_mobile(event.mobile)

    def sealed(value: str) -> str:
        return box.seal(value, subscription_id=event.application_id)

    return domain.Confirmation(
        application_id=event.application_id,
        tracking_code=event.tracking_code,
        mobile_ciphertext=sealed(mobile) if mobile else None,
        mobile_masked=domain.masked_mobile(mobile) if mobile else None,
        national_code_ciphertext=sealed(event.national_code) if mobile else None,
        outcome="pending" if mobile else "no_mobile",
        created_at=now,
    )
