"""A service's runtime: engine, bus, outbox relay and subscriptions, built in its lifespan."""

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine
from typing_extensions import TypeVar as DefaultedTypeVar

from panjereh import retention, tracing
from panjereh.bus import security
from panjereh.bus.base import BatchHandler, MessageBus, RetryPolicy
from panjereh.bus.kafka import KafkaBus
from panjereh.bus.memory import InMemoryBus
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from panjereh.db.reader import Reader
from panjereh.db.uow import UnitOfWork
from panjereh.events import TOPICS
from panjereh.outbox.relay import OutboxRelay
from panjereh.settings import BusKind, ServiceSettings

log = logging.getLogger(__name__)
U = TypeVar("U", bound=UnitOfWork)
# A service's own settings type, so its code reads `runtime.settings` as its settings without
# narrowing; a bare `Runtime` is one of any service (the kit's own code). Covariant: a status
# service's runtime is a runtime to the kit's functions (nothing reassigns `settings`).
S = DefaultedTypeVar("S", bound=ServiceSettings, default=ServiceSettings, covariant=True)
Settings = TypeVar("Settings", bound=ServiceSettings)


@dataclass
class Runtime(Generic[S]):
    settings: S
    engine: AsyncEngine
    sessions: db_engine.SessionFactory
    bus: MessageBus
    relay: OutboxRelay
    owns_bus: bool = True
    serial: asyncio.Lock | None = None  # SQLite: one unit of work at a time (see UnitOfWork)
    purge: retention.InboxPurge | None = None

    async def start(self, subscriptions: "Sequence[Subscription]" = ()) -> None:
        """Subscribe the service's handlers, then start consuming and relaying."""
        for topics, handler in subscriptions:
            self.bus.subscribe(topics, handler, group=self.settings.service_name)
        if self.owns_bus:
            await self.bus.start()
        self.relay.start()
        if self.purge is not None:
            self.purge.start()
        log.info("%s started (bus=%s)", self.settings.service_name, type(self.bus).__name__)

    @functools.cached_property
    def reader(self) -> Reader:
        """The read-only reader for lone reads (a lookup's one statement): autocommit on the
        same pool, so a read is one round trip (panjereh.db.reader); never for writes."""
        return Reader(self.engine)

    def uow(self) -> UnitOfWork:
        """A new unit of work whose commit wakes this service's relay."""
        return self.uow_of(UnitOfWork)()

    def uow_of(self, kind: type[U]) -> Callable[[], U]:
        """A factory of the service's own unit of work (the one with its repositories)."""

        def make() -> U:
            return kind(
                self.sessions,
                source=f"/panjereh/{self.settings.service_name}",
                on_commit=self.relay.wake,
                serial=self.serial,
            )

        return make


Subscription = tuple[Sequence[str], BatchHandler]


def retry_policy(settings: ServiceSettings) -> RetryPolicy:
    return RetryPolicy(
        max_attempts=settings.consumer_max_attempts,
        initial_backoff=settings.consumer_retry_backoff_seconds,
    )


def make_bus(settings: ServiceSettings) -> MessageBus:
    """The bus the settings name; the Kafka one creates the platform's topics at start."""
    if settings.bus is BusKind.KAFKA:
        return KafkaBus(
            bootstrap_servers=settings.kafka_bootstrap_servers,
            client_id=settings.service_name,
            topics=list(TOPICS),
            partitions=settings.kafka_topic_partitions,
            replication_factor=settings.kafka_replication_factor,
            policy=retry_policy(settings),
            topic_prefix=settings.kafka_topic_prefix,
            batch_max=settings.consumer_batch_max,
            security=security.from_settings(settings),
        )
    return InMemoryBus(policy=retry_policy(settings))


@contextlib.asynccontextmanager
async def run(
    settings: Settings,
    *,
    migrations_package: str,
    bus: MessageBus | None = None,
) -> AsyncIterator[Runtime[Settings]]:
    """Build a service's runtime (migrated, not yet consuming); stop it gracefully on exit.

    The caller builds its own components on it, then calls `start`. A bus passed in (the
    embedded mode's shared in-process bus) is started and stopped by its owner, not here.
    """
    engine = db_engine.create_engine(settings.database_url, pool_size=settings.database_pool_size)
    tracing.instrument_engine(engine, settings)
    owns_bus = bus is None
    bus = bus or make_bus(settings)
    relay = OutboxRelay(
        engine,
        bus,
        service=settings.service_name,
        batch_size=settings.outbox_batch_size,
        poll_seconds=settings.outbox_poll_seconds,
        coalesce_seconds=settings.outbox_coalesce_ms / 1000,
    )
    purge = retention.inbox_purge(engine, settings)
    serial = asyncio.Lock() if engine.dialect.name == "sqlite" else None
    runtime = Runtime(
        settings, engine, db_engine.session_factory(engine), bus, relay, owns_bus, serial, purge
    )
    try:
        if settings.auto_migrate:
            await migrations.upgrade(engine, migrations_package)
        yield runtime
    finally:
        # Consumers first (their last effects reach the outbox), then the relay sends what
        # the outbox holds, then the producer closes.
        if owns_bus:
            await bus.stop_consuming()
        await purge.stop()
        await relay.stop()
        if owns_bus:
            await bus.stop()
        await engine.dispose()
