"""What each service reads, as the ACL plan says: every service started (SQLite, an
in-process bus that records the subscriptions), its group and topics compared with
panjereh.bus.acl.PLAN. A handler added for another topic fails here until the plan has it."""

from collections.abc import Sequence
from pathlib import Path

import pytest

from panjereh.bus.acl import PLAN
from panjereh.bus.base import BatchHandler
from panjereh.bus.memory import InMemoryBus
from panjereh_embedded.app import _SERVICES
from tests.support import VERIFIER, LifespanManager

pytestmark = pytest.mark.asyncio


class RecordingBus(InMemoryBus):
    def __init__(self) -> None:
        super().__init__()
        self.subscribed: dict[str, set[str]] = {}

    def subscribe(self, topics: Sequence[str], handler: BatchHandler, *, group: str) -> None:
        self.subscribed.setdefault(group, set()).update(topics)
        super().subscribe(topics, handler, group=group)


@pytest.mark.parametrize("name", sorted(_SERVICES))
async def test_a_service_reads_what_the_plan_lets_it_read(name: str, tmp_path: Path) -> None:
    factory, settings_class = _SERVICES[name]
    settings = settings_class(database_url=f"sqlite+aiosqlite:///{tmp_path}/{name}.db")
    bus = RecordingBus()
    await bus.start()
    try:
        async with LifespanManager(factory(settings, bus=bus, token_verifier=VERIFIER)):
            pass
    finally:
        await bus.stop()
    # One group per service, named after it (the ACLs allow that group only).
    assert bus.subscribed == {settings.service_name: set(PLAN[settings.service_name].reads)}
