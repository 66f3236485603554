"""The four services as they run, on the seeded databases: each built by its own create_app,
its lifespan run (migrations to head included), and called over httpx's ASGI transport with
tokens from the kit's issuer. Every SQL statement a request runs can be captured."""

import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI
from sqlalchemy import event

from application_service.main import create_app as application_app
from application_service.settings import ApplicationSettings
from compliance_service.main import create_app as compliance_app
from compliance_service.settings import ComplianceSettings
from inquiry_service.main import create_app as inquiry_app
from inquiry_service.settings import InquirySettings
from panjereh import auth
from panjereh.bus.memory import InMemoryBus
from status_service.main import create_app as status_app
from status_service.settings import StatusSettings

KEY = auth.new_signing_key()
ISSUER = auth.TokenIssuer(KEY, kid="growth-bench", ttl=dt.timedelta(hours=6))
VERIFIER = auth.TokenVerifier(auth.public_jwks(KEY, kid="growth-bench"))
UNLIMITED = "1000000/minute"  # the bench asks serially from one address: no miss limit


def bearer(agency_id: str, *scopes: str) -> dict[str, str]:
    token = ISSUER.issue(client_id=f"{agency_id}-backend", agency_id=agency_id, scopes=scopes)
    return {"Authorization": f"Bearer {token}"}


def _signing_pem() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def build(urls: Mapping[str, str], bus: InMemoryBus) -> dict[str, FastAPI]:
    """Each service's app on its seeded database; nothing connects until its lifespan."""
    # Background rounds (relay polls, SLA sweeps, checkpoint signing) once at start, then
    # not again during the run: only the requests' own statements are captured.
    quiet = 3600.0
    common: dict[str, Any] = {
        "log_json": False,
        "log_level": "WARNING",
        "outbox_poll_seconds": quiet,
    }
    return {
        "application": application_app(
            ApplicationSettings(
                database_url=urls["application"], seed_demo_catalogue=False, rule_workers=1,
                sla_sweep_seconds=quiet, decide_poll_seconds=quiet, **common,
            ),
            bus=bus, token_verifier=VERIFIER,
        ),
        "status": status_app(
            StatusSettings(
                database_url=urls["status"], projection_wait_seconds=0.0,
                misses_per_client=UNLIMITED, misses_per_client_code=UNLIMITED,
                misses_per_code=UNLIMITED, **common,
            ),
            bus=bus, token_verifier=VERIFIER,
        ),
        "inquiry": inquiry_app(
            InquirySettings(
                database_url=urls["inquiry"], audit_signing_key_pem=_signing_pem(),
                audit_checkpoint_poll_seconds=quiet, audit_checkpoint_seconds=quiet, **common,
            ),
            bus=bus, token_verifier=VERIFIER,
        ),
        "compliance": compliance_app(
            ComplianceSettings(database_url=urls["compliance"], **common),
            bus=bus, token_verifier=VERIFIER,
        ),
    }  # fmt: skip


@dataclass
class Statements:
    """The SQL statements (and their parameters) run while `capturing` is on."""

    on: bool = False
    seen: list[tuple[str, Any]] = field(default_factory=list)

    def __call__(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if self.on:
            self.seen.append((statement, parameters))

    @contextlib.contextmanager
    def capturing(self) -> Iterator[list[tuple[str, Any]]]:
        self.seen, self.on = [], True
        try:
            yield self.seen
        finally:
            self.on = False


@dataclass
class Running:
    clients: dict[str, httpx.AsyncClient]
    statements: dict[str, Statements]


@contextlib.asynccontextmanager
async def running(urls: Mapping[str, str]) -> AsyncIterator[Running]:
    """The four services started, a client for each, and their statements capturable."""
    bus = InMemoryBus()  # shared, as in the embedded mode (the start-up checkpoint's event)
    apps = build(urls, bus)
    async with contextlib.AsyncExitStack() as stack:
        await bus.start()
        stack.push_async_callback(bus.stop)
        clients, statements = {}, {}
        for name, app in apps.items():
            manager = await stack.enter_async_context(LifespanManager(app, startup_timeout=120))
            transport = httpx.ASGITransport(app=manager.app)
            clients[name] = await stack.enter_async_context(
                httpx.AsyncClient(transport=transport, base_url=f"http://{name}", timeout=60)
            )
            listener = statements[name] = Statements()
            engine = app.state.runtime.engine.sync_engine
            event.listen(engine, "before_cursor_execute", listener)
            stack.callback(event.remove, engine, "before_cursor_execute", listener)
        yield Running(clients, statements)
