"""Shared fixtures: real PostgreSQL (a fresh database per test) and a real Kafka broker.

Under CI (CI=true) the real-infrastructure tests may not be skipped: an unreachable
PostgreSQL or Kafka fails them with the reason, and a run in which any of them was skipped
fails as a whole.
"""

import contextlib
import signal
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from tests import databases, topics
from tests.infra import IN_CI, KAFKA, POSTGRES_URL, require_kafka, unavailable
from tests.security import _logs

if TYPE_CHECKING:
    from tests.edges import Deployment
    from tests.integration.notification.receiver import Receiver

REAL_INFRA_MARKERS = ("postgres", "kafka")


@pytest.fixture
def kafka_bootstrap() -> str:
    """The bootstrap address of the real Kafka broker."""
    return require_kafka()


@pytest_asyncio.fixture
async def postgres_databases() -> AsyncIterator[Callable[[], Awaitable[str]]]:
    """Makes brand-new PostgreSQL databases (one per service under test); drops them after."""
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    async def make() -> str:
        name = f"t_{uuid.uuid4().hex[:16]}"
        try:
            async with admin.connect() as connection:
                await connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        except Exception as error:  # any failure to reach the server is "unavailable"
            unavailable("PostgreSQL", repr(error))
        made.append(name)
        return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)

    try:
        yield make
    finally:
        for name in made:  # each on its own: one that fails to go never keeps the others
            with contextlib.suppress(Exception):
                await databases.drop(admin, name)
        await admin.dispose()


@pytest_asyncio.fixture
async def postgres_url(postgres_databases: Callable[[], Awaitable[str]]) -> str:
    """A URL to a brand-new PostgreSQL database, dropped after the test."""
    return await postgres_databases()


@pytest.fixture
def sqlite_url(tmp_path: object) -> str:
    return f"sqlite+aiosqlite:///{tmp_path}/test.db"


@pytest_asyncio.fixture
async def receiver() -> AsyncIterator["Receiver"]:
    """A webhook receiver on 127.0.0.1 (tests.integration.notification.receiver)."""
    from tests.integration.notification.receiver import Receiver  # aiohttp: only when used

    running = Receiver()
    await running.start()
    yield running
    await running.stop()


@pytest.fixture(
    scope="session",
    params=["embedded", pytest.param("haproxy", marks=[pytest.mark.postgres, pytest.mark.kafka])],
)
def edge(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> "Iterator[Deployment]":
    """The platform under the black-box suites, on each edge (tests.edges): one deployment of
    each per session, started when a test first asks for it, stopped when the last is done."""
    from tests import edges  # the native mode's helpers import this module

    with edges.deployed(request.param, tmp_path_factory.mktemp(f"edge-{request.param}")) as up:
        yield up


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each test using it runs once on SQLite and once on a real PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


def pytest_configure(config: pytest.Config) -> None:
    # At the session's end, no national code may be in any log line it wrote.
    config.pluginmanager.register(_logs.LogCheck(config), "panjereh-log-check")
    # A run stopped by SIGTERM (a CI job's time limit, `timeout`) tidies up as Ctrl-C does:
    # fixtures' teardowns stop native clusters and drop databases, the session's end deletes
    # the topics; killed outright by the default handler, it left them all behind.
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "kafka_bootstrap" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.kafka)
        if {"postgres_url", "postgres_databases"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)
        if "edge" in getattr(item, "fixturenames", ()):
            # The first test on an edge starts it: a native cluster on a loaded machine.
            item.add_marker(pytest.mark.timeout(900))


_REAL_INFRA_OUTCOMES: dict[str, dict[str, list[str]]] = {
    marker: {"passed": [], "skipped": []} for marker in REAL_INFRA_MARKERS
}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for marker in REAL_INFRA_MARKERS:
        if marker not in report.keywords:
            continue
        if report.skipped:
            _REAL_INFRA_OUTCOMES[marker]["skipped"].append(report.nodeid)
        elif report.when == "call" and report.passed:
            _REAL_INFRA_OUTCOMES[marker]["passed"].append(report.nodeid)


_TOPICS: dict[str, int] = {}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _TOPICS.get("deleted"):
        terminalreporter.write_sep(
            "-", f"topics this run made, deleted: {_TOPICS['deleted']}; left: {_TOPICS['left']}"
        )
    for marker, outcome in _REAL_INFRA_OUTCOMES.items():
        terminalreporter.write_sep(
            "-",
            f"real {marker} tests: {len(outcome['passed'])} passed, "
            f"{len(outcome['skipped'])} skipped",
        )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # The topics this run made go with it (tests.topics): the shared broker keeps none.
    _TOPICS.update(zip(("deleted", "left"), topics.delete_created_now(KAFKA), strict=True))
    skipped = [node for o in _REAL_INFRA_OUTCOMES.values() for node in o["skipped"]]
    if IN_CI and skipped and exitstatus == 0:
        session.exitstatus = 1
