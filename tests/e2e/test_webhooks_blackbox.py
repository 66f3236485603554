"""Must show 1 of issue 15, black box: a receiver on 127.0.0.1 subscribes to `*` for every
demo agency through the public API of the embedded window; 200 applications across the
sandbox personas; every application's events arrive signed (verified with
`standardwebhooks`), in order per application, each webhook-id once after deduplication.
The delivery latency from commit (the CloudEvent's time) to receipt is printed, not judged.

PANJEREH_BLACKBOX_APPLICATIONS sets how many applications (default 200).
"""

import datetime as dt
import itertools
import json
import math
import os
import statistics
from collections import defaultdict
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from panjereh_embedded import workload
from panjereh_embedded.app import create_app
from tests.integration.notification.receiver import Receiver, Request
from tests.support import LifespanManager, eventually

pytestmark = pytest.mark.asyncio
APPLICATIONS = int(os.environ.get("PANJEREH_BLACKBOX_APPLICATIONS", "200"))
TERMINAL = {"approved", "rejected", "cancelled", "failed"}


@pytest_asyncio.fixture
async def window(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(create_app(tmp_path / "data")) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gateway", timeout=60
        ) as client:
            yield client


async def subscribe_every_agency(client: httpx.AsyncClient, receiver: Receiver) -> dict[str, str]:
    """Each demo agency's subscription to `*` at /hooks/<agency>; the secrets by path."""
    clients = (await client.get("/v1/sandbox/clients")).json()["items"]
    secrets = {}
    for credentials in clients:
        if not credentials["agency_id"] or "webhooks:write" not in credentials["scopes"]:
            continue
        headers = await workload._token(client, credentials)
        path = f"/hooks/{credentials['agency_id']}"
        created = await client.post(
            "/v1/webhooks", json={"url": receiver.url(path), "events": ["*"]}, headers=headers
        )
        assert created.status_code == 201, created.text
        secrets[path] = created.json()["secret"]
    assert secrets, "no demo agency may subscribe"
    return secrets


def rounds_for(client_services: int, personas: int) -> int:
    return max(1, math.ceil(APPLICATIONS / max(1, client_services * personas)))


# 200 applications through one process on a shared machine took 3 to 4 minutes (the
# default per-test timeout is 5).
@pytest.mark.timeout(900)
async def test_every_applications_events_arrive_signed_in_order_once_after_dedup(
    window: httpx.AsyncClient, receiver: Receiver
) -> None:
    secrets = await subscribe_every_agency(window, receiver)
    services = (await window.get("/v1/catalog/services", params={"limit": 500})).json()["items"]
    personas = [
        p
        for p in (await window.get("/v1/sandbox/personas")).json()["items"]
        if set(p["traits"]) & set(workload.ANSWERING)
    ]
    # The workload leaves preview services out (their applications wait for the applicant).
    takers = [s for s in services if f"/hooks/{s['agency_id']}" in secrets and not s.get("preview")]
    outcomes = await workload.run(
        window, rounds=rounds_for(len(takers), len(personas)), settle_seconds=240
    )
    submitted = sum(sum(counts.values()) for counts in outcomes.values())
    assert submitted >= APPLICATIONS

    def settled() -> bool:
        book = by_application(unique(receiver.requests))
        return len(book) == submitted and all(complete(e) for e in book.values())

    await eventually(settled, within=240, what="every application's events received")

    for request in receiver.requests:  # every one, duplicates too, verifies
        request.verified(secrets[request.path])
    bodies: dict[str, set[str]] = defaultdict(set)
    for request in receiver.requests:
        bodies[request.webhook_id].add(request.body)
    assert all(len(found) == 1 for found in bodies.values()), "a retry changed its body"

    received = unique(receiver.requests)
    book = by_application(received)
    for application_id, timeline in book.items():
        assert_in_order(application_id, timeline)

    latencies = sorted(
        (request.at - dt.datetime.fromisoformat(json.loads(request.body)["time"])).total_seconds()
        for request in received
        if json.loads(request.body).get("time")
    )
    duplicates = len(receiver.requests) - len(received)
    print(
        f"\nwebhooks: {submitted} applications, {len(received)} events to "
        f"{len(secrets)} receivers, {duplicates} duplicate deliveries; commit→receipt "
        f"p50 {1000 * statistics.median(latencies):.0f} ms, "
        f"p99 {1000 * latencies[int(0.99 * (len(latencies) - 1))]:.0f} ms, "
        f"max {1000 * latencies[-1]:.0f} ms"
    )


def unique(requests: list[Request]) -> list[Request]:
    """The first receipt of each webhook-id (what a deduplicating receiver keeps)."""
    seen: dict[str, Request] = {}
    for request in requests:
        seen.setdefault(request.webhook_id, request)
    return list(seen.values())


def by_application(requests: list[Request]) -> dict[str, list[dict[str, Any]]]:
    """Each application's CloudEvents in the order received."""
    book: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for request in requests:
        event = json.loads(request.body)
        if event.get("subject") and event["type"].startswith("application."):
            book[event["subject"]].append(event)
    return book


def complete(timeline: list[dict[str, Any]]) -> bool:
    """Ended, and decided if a decision ended it (the decision and the last state change
    commit together, in either order)."""
    changes = [e for e in timeline if e["type"] == "application.state_changed"]
    final = changes[-1]["data"]["to_state"] if changes else None
    decided = any(e["type"] == "application.decided" for e in timeline)
    return final in TERMINAL and (decided or final not in {"approved", "rejected"})


def assert_in_order(application_id: str, timeline: list[dict[str, Any]]) -> None:
    """Received in the order the application's facts were committed: the state changes
    chain from the submission to the end, and no event is older than one before it."""
    types = [event["type"] for event in timeline]
    assert types[0] == "application.submitted", (application_id, types)
    assert types.count("application.submitted") == 1
    changes = [e["data"] for e in timeline if e["type"] == "application.state_changed"]
    assert changes[0]["from_state"] is None, (application_id, changes)
    for earlier, later in itertools.pairwise(changes):
        assert later["from_state"] == earlier["to_state"], (application_id, changes)
    times = [dt.datetime.fromisoformat(event["time"]) for event in timeline]
    assert times == sorted(times), (application_id, types)
    if changes[-1]["to_state"] in {"approved", "rejected"}:
        assert "application.decided" in types, (application_id, types)
