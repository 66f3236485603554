"""Fixtures of the notification tests: a webhook receiver on 127.0.0.1."""

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.integration.notification.receiver import Receiver


@pytest_asyncio.fixture
async def receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    await receiver.start()
    yield receiver
    await receiver.stop()
