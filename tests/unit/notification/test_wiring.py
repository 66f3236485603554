"""The halves' consumers share one subscription of the service's group, each seeing its own
topics: two subscriptions of one group would split the partitions between them."""

from collections.abc import Sequence

import pytest

from notification_service.main import one_subscription
from panjereh.bus.base import Delivery
from panjereh.runtime import Subscription


def delivery(topic: str, offset: int) -> Delivery:
    return Delivery(topic=topic, partition=0, offset=offset, key="k", value=b"{}")


class Recorder:
    def __init__(self, *, fails: bool = False) -> None:
        self.seen: list[list[int]] = []
        self.fails = fails

    async def __call__(self, deliveries: Sequence[Delivery]) -> None:
        self.seen.append([d.offset for d in deliveries])
        if self.fails:
            raise RuntimeError("this half failed")


@pytest.mark.asyncio
async def test_each_half_gets_the_batch_of_its_own_topics_in_order() -> None:
    webhooks, sms = Recorder(), Recorder()
    subscriptions: list[Subscription] = [(("a",), webhooks), (("a", "b"), sms)]

    [(topics, handle)] = one_subscription(subscriptions)
    await handle([delivery("a", 1), delivery("b", 2), delivery("a", 3)])

    assert topics == ("a", "b")
    assert webhooks.seen == [[1, 3]]
    assert sms.seen == [[1, 2, 3]]


@pytest.mark.asyncio
async def test_a_half_with_nothing_of_its_topics_is_not_called_and_a_failure_propagates() -> None:
    webhooks, sms = Recorder(), Recorder(fails=True)
    [(_, handle)] = one_subscription([(("a",), webhooks), (("b",), sms)])

    await handle([delivery("a", 1)])
    with pytest.raises(RuntimeError):  # the bus replays the batch (each half's inbox dedupes)
        await handle([delivery("b", 2)])

    assert webhooks.seen == [[1]]
    assert sms.seen == [[2]]


def test_a_single_subscription_is_kept_as_it_is() -> None:
    only: Subscription = (("a",), Recorder())
    assert one_subscription([only]) == [only]
    assert one_subscription([]) == []
