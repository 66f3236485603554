"""The citizen's views and disputes with the status service on PostgreSQL and Kafka (issue
17): the facts come over the broker, and both dispute events leave through the outbox onto
the status topic, where the office's and compliance's consumers read them."""

from collections.abc import Awaitable, Callable

import httpx
import pytest

from panjereh import events
from panjereh.bus.kafka import KafkaBus
from panjereh.settings import BusKind
from tests.integration.status.citizen_support import Facts, Heard, citizen, office
from tests.integration.status.conftest import status_service
from tests.support import VERIFIER, eventually, unique

pytestmark = pytest.mark.asyncio


async def test_a_dispute_over_kafka_is_announced_on_the_status_topic(
    postgres_databases: Callable[[], Awaitable[str]], kafka_bootstrap: str
) -> None:
    prefix = unique("citizen") + "."
    facts = Facts().named()
    facts.application("passport-police", opened=0)
    entry_id = facts.direct("traffic-police", minute=5)
    heard = Heard()
    observer = KafkaBus(
        bootstrap_servers=kafka_bootstrap, client_id="observer", topic_prefix=prefix
    )
    observer.subscribe([events.STATUS], heard, group=unique("observer"))
    await observer.start()
    try:
        async with status_service(
            await postgres_databases(),
            None,
            token_verifier=VERIFIER,
            bus=BusKind.KAFKA,
            kafka_bootstrap_servers=kafka_bootstrap,
            kafka_topic_prefix=prefix,
            service_name=unique("status"),
        ) as client:
            await observer.publish_batch(facts.messages())

            async def logged() -> bool:
                log = await client.get("/v1/citizen/access-log", headers=citizen())
                return len(log.json()["items"]) == 2

            await eventually(logged, within=90, what="both fetches over Kafka")
            log = (await client.get("/v1/citizen/access-log", headers=citizen())).json()
            flagged = {e["id"]: e["flags"] for e in log["items"]}
            assert flagged[entry_id] == ["no-open-application"]

            opened = await _post(
                client,
                f"/v1/citizen/access-log/{entry_id}/dispute",
                {"reason": "نادرست"},
                citizen(),
            )
            answered = await _post(
                client,
                f"/v1/oversight/disputes/{opened['id']}/decision",
                {"decision": "rejected", "note": "مبنای قانونی داشت."},
                office(),
            )
            assert answered["state"] == "rejected"

            async def announced() -> bool:
                return bool(
                    heard.of(events.CitizenDisputeOpened) and heard.of(events.CitizenDisputeDecided)
                )

            await eventually(announced, within=90, what="both dispute events on the topic")
            (decided,) = heard.of(events.CitizenDisputeDecided)
            assert isinstance(decided, events.CitizenDisputeDecided)
            assert (decided.dispute_id, decided.decision, decided.agency_id) == (
                opened["id"],
                "rejected",
                "traffic-police",
            )
    finally:
        await observer.stop()


async def _post(
    client: httpx.AsyncClient, path: str, body: dict[str, str], headers: dict[str, str]
) -> dict[str, str]:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code in (200, 201), response.text
    answer: dict[str, str] = response.json()
    return answer
