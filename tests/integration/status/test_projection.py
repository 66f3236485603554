"""Must show: in order, duplicated, or replayed from the start, events build the same read model."""

import json
from typing import Any

import pytest
import sqlalchemy as sa

from panjereh import events
from panjereh.bus.memory import InMemoryBus
from status_service.models import status_views
from tests.integration.status.conftest import Story, catalogue_fact, status_service
from tests.support import Collector

pytestmark = pytest.mark.asyncio
TABLES = ("status_views", "access_history", "service_names")
TIMELINE = list(status_views.c.keys()).index("timeline")


def _story() -> Story:
    story = Story().submitted().evidence().moved("collecting_evidence", "evaluating")
    story.moved(
        "evaluating", "rejected", reason="No military card.", reason_fa="کارت پایان خدمت ندارد."
    )
    story.add(
        events.ApplicationDecided(
            application_id=story.application_id,
            tracking_code=story.tracking_code,
            service_id="passport-issuance",
            agency_id="passport-police",
            outcome="rejected",
            by="rules",
            reasons=(
                events.Reason(code="military", fa="کارت پایان خدمت ندارد.", en="No military card."),
            ),
            decided_at=story.envelopes[-1].time,
        )
    )
    return story


async def _read_model(client: Any) -> dict[str, list[tuple[Any, ...]]]:
    engine = client.service_app.state.runtime.engine
    model = {}
    async with engine.connect() as connection:
        for table in TABLES:
            rows = (await connection.execute(sa.text(f"SELECT * FROM {table} ORDER BY 1"))).all()
            model[table] = [_without_lags(tuple(row)) for row in rows]
    return model


def _without_lags(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A view's timeline keeps each change's lag, which depends on when the run saw it."""
    if len(row) != len(status_views.c):
        return row
    timeline = row[TIMELINE]
    entries = json.loads(timeline) if isinstance(timeline, str) else timeline
    stripped = [{k: v for k, v in entry.items() if k != "lag_ms"} for entry in entries]
    return (*row[:TIMELINE], stripped, *row[TIMELINE + 1 :])


async def _project(url: str, batches: list[list[Any]]) -> dict[str, list[tuple[Any, ...]]]:
    bus = InMemoryBus()
    await bus.start()
    async with status_service(url, bus) as client:
        for batch in batches:
            await bus.publish_batch(batch)
        return await _read_model(client)


async def test_in_order_duplicated_and_replayed_events_build_the_same_read_model(
    tmp_path: Any,
) -> None:
    catalogue = Story()
    catalogue.add(catalogue_fact())
    story = _story()
    messages = catalogue.messages() + story.messages()
    in_order = await _project(f"sqlite+aiosqlite:///{tmp_path}/a.db", [messages])
    duplicated = await _project(
        f"sqlite+aiosqlite:///{tmp_path}/b.db",
        [[m for m in messages for _ in range(2)]],  # every message delivered twice
    )
    replayed = await _project(
        f"sqlite+aiosqlite:///{tmp_path}/c.db",
        [
            messages[:5],
            messages,
            messages,
        ],  # a crash mid-way, then the partition from the start, twice
    )
    assert in_order == duplicated == replayed
    [view] = in_order["status_views"]
    assert view[4] == "rejected"  # state
    assert len(in_order["access_history"]) == 1 and len(in_order["service_names"]) == 1


async def test_each_projection_step_is_idempotent_even_without_the_inbox(database_url: str) -> None:
    """A replay after the inbox's retention (or a restored backup) still changes nothing."""
    bus = InMemoryBus()
    dead = Collector()
    bus.subscribe([f"{topic}.dlq" for topic in events.TOPICS], dead, group="dlq-watch")
    await bus.start()
    story = _story()
    async with status_service(database_url, bus) as client:
        await bus.publish_batch(story.messages())
        before = await _read_model(client)
        engine = client.service_app.state.runtime.engine
        async with engine.begin() as connection:
            await connection.execute(sa.text("DELETE FROM inbox"))
        await bus.publish_batch(story.messages())
        assert await _read_model(client) == before
        assert dead.deliveries == [], "handled, not dead-lettered"
