"""The inquiry service's application factory; everything connects in the lifespan."""

import contextlib
import functools
from collections.abc import AsyncIterator, Sequence

from fastapi import FastAPI

from inquiry_service import api, handlers
from inquiry_service.anchoring import api as anchoring_api
from inquiry_service.anchoring import keys
from inquiry_service.anchoring.signer import CheckpointSigner
from inquiry_service.evidence import catalog
from inquiry_service.registries.base import Connector
from inquiry_service.registries.http import HttpConnector
from inquiry_service.registries.resilient import Resilience, ResilientConnector
from inquiry_service.registries.sandbox import SandboxConnector
from inquiry_service.services import Inquirer
from inquiry_service.settings import InquirySettings, RegistryMode
from inquiry_service.state import SLOT, InquiryState
from inquiry_service.uow import InquiryUnitOfWork
from inquiry_service.worker import EvidenceWorker
from panjereh import auth, consumers
from panjereh.bus.base import MessageBus
from panjereh.runtime import Runtime, Subscription
from panjereh.web.app import create_service_app

MIGRATIONS = "inquiry_service.migrations"


def registry_connector(settings: InquirySettings) -> Connector:
    """The sandbox registries, or the exchange over HTTP, as the settings say."""
    if settings.registry_mode is RegistryMode.SANDBOX:
        return SandboxConnector(slow_seconds=settings.sandbox_slow_seconds)
    return HttpConnector(
        base_urls={
            r: settings.registry_urls.get(r, settings.exchange_base_url) for r in catalog.REGISTRIES
        },
        api_keys={
            r: settings.registry_api_keys.get(r, settings.exchange_api_key).get_secret_value()
            for r in catalog.REGISTRIES
        },
        timeout_seconds=settings.registry_timeout_seconds,
    )


def resilience(settings: InquirySettings) -> Resilience:
    return Resilience(
        timeout_seconds=settings.registry_timeout_seconds,
        attempts=settings.registry_attempts,
        backoff_seconds=settings.registry_backoff_seconds,
        breaker_window_seconds=settings.breaker_window_seconds,
        breaker_minimum_calls=settings.breaker_minimum_calls,
        breaker_failure_rate=settings.breaker_failure_rate,
        breaker_recovery_seconds=settings.breaker_recovery_seconds,
        cache_ttl_seconds=settings.cache_ttl_seconds,
        cache_max_entries=settings.cache_max_entries,
    )


@contextlib.asynccontextmanager
async def components(
    app: FastAPI, runtime: Runtime, *, settings: InquirySettings
) -> AsyncIterator[Sequence[Subscription]]:
    """Connector, inquirer and evidence worker, built on the runtime; stopped before it."""
    connector = ResilientConnector(registry_connector(settings), resilience(settings))
    uow = runtime.uow_of(InquiryUnitOfWork)
    inquirer = Inquirer(
        connector=connector,
        uow=uow,
        subject_secret=settings.audit_subject_key.get_secret_value().encode(),
    )
    worker = EvidenceWorker(
        inquirer=inquirer,
        uow=uow,
        budget=settings.evidence_retry_budget,
        base_seconds=settings.evidence_retry_base_seconds,
        batch_size=settings.evidence_batch_size,
        per_registry=settings.evidence_workers,
    )
    key = keys.load(settings)  # from outside the database
    signer = checkpoint_signer(runtime, settings, key)
    SLOT.put(
        app,
        InquiryState(
            inquirer=inquirer,
            connector=connector,
            evidence_worker=worker,
            audit_signing_key=key,
            checkpoint_signer=signer,
        ),
    )
    table = handlers.table(inquirer, wake_worker=worker.wake)
    worker.start()
    signer.start()
    try:
        yield [consumers.subscription(table, consumer=settings.service_name, uow_factory=uow)]
    finally:
        await signer.stop()
        await worker.stop()
        await connector.aclose()


def checkpoint_signer(
    runtime: Runtime, settings: InquirySettings, key: keys.SigningKey
) -> CheckpointSigner:
    """The signer of the audit chain's checkpoints."""
    return CheckpointSigner(
        uow=runtime.uow,
        key=key,
        every_entries=settings.audit_checkpoint_entries,
        every_seconds=settings.audit_checkpoint_seconds,
        poll_seconds=settings.audit_checkpoint_poll_seconds,
    )


def create_app(
    settings: InquirySettings | None = None,
    *,
    bus: MessageBus | None = None,
    token_verifier: auth.TokenVerifier | None = None,
    configure_logging: bool = True,
) -> FastAPI:
    """Build the inquiry service; pass `bus` to share the embedded mode's in-process bus,
    and `configure_logging=False` to leave the process's logging to the caller (embedded)."""
    settings = settings or InquirySettings()
    return create_service_app(
        title="Panjereh inquiry service",
        description=(
            "Online evidence from the national registries, with legal-basis checks and a "
            "hash-chained audit log."
        ),
        settings=settings,
        migrations_package=MIGRATIONS,
        routers=[api.router, anchoring_api.router],
        components=functools.partial(components, settings=settings),
        bus=bus,
        token_verifier=token_verifier,
        configure_logging=configure_logging,
    )
