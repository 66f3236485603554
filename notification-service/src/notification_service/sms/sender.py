"""The sender: confirms each application's mobile with Shahkar, then sends its due messages.

A round leases the due messages (their `next_attempt_at` pushed past the round, so another
replica leaves them be) and commits; then, with no transaction open, asks Shahkar once per
application still unconfirmed and sends, an application's messages in the order they were
queued; then records every outcome in one unit of work, with a `notification.sms_not_sent`
event for each message that cannot go (no mobile, or not the applicant's) and a
`notification.delivered` for each the provider took or that was given up on. A crash between
a send and its record sends that message again after the lease: at least once, and the
provider deduplicates by our reference.
"""

import asyncio
import dataclasses
import datetime as dt
import logging
import random
from collections.abc import Callable, Sequence
from itertools import groupby

from prometheus_client import Counter

from notification_service.sealing import SecretBox
from notification_service.sms import domain, quiet
from notification_service.sms.providers import ProviderError, SmsProvider
from notification_service.sms.quiet import QuietHours
from notification_service.sms.shahkar import Confirmer
from notification_service.sms.uow import SmsUnitOfWork
from panjereh import events
from panjereh.background import Loop

log = logging.getLogger(__name__)
SENT = Counter(
    "panjereh_sms_messages_total",
    "SMS to applicants by what became of them (sent, not_sent, retried, failed, held)",
    ["outcome"],
)
LEASE = dt.timedelta(minutes=2)


@dataclasses.dataclass
class _Round:
    """What one round decided, recorded together at its end."""

    messages: list[domain.Message] = dataclasses.field(default_factory=list)
    confirmations: list[domain.Confirmation] = dataclasses.field(default_factory=list)
    not_sent: list[tuple[domain.Message, events.Reason]] = dataclasses.field(default_factory=list)


class SmsSender(Loop):
    def __init__(
        self,
        *,
        uow: Callable[[], SmsUnitOfWork],
        provider: SmsProvider,
        shahkar: Confirmer,
        box: SecretBox,
        quiet: QuietHours,
        batch: int,
        concurrency: int,
        poll_seconds: float,
        clock: Callable[[], dt.datetime],
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(name="sms-sender", poll_seconds=poll_seconds)
        self._uow = uow
        self._provider = provider
        self._shahkar = shahkar
        self._box = box
        self._quiet = quiet
        self._batch = batch
        self._slots = asyncio.Semaphore(concurrency)
        self._clock = clock
        self._rng = rng or random.Random()  # noqa: S311 (jitter, not a secret)

    async def stop(self) -> None:
        """Finish the round in flight, then let go of the provider's and Shahkar's clients."""
        await super().stop()
        await self._provider.aclose()
        await self._shahkar.aclose()

    async def round(self) -> bool:
        now = self._clock()
        async with self._uow() as uow:
            leased = await uow.sms.lease_due(now=now, until=now + LEASE, limit=self._batch)
            confirmations = await uow.sms.confirmations_of(m.application_id for m in leased)
            await uow.commit()
        if not leased:
            return False
        result = _Round()
        by_application = groupby(
            sorted(leased, key=lambda m: (m.application_id, m.created_at)),
            key=lambda m: m.application_id,
        )
        await asyncio.gather(
            *(
                self._application(list(messages), confirmations.get(app_id), result)
                for app_id, messages in by_application
            )
        )
        await self._record(result)
        return len(leased) == self._batch

    async def _application(
        self,
        messages: Sequence[domain.Message],
        confirmation: domain.Confirmation | None,
        result: _Round,
    ) -> None:
        """One application's messages, in order: confirm its mobile, then send or hold."""
        async with self._slots:
            confirmation = await self._confirmed(confirmation, result)
            waiting: domain.Message | None = None
            for message in messages:
                if waiting is not None:  # an earlier one must go first: wait with it
                    message = dataclasses.replace(message, next_attempt_at=waiting.next_attempt_at)
                else:
                    message = await self._one(message, confirmation, result)
                    waiting = message if message.status in domain.DUE_STATUSES else None
                result.messages.append(message)

    async def _confirmed(
        self, confirmation: domain.Confirmation | None, result: _Round
    ) -> domain.Confirmation | None:
        if confirmation is None or confirmation.outcome in domain.FINAL_OUTCOMES:
            return confirmation
        outcome = await self._shahkar.confirm(
            national_code=self._open(confirmation, confirmation.national_code_ciphertext),
            mobile=self._open(confirmation, confirmation.mobile_ciphertext),
        )
        checked = dataclasses.replace(
            confirmation,
            outcome=outcome,
            attempts=confirmation.attempts + 1,
            checked_at=self._clock(),
            # Shahkar has answered: the national code is not needed, so it is not kept.
            national_code_ciphertext=(
                confirmation.national_code_ciphertext if outcome == "unavailable" else None
            ),
        )
        result.confirmations.append(checked)
        return checked

    async def _one(
        self,
        message: domain.Message,
        confirmation: domain.Confirmation | None,
        result: _Round,
    ) -> domain.Message:
        now = self._clock()
        outcome = confirmation.outcome if confirmation is not None else "no_mobile"
        if outcome in ("no_mobile", "mismatch"):
            reason = domain.NOT_SENT[outcome]
            result.not_sent.append((message, reason))
            SENT.labels("not_sent").inc()
            return dataclasses.replace(message, status="not_sent", reason=reason.code)
        if outcome != "confirmed" or confirmation is None:
            return self._retry(message, "Shahkar did not answer", result)
        if (held := quiet.held_until(message.state, now=now, window=self._quiet)) is not None:
            SENT.labels("held").inc()
            return dataclasses.replace(message, status="held_quiet_hours", next_attempt_at=held)
        return await self._send(
            message, self._open(confirmation, confirmation.mobile_ciphertext), result
        )

    async def _send(self, message: domain.Message, mobile: str, result: _Round) -> domain.Message:
        try:
            receipt = await self._provider.send(mobile, message.text, reference=message.id)
        except ProviderError as error:
            if not error.transient:
                SENT.labels("failed").inc()
                return dataclasses.replace(
                    message, status="failed", reason=error.reason, attempts=message.attempts + 1
                )
            return self._retry(message, error.reason, result)
        SENT.labels("sent").inc()
        return dataclasses.replace(
            message,
            status="sent",
            reason=None,
            attempts=message.attempts + 1,
            provider_reference=receipt.provider_reference,
            sent_at=self._clock(),
        )

    def _retry(self, message: domain.Message, reason: str, result: _Round) -> domain.Message:
        attempts = message.attempts + 1
        now = self._clock()
        again = domain.retry_at(
            attempts=attempts, first_at=message.created_at, now=now, rng=self._rng
        )
        if again is None:
            expired = domain.NOT_SENT["expired"]
            result.not_sent.append((message, expired))
            SENT.labels("failed").inc()
            return dataclasses.replace(
                message, status="failed", reason=f"{expired.code}: {reason}", attempts=attempts
            )
        SENT.labels("retried").inc()
        return dataclasses.replace(
            message, status="queued", reason=reason, attempts=attempts, next_attempt_at=again
        )

    async def _record(self, result: _Round) -> None:
        async with self._uow() as uow:
            await uow.sms.save_confirmations(result.confirmations)
            await uow.sms.save_messages(result.messages)
            now = self._clock()
            for message, reason in result.not_sent:
                uow.emit(_not_sent(message, reason, at=now))
            for message in result.messages:
                if message.status in ("sent", "failed"):
                    uow.emit(_delivered(message, at=message.sent_at or now))
            await uow.commit()

    def _open(self, confirmation: domain.Confirmation, sealed: str | None) -> str:
        if sealed is None:
            raise ValueError("nothing sealed to open")
        return self._box.open(sealed, subscription_id=confirmation.application_id)


def _not_sent(message: domain.Message, reason: events.Reason, *, at: dt.datetime) -> events.Event:
    return events.NotificationSmsNotSent(
        application_id=message.application_id,
        tracking_code=message.tracking_code,
        reason=reason,
        at=at,
    )


def _delivered(message: domain.Message, *, at: dt.datetime) -> events.Event:
    """A message the provider took (sent), or gave up on (failed): the dashboard's tally."""
    sent = message.status == "sent"
    latency = (at - message.created_at).total_seconds() * 1000 if sent else None
    return events.NotificationDelivered(
        notification_id=message.id,
        kind="sms",
        outcome="delivered" if sent else "failed",
        label=message.state,
        application_id=message.application_id,
        attempts=message.attempts,
        latency_ms=max(latency, 0.0) if latency is not None else None,
        at=at,
    )
