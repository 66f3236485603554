"""The suite's own helpers: a wait that fails says what it waited for."""

import pytest

from tests.support import eventually

pytestmark = pytest.mark.asyncio


async def test_eventually_returns_once_the_condition_holds() -> None:
    calls = []

    def third_time() -> bool:
        calls.append(1)
        return len(calls) >= 3

    await eventually(third_time, within=30)
    assert len(calls) == 3


async def test_eventually_names_what_it_waited_for_when_it_times_out() -> None:
    async def never() -> bool:
        return False

    with pytest.raises(AssertionError, match="the status projection") as caught:
        await eventually(never, within=0.2, what="the status projection")
    assert isinstance(caught.value, TimeoutError)  # callers that add detail catch that
