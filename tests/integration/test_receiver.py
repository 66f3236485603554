"""The demo receiver (panjereh_embedded.receiver) reads deliveries as an agency's backend must:
signatures checked with standardwebhooks, duplicates dropped by webhook-id, each application's
state changes checked for order, a change under two webhook-ids counted as a real twin."""

import datetime as dt
import json
import uuid
from typing import Any

import httpx
import pytest
import standardwebhooks

from panjereh_embedded.receiver import Receiver

pytestmark = pytest.mark.asyncio
SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def change(application: str, source: str | None, target: str, at: int) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "type": "application.state_changed",
        "source": "/panjereh/application-service",
        "subject": application,
        "time": (T0 + dt.timedelta(seconds=at)).isoformat(),
        "data": {"from_state": source, "to_state": target},
    }


async def post(
    client: httpx.AsyncClient, url: str, event: dict[str, Any], *, secret: str = SECRET
) -> None:
    body, now = json.dumps(event), dt.datetime.now(dt.UTC).replace(microsecond=0)
    signed = {
        "webhook-id": event["id"],
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": standardwebhooks.Webhook(secret).sign(event["id"], now, body),
        "content-type": "application/json",
    }
    (await client.post(url, content=body, headers=signed)).raise_for_status()


async def test_a_receiver_dedupes_by_webhook_id_and_checks_order_and_signatures() -> None:
    async with Receiver() as hooks, httpx.AsyncClient() as client:
        hooks._secrets["agency-a"] = SECRET  # as `subscribe` keeps the secret shown once
        url = hooks.url("agency-a")
        first = change("app-1", None, "submitted", 0)
        await post(client, url, first)
        await post(client, url, first)  # a retry: same webhook-id
        await post(client, url, change("app-1", "submitted", "collecting_evidence", 1))
        await post(client, url, change("app-1", "collecting_evidence", "approved", 2))
        # Another application: its second change overtakes its first, then a real twin.
        await post(client, url, change("app-2", "submitted", "collecting_evidence", 1))
        await post(client, url, change("app-2", None, "submitted", 0))
        await post(client, url, change("app-2", None, "submitted", 0))  # a new webhook-id
        await post(client, url, change("app-3", None, "submitted", 0), secret="whsec_" + "A" * 32)
        book = hooks.book()

    assert (book.received, book.unique, book.unverified) == (8, 7, 1)
    assert book.states["app-1"] == ["submitted", "collecting_evidence", "approved"]
    assert book.final_state("app-1") == "approved" and book.final_state("app-2") is None
    assert book.out_of_order == ["app-2"]
    assert book.repeated == ["app-2"]
    assert book.by_type == {"application.state_changed": 7}
    assert len(book.latency_ms) == 7 and book.percentile(0.5) is not None
    summary = book.summary()
    assert summary["applications"] == 3 and summary["out_of_order"] == 1
