"""The event path on PostgreSQL and Kafka: evidence.requested in, one result event out."""

import asyncio
import datetime as dt
from collections.abc import Sequence
from typing import Any

import httpx
import pytest

from inquiry_service.sandbox import personas
from panjereh import events
from panjereh.bus.base import Delivery, OutgoingMessage
from panjereh.bus.kafka import KafkaBus
from panjereh.settings import BusKind
from tests.integration.inquiry.conftest import (
    AGENCY_A,
    SERVICE_A,
    SERVICE_B,
    inquiry_settings,
    publish,
    running,
)
from tests.support import eventually, unique

pytestmark = pytest.mark.asyncio


def _persona(trait: str) -> personas.Persona:
    return next(p for p in personas.PERSONAS if trait in p.traits)


# trait → (evidence type asked for, the result it must yield)
EXPECTED: dict[str, tuple[str, dict[str, Any]]] = {
    "complete": ("national-id-card", {"type": "retrieved", "status": "found", "valid": True}),
    "no-military-card": (
        "military-service-card",
        {"type": "retrieved", "status": "found", "mil": "absent"},
    ),
    "no-degree": ("education-degree", {"type": "retrieved", "status": "not_found"}),
    "expired-driving-license": (
        "driving-license",
        {"type": "retrieved", "status": "found", "valid": False},
    ),
    "deceased": ("birth-certificate", {"type": "retrieved", "status": "found", "alive": False}),
    "mobile-mismatch": (
        "mobile-ownership",
        {"type": "retrieved", "status": "found", "matches": False},
    ),
    "registry-timeout": (
        "national-id-card",
        {"type": "unavailable", "reason": "registry_unavailable"},
    ),
    "slow-registry": ("national-id-card", {"type": "retrieved", "status": "found", "valid": True}),
}


def _summary(event: events.Event) -> dict[str, Any]:
    if isinstance(event, events.EvidenceUnavailable):
        return {"type": "unavailable", "reason": event.reason}
    assert isinstance(event, events.EvidenceRetrieved)
    summary: dict[str, Any] = {"type": "retrieved", "status": event.status}
    data = event.data or {}
    for key, field in [
        ("valid", "valid"),
        ("alive", "alive"),
        ("matches", "matches"),
        ("mil", "status"),
    ]:
        if field in data and (key != "mil" or event.evidence_type == "military-service-card"):
            summary[key] = data[field]
    return summary


def _requested(
    trait: str, agency: str = SERVICE_B.agency_id, service: str = SERVICE_B.service_id
) -> events.EvidenceRequested:
    persona = _persona(trait)
    return events.EvidenceRequested(
        application_id=f"app-{trait}",
        evidence_type=EXPECTED[trait][0],
        agency_id=agency,
        service_id=service,
        national_code=persona.national_code,
        mobile=persona.mobile,
        requested_at=dt.datetime.now(dt.UTC),
    )


async def test_each_persona_trait_yields_its_result_once(
    postgres_url: str, kafka_bootstrap: str, simulator: httpx.AsyncClient
) -> None:
    prefix = unique("t") + "."
    settings = inquiry_settings(
        postgres_url,
        str(simulator.base_url),
        bus=BusKind.KAFKA,
        kafka_bootstrap_servers=kafka_bootstrap,
        kafka_topic_prefix=prefix,
        service_name=unique("inquiry"),
    )
    results: dict[str, list[events.Event]] = {}

    async def collect(batch: Sequence[Delivery]) -> None:
        for delivery in batch:
            event = events.unwrap(delivery.envelope())
            if isinstance(event, events.EvidenceRetrieved | events.EvidenceUnavailable):
                results.setdefault(event.application_id, []).append(event)

    agency_side = KafkaBus(
        bootstrap_servers=kafka_bootstrap, client_id="agency-side", topic_prefix=prefix
    )
    agency_side.subscribe([events.EVIDENCE], collect, group=unique("observer"))
    await agency_side.start()
    try:
        async with running(settings):
            await publish(agency_side, SERVICE_A, SERVICE_B)
            await asyncio.sleep(1)  # the catalogue is applied before requests arrive
            requests = [_requested(trait) for trait in EXPECTED]
            refused = _requested(
                "complete", agency=AGENCY_A, service=SERVICE_B.service_id
            ).model_copy(update={"application_id": "app-refused"})
            envelopes = [
                events.wrap(r, source="/application-service") for r in [*requests, refused]
            ]
            await agency_side.publish_batch(
                [OutgoingMessage.of(events.EVIDENCE, e) for e in envelopes]
            )
            await eventually(
                lambda: len(results) == len(EXPECTED) + 1,
                within=60,
                what="every result and the unknown type dead-lettered",
            )

            for trait, (_, expected) in EXPECTED.items():
                assert [_summary(e) for e in results[f"app-{trait}"]] == [expected], trait
            assert [_summary(e) for e in results["app-refused"]] == [
                {"type": "unavailable", "reason": "refused"}
            ]
            timed_out = results["app-registry-timeout"][0]
            assert isinstance(timed_out, events.EvidenceUnavailable) and timed_out.attempts == 2
            retrieved = results["app-complete"][0]
            assert isinstance(retrieved, events.EvidenceRetrieved) and retrieved.data is not None
            assert "card_serial" not in retrieved.data, "data minimised to what decisions need"

            # The same evidence.requested delivered again: no registry call, no second event.
            calls = (await simulator.get("/_stats")).json()["requests"]
            duplicate = envelopes[0]  # exactly the envelope already handled, same id
            sentinel = requests[0].model_copy(update={"evidence_type": "birth-certificate"})
            await agency_side.publish_batch(
                [
                    OutgoingMessage.of(events.EVIDENCE, duplicate),
                    OutgoingMessage.of(events.EVIDENCE, duplicate),
                ]
            )
            await publish(agency_side, sentinel)  # same key: handled after the duplicates
            await eventually(lambda: len(results["app-complete"]) == 2, within=30)
            await asyncio.sleep(0.5)
            assert [e.evidence_type for e in results["app-complete"]] == [
                "national-id-card",
                "birth-certificate",
            ]
            after = (await simulator.get("/_stats")).json()["requests"]
            assert (
                after["civil-registration/national-id-card"]
                == calls["civil-registration/national-id-card"]
            )
    finally:
        await agency_side.stop()
