"""The compliance service's application factory; everything connects in the lifespan."""

import contextlib
import functools
from collections.abc import AsyncIterator, Sequence

from fastapi import FastAPI

from compliance_service import api, gauges, handlers
from compliance_service.dashboard import page
from compliance_service.policy import PolicySource
from compliance_service.settings import ComplianceSettings
from compliance_service.state import SLOT, ComplianceState
from compliance_service.uow import ComplianceUnitOfWork
from panjereh import auth, consumers
from panjereh.bus.base import MessageBus
from panjereh.runtime import Runtime, Subscription
from panjereh.web.app import create_service_app

MIGRATIONS = "compliance_service.migrations"


@contextlib.asynccontextmanager
async def components(
    app: FastAPI, runtime: Runtime, *, settings: ComplianceSettings
) -> AsyncIterator[Sequence[Subscription]]:
    """The policy (checked at start), the gauges' refresher, and the facts' subscription."""
    policies = PolicySource(settings.policy_file)
    policies.current()  # a broken policy file stops the start, not the first report
    SLOT.put(app, ComplianceState(policies=policies))
    refresher = gauges.GaugeRefresher(runtime, policies, settings.gauges_refresh_seconds)
    subscription = consumers.subscription(
        handlers.table(freshness_bound_seconds=settings.freshness_bound_seconds),
        consumer=settings.service_name,
        uow_factory=runtime.uow_of(ComplianceUnitOfWork),
    )
    refresher.start()
    try:
        yield [subscription]
    finally:
        await refresher.stop()


def create_app(
    settings: ComplianceSettings | None = None,
    *,
    bus: MessageBus | None = None,
    token_verifier: auth.TokenVerifier | None = None,
    configure_logging: bool = True,
) -> FastAPI:
    """Build the compliance service; pass `bus` to share the embedded mode's in-process bus,
    and `configure_logging=False` to leave the process's logging to the caller (embedded)."""
    settings = settings or ComplianceSettings()
    return create_service_app(
        title="Panjereh compliance service",
        description=(
            "The four smart-service criteria measured from real traffic, against the policy "
            "targets."
        ),
        settings=settings,
        migrations_package=MIGRATIONS,
        routers=[api.router, page.router],
        components=functools.partial(components, settings=settings),
        bus=bus,
        token_verifier=token_verifier,
        configure_logging=configure_logging,
    )
