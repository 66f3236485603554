"""The suite deletes the topics it made, and only those (tests.topics): a shared broker's
other runs keep theirs."""

import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from tests import topics
from tests.support import eventually

pytestmark = pytest.mark.asyncio


async def _names(kafka: str) -> set[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()


async def _present(kafka: str, names: list[str]) -> bool:
    return set(names) <= await _names(kafka)


async def _gone(kafka: str, names: list[str]) -> bool:
    return not set(names) & await _names(kafka)


async def test_only_the_topics_naming_a_token_of_this_run_are_deleted(
    kafka_bootstrap: str,
) -> None:
    ours, theirs = f"x{uuid.uuid4().hex[:10]}", f"y{uuid.uuid4().hex[:10]}"
    names = [f"cleanup-{ours}.a", f"cleanup.{ours}.b", f"cleanup-{theirs}.c"]
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(n, 1, 1) for n in names])
    finally:
        await admin.close()
    # A created topic, like a deleted one, reaches every broker's metadata a moment later;
    # a loaded CI machine once listed none of the three straight after creating them.
    await eventually(lambda: _present(kafka_bootstrap, names), what="the topics were created")

    deleted, _ = await topics.delete_created(kafka_bootstrap, {ours})

    assert deleted == 2
    # A deletion the controller accepted reaches the broker's metadata a moment later.
    await eventually(
        lambda: _gone(kafka_bootstrap, names[:2]), what="this run's topics were deleted"
    )
    assert names[2] in await _names(kafka_bootstrap)
    await topics.delete_created(kafka_bootstrap, {theirs})
    await eventually(lambda: _gone(kafka_bootstrap, names[2:]), what="the other run's went")
