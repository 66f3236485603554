"""The webhook consumer on a real Kafka broker and PostgreSQL, beside another half of the
service in the same consumer group: each sees every application's events (one subscription
of the group, not two that would split the partitions), and a redelivered batch makes no
second delivery."""

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from notification_service import main
from notification_service.models import webhook_deliveries
from notification_service.parts import Parts, Wiring
from notification_service.settings import NotificationSettings
from notification_service.sms import wiring as sms_half
from notification_service.webhooks import wiring as webhook_half
from panjereh import events
from panjereh.bus.base import OutgoingMessage
from panjereh.db import engine as db_engine
from panjereh.runtime import make_bus
from panjereh.settings import BusKind
from tests.support import VERIFIER, Collector, LifespanManager, bearer, eventually, unique

pytestmark = pytest.mark.asyncio
AGENCY = "passport-police"
APPLICATIONS = 12  # keyed apart, so they land on several of the 6 partitions


def _submitted(app_id: str) -> events.ApplicationSubmitted:
    now = dt.datetime.now(dt.UTC)
    return events.ApplicationSubmitted(
        application_id=app_id,
        tracking_code=f"TC{app_id[:8]}",
        service_id="passport-issuance",
        agency_id=AGENCY,
        national_code="0018392741",
        submitted_at=now,
        sla_due_at=now + dt.timedelta(days=2),
        required_evidence=(),
    )


def _approved(app_id: str) -> events.ApplicationStateChanged:
    return events.ApplicationStateChanged(
        application_id=app_id,
        tracking_code=f"TC{app_id[:8]}",
        from_state="evaluating",
        to_state="approved",
        at=dt.datetime.now(dt.UTC),
    )


async def test_every_partition_reaches_both_halves_and_a_redelivery_changes_nothing(
    postgres_url: str, kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    other_half = Collector()

    def sms_stand_in(wiring: Wiring) -> Parts:
        return Parts(subscriptions=[((events.APPLICATION,), other_half)])

    def no_dispatch(wiring: Wiring) -> Parts:
        return Parts()

    monkeypatch.setattr(sms_half, "lifespan_parts", sms_stand_in)
    monkeypatch.setattr(webhook_half, "lifespan_parts", no_dispatch)
    kafka: dict[str, Any] = {
        "bus": BusKind.KAFKA,
        "kafka_bootstrap_servers": kafka_bootstrap,
        "kafka_topic_prefix": unique("notify") + ".",
    }
    app = main.create_app(
        NotificationSettings(database_url=postgres_url, **kafka), token_verifier=VERIFIER
    )
    ids = [str(uuid.uuid4()) for _ in range(APPLICATIONS)]
    sent = [
        OutgoingMessage.of(fact.topic, events.wrap(fact, source="/panjereh/application-service"))
        for app_id in ids
        for fact in (_submitted(app_id), _approved(app_id))
    ]
    producer = make_bus(NotificationSettings(service_name="notify-producer", **kafka))
    engine = db_engine.create_engine(postgres_url)

    async def deliveries() -> list[tuple[str, str]]:
        async with engine.connect() as connection:
            rows = await connection.execute(
                sa.select(webhook_deliveries.c.application_id, webhook_deliveries.c.event_type)
            )
            return [(r.application_id, r.event_type) for r in rows]

    try:
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://n") as client:
                made = await client.post(
                    "/v1/webhooks",
                    json={"url": "http://127.0.0.1:9/hook", "events": ["*"]},
                    headers=bearer(AGENCY, "webhooks:write"),
                )
                assert made.status_code == 201, made.text
            await producer.start()
            await producer.publish_batch(sent)
            await producer.publish_batch(sent[:4])  # the same messages again

            async def all_in() -> bool:
                return (
                    len(await deliveries()) >= 2 * APPLICATIONS
                    and len(other_half.deliveries) >= len(sent) + 4
                )

            await eventually(all_in, within=90)
            made_now = await deliveries()
    finally:
        await producer.stop()
        await engine.dispose()

    assert sorted(made_now) == sorted(
        (app_id, kind)
        for app_id in ids
        for kind in ("application.submitted", "application.state_changed")
    )
    assert {d.envelope().id for d in other_half.deliveries} == _ids(sent)


def _ids(messages: list[OutgoingMessage]) -> set[str]:
    return {events.CloudEvent.from_json(m.value).id for m in messages}
