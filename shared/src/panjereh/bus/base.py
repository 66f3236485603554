"""The bus interface and the delivery policy both implementations share.

Consumers take what one fetch brings in batches: a batch is handed to its handler whole (one
transaction for all of it). If that fails, the batch is replayed one message at a time, and
each message keeps the per-message guarantees: at-least-once, retried `max_attempts` times
with jittered backoff, then sent to `<topic>.dlq` with the error while its partition moves
on. A database outage is waited out (whole batch, backing off) and never dead-letters.
"""

import asyncio
import contextlib
import datetime as dt
import enum
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
"""Handles one message (the replay path, and simple consumers via `each`)."""

BatchHandler = Callable[[Sequence[Delivery]], Awaitable[None]]
"""Handles a batch as a whole: all of it takes effect, or none of it (then it raises)."""


def each(handler: Handler) -> BatchHandler:
    """A batch handler that hands the messages to `handler` one by one, in order."""

    async def handle(deliveries: Sequence[Delivery]) -> None:
        for delivery in deliveries:
            await handler(delivery)

    return handle


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    initial_backoff: float = 0.2
    max_backoff: float = 5.0


class MessageBus(Protocol):
    """Publish (returns once the broker acknowledged) and subscribe (before `start`)."""

    def subscribe(self, topics: Sequence[str], handler: BatchHandler, *, group: str) -> None: ...

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


class Settled(enum.Enum):
    HANDLED = "handled"
    DEAD_LETTERED = "dead_lettered"
    INTERRUPTED = "interrupted"  # shutting down while waiting: neither handled nor committed


def _gave_up(max_attempts: int, stopping: asyncio.Event) -> Callable[[RetryCallState], bool]:
    """Stop after `max_attempts`, unless the last failure was the database being away.

    A database restart refuses connections for seconds: that is no fault of the message, and
    dead-lettering it would drop a healthy event (and strand every later event of its
    application). Such failures are retried, backing off, until the database is back, or
    until the service is told to stop (then the message is left for the next owner).
    """
    attempts = stop_after_attempt(max_attempts)

    def stop(state: RetryCallState) -> bool:
        if stopping.is_set():
            return True
        error = state.outcome.exception() if state.outcome else None
        return attempts(state) and not (error is not None and db_errors.unreachable(error))

    return stop


def _sleeper(stopping: asyncio.Event) -> Callable[[float], Awaitable[None]]:
    """Back off, but wake at once on SIGTERM (the grace period is shorter than an outage)."""

    async def sleep(seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await stopping.wait()

    return sleep


def _retrying(policy: RetryPolicy, stopping: asyncio.Event) -> AsyncRetrying:
    return AsyncRetrying(
        stop=_gave_up(policy.max_attempts, stopping),
        wait=wait_exponential_jitter(
            multiplier=policy.initial_backoff, max=policy.max_backoff, jitter=policy.initial_backoff
        ),
        sleep=_sleeper(stopping),
        reraise=False,
    )


async def deliver(
    handler: Handler,
    delivery: Delivery,
    *,
    policy: RetryPolicy,
    group: str,
    publish: Callable[[Sequence[OutgoingMessage]], Awaitable[None]],
    stopping: asyncio.Event | None = None,
) -> Settled:
    """Hand `delivery` to `handler` with retries; dead-letter it if it keeps failing.

    Raises only if the dead letter itself could not be published (the caller must not
    commit then).
    """
    stopping = stopping or asyncio.Event()
    try:
        async for attempt in _retrying(policy, stopping):
            with attempt:
                await handler(delivery)
        return Settled.HANDLED
    except RetryError as failure:
        if stopping.is_set():
            return Settled.INTERRUPTED
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
        return Settled.DEAD_LETTERED


async def deliver_batch(
    handler: BatchHandler,
    deliveries: Sequence[Delivery],
    *,
    policy: RetryPolicy,
    group: str,
    publish: Callable[[Sequence[OutgoingMessage]], Awaitable[None]],
    stopping: asyncio.Event | None = None,
) -> list[Delivery]:
    """Apply `deliveries` as one batch; on failure replay them one at a time (`deliver`).

    Returns the deliveries that are settled (handled or dead-lettered), in order; the caller
    commits their offsets only. Within a partition they are a prefix: a message whose dead
    letter could not be published, or a shutdown, leaves it and its partition's later
    messages unsettled, to be fetched again.
    """
    stopping = stopping or asyncio.Event()
    if not deliveries:
        return []
    if await _whole(handler, deliveries, policy, stopping):
        return list(deliveries)
    if stopping.is_set():
        return []
    return await _one_at_a_time(
        handler, deliveries, policy=policy, group=group, publish=publish, stopping=stopping
    )


async def _whole(
    handler: BatchHandler,
    deliveries: Sequence[Delivery],
    policy: RetryPolicy,
    stopping: asyncio.Event,
) -> bool:
    """Try the batch as one; wait out a database outage (backing off) before giving up."""
    wait = policy.initial_backoff
    while not stopping.is_set():
        try:
            await handler(deliveries)
            return True
        except Exception as error:
            if not db_errors.unreachable(error):
                if len(deliveries) > 1:
                    log.warning(
                        "a batch of %s failed (%r); replaying it one message at a time",
                        len(deliveries),
                        error,
                    )
                return False
            log.warning("database unreachable; batch of %s waits: %r", len(deliveries), error)
            await _sleeper(stopping)(wait)
            wait = min(wait * 2, policy.max_backoff)
    return False


async def _one_at_a_time(
    handler: BatchHandler,
    deliveries: Sequence[Delivery],
    *,
    policy: RetryPolicy,
    group: str,
    publish: Callable[[Sequence[OutgoingMessage]], Awaitable[None]],
    stopping: asyncio.Event,
) -> list[Delivery]:
    async def single(delivery: Delivery) -> None:
        await handler([delivery])

    settled: list[Delivery] = []
    blocked: set[tuple[str, int]] = set()
    for delivery in deliveries:
        partition = (delivery.topic, delivery.partition)
        if partition in blocked:
            continue
        try:
            outcome = await deliver(
                single, delivery, policy=policy, group=group, publish=publish, stopping=stopping
            )
        except Exception:
            log.exception(
                "could not dead-letter %s[%s]@%s; will retry",
                delivery.topic,
                delivery.partition,
                delivery.offset,
            )
            blocked.add(partition)
            continue
        if outcome is Settled.INTERRUPTED:
            break
        settled.append(delivery)
    return settled
