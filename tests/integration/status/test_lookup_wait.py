"""A poll right after the 202 waits for its projection instead of counting as a miss, and
every well-formed miss takes the same time, found later or never (API.md, Status)."""

import asyncio
import time

import pytest

from panjereh.bus.memory import InMemoryBus
from tests.integration.status.conftest import NATIONAL_CODE, Story, catalogue_fact, status_service

pytestmark = pytest.mark.asyncio
WHO = {"X-National-Code": NATIONAL_CODE}


async def test_a_poll_before_the_projection_waits_for_it_and_spends_no_budget(
    database_url: str,
) -> None:
    bus = InMemoryBus()
    await bus.start()
    story = Story()
    story.add(catalogue_fact())
    story.submitted()
    # One miss would spend this client's whole budget: the second lookup would be a 429.
    async with status_service(
        database_url, bus, projection_wait_seconds=10.0, misses_per_client="1/minute"
    ) as client:
        path = f"/v1/status/{story.tracking_code}"
        poll = asyncio.create_task(client.get(path, headers=WHO))
        await asyncio.sleep(0.3)
        assert not poll.done(), "the poll waits for the projection"
        await bus.publish_batch(story.messages())
        first = await asyncio.wait_for(poll, 10)
        assert first.status_code == 200, first.text
        assert (await client.get(path, headers=WHO)).status_code == 200


async def test_an_unknown_code_and_a_wrong_national_code_both_wait_it_out(
    database_url: str,
) -> None:
    bus = InMemoryBus()
    await bus.start()
    story = Story()
    story.add(catalogue_fact())
    story.submitted()
    async with status_service(database_url, bus, projection_wait_seconds=0.5) as client:
        await bus.publish_batch(story.messages())
        assert (await client.get(f"/v1/status/{story.tracking_code}", headers=WHO)).is_success
        for path, who in (
            (f"/v1/status/{Story().tracking_code}", WHO),
            (f"/v1/status/{story.tracking_code}", {"X-National-Code": "0499370899"}),
        ):
            started = time.perf_counter()
            miss = await client.get(path, headers=who)
            assert miss.status_code == 404
            assert time.perf_counter() - started >= 0.45, path  # a lower bound only
