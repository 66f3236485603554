"""Each service migrates, starts and reports ready on SQLite with the in-process bus and on a
real PostgreSQL with a real Kafka broker."""

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from application_service.main import create_app as application_app
from application_service.settings import ApplicationSettings
from compliance_service.main import create_app as compliance_app
from compliance_service.settings import ComplianceSettings
from inquiry_service.main import create_app as inquiry_app
from inquiry_service.settings import InquirySettings
from notification_service.main import create_app as notification_app
from notification_service.settings import NotificationSettings
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from panjereh.settings import BusKind
from status_service.main import create_app as status_app
from status_service.settings import StatusSettings
from tests.support import LifespanManager, unique

pytestmark = pytest.mark.asyncio

SERVICES = {
    "application": (application_app, ApplicationSettings, "application_service"),
    "inquiry": (inquiry_app, InquirySettings, "inquiry_service"),
    "status": (status_app, StatusSettings, "status_service"),
    "compliance": (compliance_app, ComplianceSettings, "compliance_service"),
    "notification": (notification_app, NotificationSettings, "notification_service"),
}


@pytest.mark.parametrize("service", SERVICES)
async def test_migrations_match_the_models_and_downgrade_cleanly(
    service: str, database_url: str
) -> None:
    package = SERVICES[service][2]
    models = __import__(f"{package}.models", fromlist=["metadata"])
    engine = db_engine.create_engine(database_url)
    try:
        await migrations.upgrade(engine, f"{package}.migrations")

        def diff(connection: Connection) -> list[object]:
            return list(compare_metadata(MigrationContext.configure(connection), models.metadata))

        async with engine.connect() as connection:
            assert await connection.run_sync(diff) == []
        await migrations.upgrade(engine, f"{package}.migrations", revision="base", downgrade=True)
        async with engine.connect() as connection:
            remaining = await connection.run_sync(lambda c: c.dialect.get_table_names(c))
        assert set(remaining) <= {"alembic_version"}
    finally:
        await engine.dispose()


@pytest.mark.parametrize("service", SERVICES)
async def test_service_is_ready_on_sqlite_and_the_in_process_bus(
    service: str, sqlite_url: str
) -> None:
    factory, settings_cls, _ = SERVICES[service]
    app = factory(settings_cls(database_url=sqlite_url))
    await _assert_ready(app, service)


@pytest.mark.parametrize("service", SERVICES)
async def test_service_is_ready_on_postgres_and_kafka(
    service: str, postgres_url: str, kafka_bootstrap: str
) -> None:
    factory, settings_cls, _ = SERVICES[service]
    settings = settings_cls(
        database_url=postgres_url,
        bus=BusKind.KAFKA,
        kafka_bootstrap_servers=kafka_bootstrap,
        kafka_topic_prefix=unique("svc") + ".",
    )
    await _assert_ready(factory(settings), service)


async def _assert_ready(app: object, service: str) -> None:
    async with LifespanManager(app) as manager:  # type: ignore[arg-type]
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            ready = await client.get("/health/ready")
            assert ready.status_code == 200, ready.text
            assert ready.json()["checks"] == {"database": "ok", "bus": "ok"}
            assert (await client.get("/health/live")).json() == {"status": "ok"}
            metrics = await client.get("/metrics")
            assert "panjereh_outbox_published_total" in metrics.text
            assert ready.json()["service"] == f"{service}-service"
