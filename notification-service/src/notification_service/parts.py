"""How the service's halves plug into its lifespan without editing each other's code.

Each half (`webhooks.wiring`, `sms.wiring`) has `routers()` (included when the app is
built) and `lifespan_parts(wiring)` (called in the lifespan) returning its `Parts`: event
subscriptions to consume and workers to start and stop with the service.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from fastapi import FastAPI

from notification_service.sealing import SecretBox
from notification_service.settings import NotificationSettings
from notification_service.signals import Signals
from notification_service.uow import NotificationUnitOfWork
from panjereh.runtime import Runtime, Subscription


class Worker(Protocol):
    """A background worker (e.g. a `panjereh.background.Loop`)."""

    def start(self) -> None: ...

    async def stop(self) -> None: ...


@dataclass(frozen=True)
class Wiring:
    """What the service hands its halves in the lifespan."""

    app: FastAPI
    runtime: Runtime
    settings: NotificationSettings
    signals: Signals
    secrets: SecretBox
    uow: Callable[[], NotificationUnitOfWork]


@dataclass(frozen=True)
class Parts:
    # (topics, batch handler), e.g. `consumers.subscription(table, consumer=…, uow_factory=…)`
    # with a consumer name of the half's own (its inbox), e.g. "notification-sms".
    subscriptions: Sequence[Subscription] = ()
    workers: Sequence[Worker] = ()
