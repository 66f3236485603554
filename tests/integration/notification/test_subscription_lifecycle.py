"""The subscription API's life cycle through the notification service's ASGI app, on SQLite
and on a real PostgreSQL: a change checked like a new subscription, pausing, deleting, the
test event, redelivery, the deliveries the consumer makes from the bus, the deliveries log."""

import json
import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from notification_service.models import webhook_deliveries
from tests.integration.notification.subscriptions_harness import (
    OTHER,
    WRITER,
    Service,
    changed,
    decided,
    submitted,
)
from tests.support import eventually

pytestmark = pytest.mark.asyncio


async def test_a_change_is_checked_like_a_new_one_and_touches_only_what_it_gives(
    service: Service,
) -> None:
    made = await service.subscribe()
    path = f"/v1/webhooks/{made['id']}"

    bodies: list[dict[str, Any]] = [
        {"url": "ftp://127.0.0.1/"},
        {"events": []},
        {"events": ["application.lost"]},
        {"status": "deleted"},
        {"secret": "whsec_mine"},
    ]
    bad = [await service.client.patch(path, json=body, headers=WRITER) for body in bodies]
    moved = await service.client.patch(
        path, json={"url": "http://127.0.0.1:10/v2", "events": ["*"]}, headers=WRITER
    )
    paused = await service.client.patch(path, json={"status": "disabled"}, headers=WRITER)
    resumed = await service.client.patch(path, json={"status": "active"}, headers=WRITER)

    assert [r.status_code for r in bad] == [422] * 5
    assert moved.status_code == 200, moved.text
    assert (moved.json()["url"], moved.json()["events"]) == ("http://127.0.0.1:10/v2", ["*"])
    assert moved.json()["description"] == made["description"]
    assert (paused.json()["status"], paused.json()["disabled_reason"]) == (
        "disabled",
        "disabled by the agency",
    )
    assert (resumed.json()["status"], resumed.json()["disabled_at"]) == ("active", None)
    assert "secret" not in resumed.json()


async def test_a_paused_subscription_gets_no_deliveries_until_turned_on(service: Service) -> None:
    sub = (await service.subscribe(events=["*"]))["id"]
    path = f"/v1/webhooks/{sub}"
    await service.client.patch(path, json={"status": "disabled"}, headers=WRITER)
    await service.publish(submitted(str(uuid.uuid4())))
    assert await service.deliveries(sub) == []

    await service.client.patch(path, json={"status": "active"}, headers=WRITER)
    await service.publish(submitted(str(uuid.uuid4())))
    assert [d["event_type"] for d in await service.deliveries(sub)] == ["application.submitted"]


# --- deleting, testing, redelivering ---


async def test_deleting_is_204_then_404_and_what_was_pending_is_dead(service: Service) -> None:
    sub = (await service.subscribe())["id"]
    pending = (await service.client.post(f"/v1/webhooks/{sub}/test", headers=WRITER)).json()

    deleted = await service.client.delete(f"/v1/webhooks/{sub}", headers=WRITER)

    assert deleted.status_code == 204 and deleted.content == b""
    assert (await service.client.get(f"/v1/webhooks/{sub}", headers=WRITER)).status_code == 404
    assert (await service.client.delete(f"/v1/webhooks/{sub}", headers=WRITER)).status_code == 404
    assert (await service.client.get("/v1/webhooks", headers=WRITER)).json()["items"] == []
    async with service.engine.connect() as connection:
        row = (
            await connection.execute(
                sa.select(webhook_deliveries).where(
                    webhook_deliveries.c.id == pending["delivery_id"]
                )
            )
        ).one()
    assert (row.status, row.last_error) == ("dead", "subscription deleted")


async def test_the_test_event_is_a_pending_delivery_with_its_body_and_no_attempts(
    service: Service,
) -> None:
    sub = (await service.subscribe())["id"]

    queued = await service.client.post(f"/v1/webhooks/{sub}/test", headers=WRITER)

    assert queued.status_code == 202
    delivery_id = queued.json()["delivery_id"]
    [listed] = await service.deliveries(sub)
    assert (listed["id"], listed["event_type"], listed["status"]) == (
        delivery_id,
        "panjereh.webhook.test",
        "pending",
    )
    assert listed["attempts"] == 0 and listed["next_attempt_at"] is not None
    detail = (
        await service.client.get(f"/v1/webhooks/{sub}/deliveries/{delivery_id}", headers=WRITER)
    ).json()
    body = json.loads(detail["payload"])
    assert (body["type"], body["id"], body["subject"]) == (
        "panjereh.webhook.test",
        listed["event_id"],
        sub,
    )
    assert detail["attempt_log"] == []


async def test_redeliver_is_409_while_pending_and_202_for_a_dead_one(service: Service) -> None:
    sub = (await service.subscribe())["id"]
    delivery_id = (await service.client.post(f"/v1/webhooks/{sub}/test", headers=WRITER)).json()[
        "delivery_id"
    ]
    path = f"/v1/webhooks/{sub}/deliveries/{delivery_id}/redeliver"

    pending = await service.client.post(path, headers=WRITER)
    await service.set_status(delivery_id, "dead")
    again = await service.client.post(path, headers=WRITER)
    unknown = await service.client.post(path.replace(delivery_id, "nope"), headers=WRITER)

    assert pending.status_code == 409, pending.text
    assert pending.json()["type"].endswith("/delivery-pending")
    assert again.status_code == 202 and again.json()["status"] == "pending"
    assert unknown.status_code == 404


# --- the consumer ---


async def test_events_on_the_bus_become_deliveries_for_the_matching_subscriptions(
    service: Service,
) -> None:
    decisions = (await service.subscribe())["id"]
    everything = (await service.subscribe(events=["*"]))["id"]
    theirs = (await service.subscribe(headers=OTHER, events=["*"]))["id"]
    app_id = str(uuid.uuid4())

    sent = await service.publish(submitted(app_id), changed(app_id, "approved"), decided(app_id))
    await service.bus.publish_batch(sent[:1])  # redelivered: nothing new

    async def all_there() -> bool:
        return len(await service.deliveries(everything)) == 3

    await eventually(all_there, within=20)
    kinds = [d["event_type"] for d in reversed(await service.deliveries(everything))]
    assert kinds == ["application.submitted", "application.state_changed", "application.decided"]
    assert [d["event_type"] for d in await service.deliveries(decisions)] == ["application.decided"]
    other = await service.client.get(f"/v1/webhooks/{theirs}/deliveries", headers=OTHER)
    assert other.json()["items"] == []
    pending = await service.deliveries(everything, status="pending", limit=2)
    assert len(pending) == 2
    assert await service.deliveries(everything, status="succeeded") == []
    assert len(await service.deliveries(everything, application_id=app_id)) == 3
    assert await service.deliveries(everything, application_id=str(uuid.uuid4())) == []


async def test_the_deliveries_log_pages_newest_first(service: Service) -> None:
    sub = (await service.subscribe(events=["*"]))["id"]
    made = [
        (await service.client.post(f"/v1/webhooks/{sub}/test", headers=WRITER)).json()[
            "delivery_id"
        ]
        for _ in range(3)
    ]
    response = await service.client.get(f"/v1/webhooks/{sub}/deliveries?limit=2", headers=WRITER)
    first = response.json()
    rest = await service.deliveries(sub, limit=2, cursor=first["next_cursor"])
    assert [d["id"] for d in first["items"] + rest] == made[::-1]
