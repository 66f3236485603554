"""The background loop: a burst of wakes within the coalescing window makes one round, a
failing round backs off however often it is woken, and a stop cuts either wait short."""

import asyncio

import pytest
from pydantic import ValidationError

from panjereh.background import Loop
from panjereh.settings import ServiceSettings
from tests.support import eventually

pytestmark = pytest.mark.asyncio
HOUR = 3600.0


class _Counting(Loop):
    def __init__(self, *, fail: bool = False, **kwargs: float) -> None:
        super().__init__(name="counting", poll_seconds=HOUR, max_backoff_seconds=HOUR, **kwargs)
        self.rounds = 0
        self._fail = fail

    async def round(self) -> bool:
        self.rounds += 1
        if self._fail:
            raise ConnectionError("broker unreachable")
        return False

    def failed(self, error: Exception, failures: int) -> None:
        pass  # expected here: not worth a warning in the test's log


async def _burst(loop: Loop) -> None:
    for _ in range(100):
        loop.wake()
        await asyncio.sleep(0)


async def test_without_coalescing_a_wake_starts_a_round_at_once() -> None:
    loop = _Counting()
    loop.start()
    await eventually(lambda: loop.rounds == 1, what="the round at start")
    loop.wake()
    await eventually(lambda: loop.rounds == 2, what="the woken round")
    await loop.stop()


async def test_wakes_within_the_coalescing_window_wait_for_it_and_a_stop_ends_it() -> None:
    loop = _Counting(coalesce_seconds=HOUR)
    loop.start()
    await eventually(lambda: loop.rounds == 1, what="the round at start")
    await _burst(loop)
    assert loop.rounds == 1, "still coalescing"
    async with asyncio.timeout(10):
        await loop.stop()
    assert loop.rounds == 1


async def test_a_failing_loop_backs_off_however_often_it_is_woken() -> None:
    loop = _Counting(fail=True)
    loop.start()
    await eventually(lambda: loop.rounds == 1, what="the failing round")
    await _burst(loop)
    assert loop.rounds == 1, "backing off: wakes do not retry"
    async with asyncio.timeout(10):
        await loop.stop()


@pytest.mark.parametrize("ms", ["-1", "soon"])
async def test_a_negative_or_unreadable_coalescing_window_is_refused(ms: str) -> None:
    with pytest.raises(ValidationError, match="outbox_coalesce_ms"):
        ServiceSettings(outbox_coalesce_ms=ms)


async def test_the_relay_is_quiet_by_default() -> None:
    settings = ServiceSettings()
    assert (settings.outbox_coalesce_ms, settings.outbox_poll_seconds) == (5.0, 2.0)
