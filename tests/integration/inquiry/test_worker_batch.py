"""The evidence worker on a real database and the registry simulator over HTTP: a batch of
due requests is leased in one statement, fetched concurrently, and recorded in one
transaction, and the audit chain verifies afterwards."""

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from inquiry_service import cli
from inquiry_service import state as inquiry_state
from inquiry_service.models import evidence_requests, legal_bases, service_requirements
from inquiry_service.sandbox import personas
from panjereh import events
from panjereh.bus.base import Delivery
from panjereh.bus.memory import InMemoryBus
from tests.integration.inquiry.conftest import AGENCY_A, LAW, inquiry_settings, running
from tests.support import eventually

pytestmark = pytest.mark.asyncio

COMPLETE = next(p for p in personas.PERSONAS if "complete" in p.traits).national_code
BATCH = 50
PER_REGISTRY = 8


@pytest_asyncio.fixture
async def bus() -> AsyncIterator[InMemoryBus]:
    bus = InMemoryBus()
    await bus.start()
    yield bus
    await bus.stop()


async def _seed(engine: AsyncEngine, count: int) -> None:
    now = dt.datetime.now(dt.UTC)
    async with engine.begin() as connection:
        await connection.execute(
            sa.insert(service_requirements).values(
                service_id="svc-batch",
                agency_id=AGENCY_A,
                evidence_types=["national-id-card"],
                updated_at=now,
            )
        )
        await connection.execute(
            sa.insert(legal_bases).values(
                service_id="svc-batch",
                evidence_type="national-id-card",
                status="approved",
                law_reference=LAW,
                decided_at=now,
            )
        )
        await connection.execute(
            sa.insert(evidence_requests),
            [
                {
                    "event_id": f"ev-{n}",
                    "application_id": f"app-{n}",
                    "agency_id": AGENCY_A,
                    "service_id": "svc-batch",
                    "evidence_type": "national-id-card",
                    "national_code": COMPLETE,
                    "request_id": f"req-{n}",
                    "next_attempt_at": now - dt.timedelta(seconds=1),
                }
                for n in range(count)
            ],
        )


class _Peak:
    """Counts the registry calls in flight at once (wrapping the HTTP connector)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.now, self.peak = inner, 0, 0

    async def fetch(self, *args: Any, **kwargs: Any) -> Any:
        self.now += 1
        self.peak = max(self.peak, self.now)
        try:
            return await self.inner.fetch(*args, **kwargs)
        finally:
            self.now -= 1

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_a_batch_is_leased_in_one_statement_fetched_concurrently_recorded_in_one_commit(
    database_url: str, simulator: httpx.AsyncClient, bus: InMemoryBus, tmp_path: Path
) -> None:
    jwks = tmp_path / "jwks.json"
    announced: list[events.EvidenceRetrieved] = []

    async def observe(batch: Sequence[Delivery]) -> None:
        for delivery in batch:
            event = events.unwrap(delivery.envelope())
            if isinstance(event, events.EvidenceRetrieved):
                announced.append(event)

    bus.subscribe([events.EVIDENCE], observe, group="observer")
    settings = inquiry_settings(
        database_url,
        str(simulator.base_url),
        evidence_batch_size=100,
        evidence_workers=PER_REGISTRY,
        audit_checkpoint_entries=10_000,
    )
    async with running(settings, bus=bus) as client:
        app = client.service_app  # type: ignore[attr-defined]
        worker, engine = inquiry_state.SLOT.of(app).evidence_worker, app.state.runtime.engine
        relay, signer = app.state.runtime.relay, inquiry_state.SLOT.of(app).checkpoint_signer
        # The worker is driven by hand below, one round; the relay and the signer would
        # commit on the same engine meanwhile.
        for loop in (worker, relay, signer):
            await loop.stop()
        connector = inquiry_state.SLOT.of(app).connector
        connector._inner = peak = _Peak(connector._inner)
        await _seed(engine, BATCH)

        commits, leases = [], []

        def on_commit(connection: Any) -> None:
            commits.append(1)

        def on_statement(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if "UPDATE evidence_requests SET next_attempt_at" in statement:
                leases.append(statement)

        sa.event.listen(engine.sync_engine, "commit", on_commit)
        sa.event.listen(engine.sync_engine, "before_cursor_execute", on_statement)
        try:
            assert await worker.run_once() == BATCH
        finally:
            sa.event.remove(engine.sync_engine, "commit", on_commit)
            sa.event.remove(engine.sync_engine, "before_cursor_execute", on_statement)

        assert len(commits) == 2, "one commit for the lease, one for the whole batch's record"
        assert len(leases) == 1, "every request leased by one statement"
        if engine.dialect.name == "postgresql":
            assert "SKIP LOCKED" in leases[0] and "legal_bases" in leases[0], leases[0]
        stats = (await simulator.get("/_stats")).json()["requests"]
        assert stats == {"civil-registration/national-id-card": BATCH}
        assert peak.peak == PER_REGISTRY, "fetched concurrently, bounded per registry"

        async with engine.connect() as connection:
            done = await connection.scalar(
                sa.select(sa.func.count()).where(evidence_requests.c.done.is_(True))
            )
            audited = (
                (
                    await connection.execute(
                        sa.text("SELECT application_id FROM audit_log ORDER BY seq")
                    )
                )
                .scalars()
                .all()
            )
            inquiries = await connection.scalar(sa.text("SELECT count(*) FROM inquiries"))
        assert done == BATCH and inquiries == BATCH
        relay.start()
        # The lease hands them out by due time, then event id (ev-0, ev-1, ev-10, …).
        assert audited == sorted(f"app-{n}" for n in range(BATCH)), "chained in lease order"
        await eventually(lambda: len(announced) == BATCH, within=30)
        assert sorted(e.application_id for e in announced) == sorted(
            f"app-{n}" for n in range(BATCH)
        )
        assert await signer.sign_if_due(force=True) == BATCH
        jwks.write_text((await client.get("/v1/inquiries/audit/keys")).text, "utf-8")
    verify = ["verify", "--database-url", database_url, "--jwks", str(jwks)]
    assert await cli.audit_command(verify) == 0
