"""The subscription API through the notification service's ASGI app, on SQLite and on a real
PostgreSQL: every route, every bad input, own agency only, the secret shown once, and the
deliveries the consumer makes from the events on the bus.

The dispatcher is left out (its own tests are test_delivery*.py): here a delivery stays in
the state the subscription side put it in, so what the routes show is theirs alone.
"""

import datetime as dt
import functools
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import pytest_asyncio
import sqlalchemy as sa
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from notification_service import main
from notification_service.models import webhook_deliveries, webhook_subscriptions
from notification_service.parts import Parts, Wiring
from notification_service.settings import NotificationSettings
from notification_service.sms import service as sms_half
from notification_service.webhooks import service as webhook_half
from notification_service.webhooks import ssrf
from panjereh import events
from panjereh.bus.base import OutgoingMessage
from panjereh.bus.memory import InMemoryBus
from panjereh.db import engine as db_engine
from panjereh.settings import Profile
from tests.support import ISSUER, VERIFIER, bearer, eventually

pytestmark = pytest.mark.asyncio
PASSPORT, TRAFFIC = "passport-police", "traffic-police"
WRITER = bearer(PASSPORT, "webhooks:write")
OTHER = bearer(TRAFFIC, "webhooks:write")
URL = "http://127.0.0.1:9/hooks"  # the embedded/dev profile allows local receivers
NEW = {"url": URL, "events": ["application.decided"], "description": "case system"}


@dataclass
class Service:
    client: httpx.AsyncClient
    app: FastAPI
    bus: InMemoryBus
    engine: AsyncEngine

    async def subscribe(self, headers: dict[str, str] = WRITER, **body: Any) -> dict[str, Any]:
        response = await self.client.post("/v1/webhooks", json={**NEW, **body}, headers=headers)
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def publish(self, *facts: events.Event) -> list[OutgoingMessage]:
        """The facts on the bus as the application service's relay sends them."""
        sent = [
            OutgoingMessage.of(f.topic, events.wrap(f, source="/panjereh/application-service"))
            for f in facts
        ]
        await self.bus.publish_batch(sent)
        return sent

    async def deliveries(self, subscription_id: str, **query: Any) -> list[dict[str, Any]]:
        response = await self.client.get(
            f"/v1/webhooks/{subscription_id}/deliveries", params=query, headers=WRITER
        )
        assert response.status_code == 200, response.text
        return list(response.json()["items"])

    async def set_status(self, delivery_id: str, status: str) -> None:
        """What the dispatcher would do."""
        async with self.engine.begin() as connection:
            await connection.execute(
                sa.update(webhook_deliveries)
                .where(webhook_deliveries.c.id == delivery_id)
                .values(status=status)
            )


def _without_dispatch(wiring: Wiring) -> Parts:
    return Parts()


@pytest_asyncio.fixture
async def service(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Service]:
    monkeypatch.setattr(webhook_half, "lifespan_parts", _without_dispatch)
    monkeypatch.setattr(sms_half, "lifespan_parts", _without_dispatch)
    bus = InMemoryBus()
    await bus.start()
    app = main.create_app(
        NotificationSettings(database_url=database_url, outbox_poll_seconds=0.05),
        bus=bus,
        token_verifier=VERIFIER,
    )
    engine = db_engine.create_engine(database_url)
    try:
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://n") as client:
                yield Service(client, app, bus, engine)
    finally:
        await engine.dispose()
        await bus.stop()


def submitted(app_id: str, agency: str = PASSPORT) -> events.ApplicationSubmitted:
    now = dt.datetime.now(dt.UTC)
    return events.ApplicationSubmitted(
        application_id=app_id,
        tracking_code=f"TC{app_id[:8]}",
        service_id="passport-issuance",
        agency_id=agency,
        national_code="0018392741",
        mobile="09121000001",
        submitted_at=now,
        sla_due_at=now + dt.timedelta(days=2),
        required_evidence=("national-id-card",),
    )


def decided(app_id: str, agency: str = PASSPORT) -> events.ApplicationDecided:
    return events.ApplicationDecided(
        application_id=app_id,
        tracking_code=f"TC{app_id[:8]}",
        service_id="passport-issuance",
        agency_id=agency,
        outcome="approved",
        by="rules",
        decided_at=dt.datetime.now(dt.UTC),
    )


def changed(app_id: str, to_state: events.ApplicationState) -> events.ApplicationStateChanged:
    return events.ApplicationStateChanged(
        application_id=app_id,
        tracking_code=f"TC{app_id[:8]}",
        from_state="evaluating",
        to_state=to_state,
        at=dt.datetime.now(dt.UTC),
    )


# --- creating, reading, listing ---


async def test_the_secret_is_shown_once_and_never_stored_in_the_clear(service: Service) -> None:
    made = await service.subscribe()
    assert made["secret"].startswith("whsec_")
    assert made["events"] == ["application.decided"]
    assert made["status"] == "active"
    assert {"id", "url", "created_at"} <= set(made)
    assert made["created_at_jalali"].startswith("14")  # a Jalali date beside the moment

    one = await service.client.get(f"/v1/webhooks/{made['id']}", headers=WRITER)
    listed = await service.client.get("/v1/webhooks", headers=WRITER)
    assert one.status_code == 200 and listed.status_code == 200
    for shown in (one.text, listed.text):
        assert "secret" not in shown and made["secret"] not in shown
    async with service.engine.connect() as connection:
        [row] = (await connection.execute(sa.select(webhook_subscriptions))).mappings().all()
    assert made["secret"] not in json.dumps({k: str(v) for k, v in row.items()})
    assert made["secret"].removeprefix("whsec_") not in row["secret_ciphertext"]


async def test_the_listing_is_the_agencys_own_newest_first_in_pages(service: Service) -> None:
    ids = [(await service.subscribe(description=f"n{n}"))["id"] for n in range(3)]
    await service.subscribe(headers=OTHER)

    first = (await service.client.get("/v1/webhooks?limit=2", headers=WRITER)).json()
    cursor = first["next_cursor"]
    second = (
        await service.client.get(
            "/v1/webhooks", params={"limit": 2, "cursor": cursor}, headers=WRITER
        )
    ).json()

    assert [s["id"] for s in first["items"] + second["items"]] == ids[::-1]
    assert second["next_cursor"] is None


async def test_an_event_list_is_deduplicated_and_a_wildcard_stands_alone(service: Service) -> None:
    twice = await service.subscribe(events=["application.failed", "application.failed"])
    wild = await service.subscribe(events=["application.submitted", "*"])
    assert twice["events"] == ["application.failed"]
    assert wild["events"] == ["*"]


# --- bad input ---


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "not a url"}, "url"),
        ({"url": "ftp://127.0.0.1/hook"}, "url"),
        ({"url": "http:///no-host"}, "url"),
        ({"url": "http://.../hook"}, "url"),
        ({"url": f"http://{'a' * 64}.example/hook"}, "url"),
        ({"url": "http://127.0.0.1/" + "a" * 2100}, "url"),
        ({"events": []}, "events"),
        ({"events": ["application.approved"]}, "events"),
        ({"events": ["ir.gov.panjereh.application.decided.v1"]}, "events"),
        ({"events": "application.decided"}, "events"),
        ({"description": "x" * 501}, "description"),
        ({"secret": "whsec_mine"}, "secret"),
    ],
)
async def test_each_bad_input_is_a_422_naming_its_field_in_both_languages(
    service: Service, body: dict[str, Any], field: str
) -> None:
    for language in ("en", "fa"):
        response = await service.client.post(
            "/v1/webhooks",
            json={**NEW, **body},
            headers={**WRITER, "Accept-Language": language},
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert field in [e["field"] for e in problem["errors"]]
        persian = any("\u0600" <= ch <= "\u06ff" for ch in problem["detail"])
        assert persian == (language == "fa")
    assert (await service.client.get("/v1/webhooks", headers=WRITER)).json()["items"] == []


async def test_a_missing_field_and_a_body_that_is_not_json_are_422(service: Service) -> None:
    missing = await service.client.post("/v1/webhooks", json={"url": URL}, headers=WRITER)
    broken = await service.client.post(
        "/v1/webhooks",
        content=b"{nope",
        headers={**WRITER, "Content-Type": "application/json"},
    )
    assert missing.status_code == 422 and "events" in missing.text
    assert broken.status_code == 422


@pytest.mark.parametrize(
    "url",
    [
        "http://receiver.example/hook",  # not https
        "https://127.0.0.1/hook",
        "https://10.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
    ],
)
async def test_the_production_profile_refuses_what_the_ssrf_guard_refuses(
    service: Service, url: str
) -> None:
    service.app.state.check_url = functools.partial(ssrf.check_url, profile=Profile.PRODUCTION)
    response = await service.client.post("/v1/webhooks", json={**NEW, "url": url}, headers=WRITER)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["url"]


@pytest.mark.parametrize(
    "query",
    [{"limit": 0}, {"limit": 501}, {"cursor": "not-ours"}, {"cursor": "eyJzZXEiOiJ4In0"}],
)
async def test_a_bad_page_request_is_a_422(service: Service, query: dict[str, Any]) -> None:
    made = await service.subscribe()
    for path in ("/v1/webhooks", f"/v1/webhooks/{made['id']}/deliveries"):
        response = await service.client.get(path, params=query, headers=WRITER)
        assert response.status_code == 422, (path, response.text)


async def test_an_unknown_delivery_status_filter_is_a_422(service: Service) -> None:
    made = await service.subscribe()
    response = await service.client.get(
        f"/v1/webhooks/{made['id']}/deliveries?status=lost", headers=WRITER
    )
    assert response.status_code == 422


# --- who may ---


async def test_no_token_is_401_and_a_token_without_the_scope_or_an_agency_is_403(
    service: Service,
) -> None:
    reader = bearer(PASSPORT, "applications:read", "applications:write")
    token = ISSUER.issue(client_id="ops", agency_id=None, scopes=["webhooks:write"])
    no_agency = {"Authorization": f"Bearer {token}"}
    for method, path in (("GET", "/v1/webhooks"), ("POST", "/v1/webhooks")):
        body = NEW if method == "POST" else None
        none = await service.client.request(method, path, json=body)
        scoped = await service.client.request(method, path, json=body, headers=reader)
        agencyless = await service.client.request(method, path, json=body, headers=no_agency)
        assert (none.status_code, scoped.status_code, agencyless.status_code) == (401, 403, 403)


async def test_another_agencys_subscription_is_404_on_every_route(service: Service) -> None:
    made = await service.subscribe()
    sub = made["id"]
    delivery_id = (await service.client.post(f"/v1/webhooks/{sub}/test", headers=WRITER)).json()[
        "delivery_id"
    ]
    routes = [
        ("GET", f"/v1/webhooks/{sub}"),
        ("GET", f"/v1/webhooks/{sub}/deliveries"),
        ("GET", f"/v1/webhooks/{sub}/deliveries/{delivery_id}"),
        ("POST", f"/v1/webhooks/{sub}/test"),
        ("POST", f"/v1/webhooks/{sub}/deliveries/{delivery_id}/redeliver"),
        ("PATCH", f"/v1/webhooks/{sub}"),
        ("DELETE", f"/v1/webhooks/{sub}"),
    ]
    missing = str(uuid.uuid4())
    for method, path in routes:
        body = {"status": "disabled"} if method == "PATCH" else None
        theirs = await service.client.request(method, path, json=body, headers=OTHER)
        nowhere = await service.client.request(
            method, path.replace(sub, missing), json=body, headers=WRITER
        )
        assert theirs.status_code == 404, (method, path, theirs.text)
        assert nowhere.status_code == 404, (method, path)
        assert theirs.json()["detail"] == nowhere.json()["detail"]  # no oracle
    assert (await service.client.get(f"/v1/webhooks/{sub}", headers=WRITER)).status_code == 200
    assert len(await service.deliveries(sub)) == 1  # their test and redeliver made nothing


# --- changing, deleting, testing, redelivering ---


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
