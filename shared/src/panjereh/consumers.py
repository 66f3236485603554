"""Consumers: one table per service from event class to handler, applied a batch at a time.

A batch (what one fetch brings) becomes one unit of work. The event types a service ignores
are skipped before they are decoded (by their `ce_type` header; decoded as before where it is
missing); the rest are claimed in the inbox in one statement; the table's `prepare` steps load
what the batch touches at once (locked in key order); each handler applies its event, in
partition order, through the unit of work's repositories; the unit of work writes set-based
(`flush`) and commits once. If any of it fails the bus replays the batch one event at a time.
"""

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from prometheus_client import Counter, Histogram

from panjereh import context, inbox, tracing
from panjereh.bus.base import BatchHandler, Delivery
from panjereh.db.uow import UnitOfWork
from panjereh.events import CloudEvent, Event, unwrap

log = logging.getLogger(__name__)

DELIVERIES = Counter(
    "panjereh_consumer_deliveries_total",
    "Messages a service's consumer was handed: applied, duplicate (already applied), or "
    "ignored (a type it does not handle)",
    ["service", "outcome"],
)
BATCH_SIZE = Histogram(
    "panjereh_consumer_batch_size",
    "Messages per batch a service's consumer applied in one transaction",
    ["service"],
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500),
)
TYPE_HEADER = "ce_type"

E = TypeVar("E", bound=Event)
U = TypeVar("U", bound=UnitOfWork)
F = TypeVar("F", bound=Callable[..., Awaitable[None]])


@dataclass(frozen=True)
class Received(Generic[E]):
    """One event of a batch, with its envelope (and the trace its message header named)."""

    event: E
    envelope: CloudEvent
    traceparent: str | None = None

    @property
    def parent(self) -> str | None:
        """The span this event's handling continues: the relay's producer span, else the
        span that emitted it (a message sent with tracing off in the sender)."""
        return self.traceparent or self.envelope.traceparent


Prepare = Callable[[U, Sequence[Received[Event]]], Awaitable[None]]


class HandlerTable(Generic[U]):
    """Which handler applies which event class; the topics to read follow from it.

    A handler is `async def h(event: SomeEvent, envelope: CloudEvent, uow: MyUnitOfWork)`,
    given the concrete event class it was registered for.
    """

    def __init__(self) -> None:
        self._handlers: dict[type[Event], Callable[[Any, CloudEvent, U], Awaitable[None]]] = {}
        self._types: frozenset[str] = frozenset()  # asked for every message: kept, not built
        self._prepare: list[Prepare[U]] = []

    def on(self, *kinds: type[Event]) -> Callable[[F], F]:
        """Register the decorated handler for each of `kinds`."""

        def register(handler: F) -> F:
            for kind in kinds:
                self.add(kind, handler)
            return handler

        return register

    def add(self, kind: type[E], handler: Callable[[E, CloudEvent, U], Awaitable[None]]) -> None:
        if kind in self._handlers:
            raise ValueError(f"{kind.__name__} already has a handler")
        self._handlers[kind] = handler
        self._types = self._types | {kind.type}

    def prepare(self, step: Prepare[U]) -> Prepare[U]:
        """Register a step run once per batch before its handlers (load what it touches)."""
        self._prepare.append(step)
        return step

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(sorted({kind.topic for kind in self._handlers}))

    @property
    def types(self) -> frozenset[str]:
        return self._types

    @property
    def kinds(self) -> tuple[type[Event], ...]:
        """The event classes this table handles, by type name."""
        return tuple(sorted(self._handlers, key=lambda kind: kind.type))

    def wants(self, delivery: Delivery) -> bool:
        """False for a message whose header names a type this table ignores (not decoded)."""
        kind = delivery.headers.get(TYPE_HEADER)
        return kind is None or kind in self.types

    def decode(self, deliveries: Sequence[Delivery]) -> list[Received[Event]]:
        """The batch's events this table handles, in order; the others are dropped."""
        received: list[Received[Event]] = []
        for delivery in deliveries:
            if not self.wants(delivery):
                continue
            envelope = delivery.envelope()
            if envelope.type in self.types:
                received.append(
                    Received(unwrap(envelope), envelope, delivery.headers.get(tracing.HEADER))
                )
        return received

    async def apply(
        self, uow: U, batch: Sequence[Received[Event]], *, batch_span: tracing.Span | None = None
    ) -> None:
        """Prepare, then apply each event in order (each under its own request id and, when
        tracing, its own span in its own trace)."""
        for step in self._prepare:
            await step(uow, batch)
        for item in batch:
            token = context.request_id.set(item.envelope.requestid)
            try:
                with tracing.applying(f"apply {item.envelope.type}", item.parent, batch=batch_span):
                    await self._handlers[type(item.event)](item.event, item.envelope, uow)
            finally:
                context.request_id.reset(token)


def consume(table: HandlerTable[U], *, consumer: str, uow_factory: Callable[[], U]) -> BatchHandler:
    """The bus handler that applies each batch once, in one unit of work, through `table`."""
    return TableConsumer(table, consumer=consumer, uow_factory=uow_factory)


class TableConsumer(Generic[U]):
    """A bus handler that keeps its table in sight, so the event map (panjereh_embedded.
    event_map) can read who hears what from the running services themselves."""

    def __init__(
        self, table: HandlerTable[U], *, consumer: str, uow_factory: Callable[[], U]
    ) -> None:
        self.table = table
        self.consumer = consumer
        self._uow_factory = uow_factory

    async def __call__(self, deliveries: Sequence[Delivery]) -> None:
        received = self.table.decode(deliveries)
        ignored = len(deliveries) - len(received)
        fresh: list[Received[Event]] = []
        if received:
            with tracing.batch(self.consumer, [r.parent for r in received]) as span:
                async with self._uow_factory() as uow:
                    claimed = await inbox.claim(
                        uow.session,
                        consumer=self.consumer,
                        envelopes=[r.envelope for r in received],
                    )
                    fresh = _first_of_each(received, claimed)
                    if fresh:
                        await self.table.apply(uow, fresh, batch_span=span)
                        await uow.commit()
        _count(
            self.consumer, applied=len(fresh), duplicate=len(received) - len(fresh), ignored=ignored
        )


def subscription(
    table: HandlerTable[U], *, consumer: str, uow_factory: Callable[[], U]
) -> tuple[tuple[str, ...], BatchHandler]:
    """The topics the table implies, with the handler that applies them (`Runtime.start`)."""
    return table.topics, consume(table, consumer=consumer, uow_factory=uow_factory)


class Together:
    """Several handlers behind one subscription of a service's consumer group.

    Two subscriptions of one group would split the partitions between them (both buses
    give each partition to one member), each handler seeing only some keys. Each handler
    keeps its own inbox, so when a later one fails and the bus replays the batch, the
    earlier ones skip what they already applied.
    """

    def __init__(self, subscriptions: Sequence[tuple[Sequence[str], BatchHandler]]) -> None:
        self.parts = [(frozenset(wanted), handler) for wanted, handler in subscriptions]
        self.topics = tuple(sorted({topic for wanted, _ in self.parts for topic in wanted}))

    async def __call__(self, deliveries: Sequence[Delivery]) -> None:
        for wanted, handler in self.parts:
            mine = [delivery for delivery in deliveries if delivery.topic in wanted]
            if mine:
                await handler(mine)


def tables_of(handler: BatchHandler) -> list[HandlerTable[Any]]:
    """The handler tables behind a bus handler (none for a handler made otherwise)."""
    if isinstance(handler, TableConsumer):
        return [handler.table]
    if isinstance(handler, Together):
        return [table for _, part in handler.parts for table in tables_of(part)]
    return []


def _first_of_each(received: Sequence[Received[Event]], claimed: set[str]) -> list[Received[Event]]:
    """The claimed events in batch order, each once (a batch may hold a redelivered copy)."""
    fresh, seen = [], set()
    for item in received:
        if item.envelope.id in claimed and item.envelope.id not in seen:
            seen.add(item.envelope.id)
            fresh.append(item)
    return fresh


def _count(consumer: str, *, applied: int, duplicate: int, ignored: int) -> None:
    for outcome, count in (("applied", applied), ("duplicate", duplicate), ("ignored", ignored)):
        if count:
            DELIVERIES.labels(consumer, outcome).inc(count)
    if applied:
        BATCH_SIZE.labels(consumer).observe(applied)
    if duplicate:
        log.info("%s skipped %s event(s) it had already applied", consumer, duplicate)


def idempotent(
    *,
    consumer: str,
    uow_factory: Callable[[], UnitOfWork],
    handlers: dict[type[Event], inbox.EventHandler],
) -> BatchHandler:
    """`consume` over a plain dict of handlers (for tables not yet written as a HandlerTable)."""
    table: HandlerTable[UnitOfWork] = HandlerTable()
    for kind, handler in handlers.items():
        table.add(kind, handler)
    return consume(table, consumer=consumer, uow_factory=uow_factory)
