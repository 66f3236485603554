"""What the subscription API tests share: the notification service's ASGI app without its
dispatcher (a delivery stays as the subscription side put it), tokens of two agencies, and
the application events the consumer turns into deliveries."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from notification_service.models import webhook_deliveries
from notification_service.parts import Parts, Wiring
from panjereh import events
from panjereh.bus.base import OutgoingMessage
from panjereh.bus.memory import InMemoryBus
from tests.support import bearer

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
