"""Must show: the 304 path, long-poll wake-up, SSE within 1 s, no oracle, miss limits."""

import asyncio
import dataclasses
import json
import re
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
import sqlalchemy as sa

from panjereh.bus.memory import InMemoryBus
from status_service import state
from status_service.cache import ViewCache
from tests.integration.status.conftest import NATIONAL_CODE, Story, catalogue_fact, status_service
from tests.support import serve

pytestmark = pytest.mark.asyncio
WHO = {"X-National-Code": NATIONAL_CODE}


@pytest_asyncio.fixture
async def fed(database_url: str) -> AsyncIterator[tuple[httpx.AsyncClient, InMemoryBus, Story]]:
    bus = InMemoryBus()
    await bus.start()
    story = Story()
    story.add(catalogue_fact())
    story.submitted().evidence()
    # No projection wait: six quick misses stay within one window of the per-client limit.
    async with status_service(
        database_url, bus, misses_per_client="5/minute", projection_wait_seconds=0.0
    ) as client:
        await bus.publish_batch(story.messages())
        yield client, bus, story


async def test_status_answers_with_jalali_dates_an_etag_and_poll_hints(fed: Any) -> None:
    client, _, story = fed
    response = await client.get(
        f"/v1/status/{story.tracking_code}", headers={"X-National-Code": "001-839274-1"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["state"] == "collecting_evidence"
    assert body["state_label"] == {"fa": "در حال استعلام مدارک", "en": "Collecting evidence online"}
    assert body["service"] == {
        "id": "passport-issuance",
        "name_fa": "صدور گذرنامه عادی",
        "name_en": "Ordinary passport issuance",
    }
    assert body["sla_due_at_jalali"] == "1405/09/11"
    assert [s["state"] for s in body["timeline"]] == ["submitted", "collecting_evidence"]
    assert response.headers["etag"] == '"3"'  # one version per applied application fact
    assert response.headers["cache-control"].startswith("no-cache")
    assert response.headers["x-poll-interval"] == "5"


async def test_if_none_match_gives_304_without_a_body(fed: Any) -> None:
    client, _, story = fed
    etag = (await client.get(f"/v1/status/{story.tracking_code}", headers=WHO)).headers["etag"]
    again = await client.get(
        f"/v1/status/{story.tracking_code}", headers=WHO | {"If-None-Match": etag}
    )
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag


async def test_unknown_code_and_wrong_national_code_look_the_same(fed: Any) -> None:
    client, _, story = fed
    wrong_person = await client.get(
        f"/v1/status/{story.tracking_code}", headers={"X-National-Code": "0499370899"}
    )
    no_person = await client.get(f"/v1/status/{story.tracking_code}")
    unknown = await client.get(f"/v1/status/{Story().tracking_code}", headers=WHO)
    malformed = await client.get("/v1/status/12345", headers=WHO)
    for response in (wrong_person, no_person, unknown, malformed):
        assert response.status_code == 404
        body = response.json()
        body.pop("instance"), body.pop("request_id")
        assert body == {
            "type": "https://panjereh.ir/problems/status-not-found",
            "title": "Not Found",
            "status": 404,
            "detail": "No application matches this tracking code and national code.",
        }


async def test_repeated_misses_from_one_client_are_rate_limited(fed: Any) -> None:
    client, _, story = fed
    statuses = [
        (await client.get(f"/v1/status/{Story().tracking_code}", headers=WHO)).status_code
        for _ in range(6)
    ]
    assert statuses == [404] * 5 + [429]
    limited = await client.get(f"/v1/status/{story.tracking_code}", headers=WHO)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1


async def test_long_poll_wakes_as_soon_as_the_state_changes(fed: Any) -> None:
    client, bus, story = fed
    etag = (await client.get(f"/v1/status/{story.tracking_code}", headers=WHO)).headers["etag"]
    started = time.perf_counter()
    poll = asyncio.create_task(
        client.get(
            f"/v1/status/{story.tracking_code}?wait=20", headers=WHO | {"If-None-Match": etag}
        )
    )
    await asyncio.sleep(0.3)
    assert not poll.done(), "the poll waits while nothing changes"
    await bus.publish_batch(
        story.messages([story.moved("collecting_evidence", "evaluating").envelopes[-1]])
    )
    response = await poll
    assert response.status_code == 200 and response.json()["state"] == "evaluating"
    assert time.perf_counter() - started < 2, "woke on the change, not at the timeout"


async def test_long_poll_sees_a_change_committed_before_it_started_waiting(fed: Any) -> None:
    """The race the e2e benchmark showed as 10 s tails: the version a poll compares with was
    read (here: cached) before a change committed, and that change's wake-up went to nobody.
    Here the change is committed elsewhere (another replica's projection: this one's cache
    is a fresh one its own projection never fills), so only the database can tell."""
    client, _, story = fed
    parts = state.SLOT.of(client.service_app)
    state.SLOT.put(client.service_app, dataclasses.replace(parts, view_cache=ViewCache(ttl=60)))
    first = await client.get(f"/v1/status/{story.tracking_code}", headers=WHO)
    engine = client.service_app.state.runtime.engine
    async with engine.begin() as connection:  # committed, and no notification of it here
        await connection.execute(
            sa.text("UPDATE status_views SET version = version + 1 WHERE tracking_code = :code"),
            {"code": story.tracking_code},
        )
    started = time.perf_counter()
    response = await client.get(
        f"/v1/status/{story.tracking_code}?wait=5",
        headers=WHO | {"If-None-Match": first.headers["etag"]},
    )
    assert response.status_code == 200
    assert response.headers["etag"] != first.headers["etag"]
    assert time.perf_counter() - started < 2, "answered at once, not at the end of the wait"


async def test_long_poll_times_out_with_304(fed: Any) -> None:
    client, _, story = fed
    etag = (await client.get(f"/v1/status/{story.tracking_code}", headers=WHO)).headers["etag"]
    started = time.perf_counter()
    response = await client.get(
        f"/v1/status/{story.tracking_code}?wait=1", headers=WHO | {"If-None-Match": etag}
    )
    assert response.status_code == 304 and time.perf_counter() - started >= 1


async def test_sse_delivers_a_state_change_within_a_second(fed: Any) -> None:
    client, bus, story = fed
    received: list[tuple[float, dict[str, Any]]] = []

    async def listen() -> None:
        # Over real HTTP: an in-process ASGI transport would buffer the endless stream.
        async with (
            serve(client.service_app, lifespan="off") as url,
            httpx.AsyncClient(base_url=url) as wire,
            wire.stream("GET", f"/v1/status/{story.tracking_code}/events", headers=WHO) as stream,
        ):
            assert stream.headers["content-type"].startswith("text/event-stream")
            async for line in stream.aiter_lines():
                if line.startswith("data:"):
                    received.append((time.perf_counter(), json.loads(line[5:])))
                    if len(received) == 2:
                        return

    listener = asyncio.create_task(listen())
    while not received:  # noqa: ASYNC110 — the listener task fills it
        await asyncio.sleep(0.02)
    assert received[0][1]["state"] == "collecting_evidence"
    published = time.perf_counter()
    await bus.publish_batch(
        story.messages([story.moved("collecting_evidence", "evaluating").envelopes[-1]])
    )
    await asyncio.wait_for(listener, 5)
    arrived, body = received[1]
    assert body["state"] == "evaluating"
    assert arrived - published < 1.0


async def test_citizen_access_log_says_who_fetched_what_and_why(fed: Any) -> None:
    client, _, story = fed
    log = (await client.get(f"/v1/status/{story.tracking_code}/access-log", headers=WHO)).json()[
        "items"
    ]
    assert [(e["agency_id"], e["evidence_type"], e["registry"], e["outcome"]) for e in log] == [
        ("passport-police", "national-id-card", "civil-registration", "found")
    ]
    assert (
        log[0]["purpose"] == "passport issuance"
        and log[0]["service"]["name_fa"] == "صدور گذرنامه عادی"
    )
    assert log[0]["at_jalali"].startswith("14")
    hidden = await client.get(
        f"/v1/status/{story.tracking_code}/access-log", headers={"X-National-Code": "0499370899"}
    )
    assert hidden.status_code == 404


async def test_freshness_is_measured_and_published_once_per_application(fed: Any) -> None:
    """One StatusFreshness v2 when the view is final, with every change compliance counts;
    the lags stay out of the public answer."""
    client, bus, story = fed
    metrics = (await client.get("/metrics")).text
    # The registry is per process (other tests count too): the series exists and is not zero.
    submitted = (
        "panjereh_status_freshness_seconds_count"
        '{event_type="ir.gov.panjereh.application.submitted.v1"}'
    )
    assert re.search(re.escape(submitted) + r" [1-9]", metrics)
    assert await _freshness_reports(client) == [], "nothing late, not final yet"
    rest = len(story.envelopes)
    story.moved("collecting_evidence", "evaluating").moved("evaluating", "approved")
    await bus.publish_batch(story.messages(story.envelopes[rest:]))
    shown = [
        e.id
        for e in story.envelopes
        if e.type.endswith(("application.submitted.v1", "application.state_changed.v1"))
    ]
    [report] = await _freshness_reports(client)
    assert report["final"] is True and report["application_id"] == story.application_id
    assert sorted(report["lags_ms"]) == sorted(shown) and len(shown) == 5
    assert all(lag >= 0 for lag in report["lags_ms"].values())
    status = await client.get(f"/v1/status/{story.tracking_code}", headers=WHO)
    assert status.json()["state"] == "approved"
    assert "lag" not in status.text and "submission" not in status.text
    assert [s["state"] for s in status.json()["timeline"]][-1] == "approved"


async def _freshness_reports(client: Any) -> list[dict[str, Any]]:
    engine = client.service_app.state.runtime.engine
    query = sa.text("SELECT type, payload FROM outbox WHERE type LIKE '%status.freshness%'")
    async with engine.connect() as connection:
        rows = (await connection.execute(query)).all()
    assert all(row.type.endswith("status.freshness.v2") for row in rows)
    return [json.loads(row.payload)["data"] for row in rows]
