"""The bus interface and the delivery policy both implementations share.

At-least-once: a message is handed to a handler until the handler returns; a handler that
keeps failing is retried `max_attempts` times with jittered backoff, then the message goes
to `<topic>.dlq` with the error, and its partition moves on.
"""

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    RetryError,
    stop_after_attempt,
    wait_exponential_jitter,
)

from panjereh.db import errors as db_errors
from panjereh.events import CloudEvent, dead_letter_topic

log = logging.getLogger(__name__)

Headers = tuple[tuple[str, bytes], ...]


@dataclass(frozen=True)
class OutgoingMessage:
    topic: str
    key: str
    value: bytes
    headers: Headers = ()

    @classmethod
    def of(cls, topic: str, envelope: CloudEvent) -> "OutgoingMessage":
        return cls(topic, envelope.partitionkey, envelope.to_json())


@dataclass(frozen=True)
class Delivery:
    """One message as a consumer sees it."""

    topic: str
    partition: int
    offset: int
    key: str
    value: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def envelope(self) -> CloudEvent:
        return CloudEvent.from_json(self.value)


Handler = Callable[[Delivery], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    initial_backoff: float = 0.2
    max_backoff: float = 5.0


class MessageBus(Protocol):
    """Publish (returns once the broker acknowledged) and subscribe (before `start`)."""

    def subscribe(self, topics: Sequence[str], handler: Handler, *, group: str) -> None: ...

    async def start(self) -> None: ...

    async def stop_consuming(self) -> None:
        """Stop fetching; let the handlers in flight finish and commit (publishing goes on)."""
        ...

    async def stop(self) -> None: ...

    async def publish_batch(self, messages: Sequence[OutgoingMessage]) -> None: ...

    async def ping(self) -> None:
        """Raise if the bus cannot serve (readiness)."""
        ...


def dead_letter(
    delivery: Delivery, error: BaseException, *, attempts: int, group: str
) -> OutgoingMessage:
    """The message to put on the dead-letter topic: the original bytes plus why it failed."""
    headers = {
        "dlq.error": f"{type(error).__name__}: {error}"[:2000],
        "dlq.attempts": str(attempts),
        "dlq.topic": delivery.topic,
        "dlq.partition": str(delivery.partition),
        "dlq.offset": str(delivery.offset),
        "dlq.group": group,
        "dlq.failed_at": dt.datetime.now(dt.UTC).isoformat(),
    }
    return OutgoingMessage(
        dead_letter_topic(delivery.topic),
        delivery.key,
        delivery.value,
        tuple((name, value.encode()) for name, value in headers.items()),
    )


def _gave_up(max_attempts: int) -> Callable[[RetryCallState], bool]:
    """Stop after `max_attempts`, unless the last failure was the database being away.

    A database restart refuses connections for seconds: that is no fault of the message, and
    dead-lettering it would drop a healthy event (and strand every later event of its
    application). Such failures are retried, backing off, until the database is back.
    """
    attempts = stop_after_attempt(max_attempts)

    def stop(state: RetryCallState) -> bool:
        error = state.outcome.exception() if state.outcome else None
        return attempts(state) and not (error is not None and db_errors.unreachable(error))

    return stop


async def deliver(
    handler: Handler,
    delivery: Delivery,
    *,
    policy: RetryPolicy,
    group: str,
    publish: Callable[[Sequence[OutgoingMessage]], Awaitable[None]],
) -> bool:
    """Hand `delivery` to `handler` with retries; dead-letter it if it keeps failing.

    Returns True if the handler succeeded, False if the message was dead-lettered. Raises only
    if the dead letter itself could not be published (the caller must not commit then).
    """
    retrying = AsyncRetrying(
        stop=_gave_up(policy.max_attempts),
        wait=wait_exponential_jitter(
            multiplier=policy.initial_backoff, max=policy.max_backoff, jitter=policy.initial_backoff
        ),
        reraise=False,
    )
    try:
        async for attempt in retrying:
            with attempt:
                await handler(delivery)
        return True
    except RetryError as failure:
        error = failure.last_attempt.exception() or failure
        log.error(
            "dead-lettering %s[%s]@%s after %s attempts: %r",
            delivery.topic,
            delivery.partition,
            delivery.offset,
            policy.max_attempts,
            error,
        )
        await publish([dead_letter(delivery, error, attempts=policy.max_attempts, group=group)])
        return False
