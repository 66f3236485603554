"""Log lines a service writes while its Kafka broker is down, before and after
panjereh.logging's RepeatFilter. Not a test: it prints figures.

Usage: .venv/bin/python -m bench.kafka_outage_logs [--seconds 30] [--window 30]
Needs the Kafka of `make infra-up`, and does not stop it: a KafkaBus (a producer and one
consumer group, as a service has) starts on it under a topic prefix of its own; then the
outage is simulated in this process only, every connection of its clients closed and each
reconnection sent to a port where nothing listens (connection refused, as from a stopped
broker). A publisher retries like the outbox relay meanwhile. Every aiokafka record at
WARNING or above (the level `panjereh.logging.configure` keeps) is counted twice: as
aiokafka made it, and as the service's output lets it through the filter.
"""

import argparse
import asyncio
import contextlib
import logging
import socket
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from typing import Any

from aiokafka.conn import AIOKafkaConnection

from panjereh import events
from panjereh import logging as panjereh_logging
from panjereh.bus.base import Delivery, OutgoingMessage
from panjereh.bus.kafka import KafkaBus
from tests.infra import KAFKA


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: Counter[tuple[str, str]] = Counter()
        self.texts: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.lines[(record.name, record.levelname)] += 1
        self.texts[record.getMessage().split("\n")[0][:90]] += 1


def _dead_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again: nothing listens there


_CONNECT = AIOKafkaConnection.connect


def _break_the_broker(bus: KafkaBus) -> None:
    """Every connection closed; every new one refused (this process only)."""
    port = _dead_port()
    connect = _CONNECT

    async def refused(self: AIOKafkaConnection) -> Any:
        self._port = port
        return await connect(self)

    AIOKafkaConnection.connect = refused
    # private attributes: a bench reaching into the bus to cut its connections
    clients = [bus._producer.client] if bus._producer else []
    clients += [consumer._client for consumer in bus._consumers]
    for client in clients:
        for conn in list(client._conns.values()):
            conn.close()


async def _publish_like_the_relay(bus: KafkaBus, stop: asyncio.Event) -> None:
    message = OutgoingMessage(events.APPLICATION, "k", b"{}", (("ce_type", b"bench"),))
    backoff = 0.5
    while not stop.is_set():
        with contextlib.suppress(Exception):
            async with asyncio.timeout(5):
                await bus.publish_batch([message])
            backoff = 0.5
        await asyncio.sleep(backoff)
        backoff = min(backoff * 2, 15.0)


async def main(seconds: float, window: float) -> None:
    panjereh_logging.install_scrubber()
    raw, shown = _Count(), _Count()
    shown.addFilter(panjereh_logging.RepeatFilter(window))
    aiokafka = logging.getLogger("aiokafka")
    aiokafka.setLevel(logging.WARNING)
    for handler in (raw, shown):
        aiokafka.addHandler(handler)
    aiokafka.propagate = False

    prefix = f"outage-{uuid.uuid4().hex[:8]}."
    bus = KafkaBus(bootstrap_servers=KAFKA, client_id="outage-bench", topic_prefix=prefix)

    async def ignore(batch: Sequence[Delivery]) -> None:
        return None

    bus.subscribe([events.APPLICATION], ignore, group="outage-bench")
    await bus.start()
    await asyncio.sleep(5)  # joined the group, fetching
    raw.lines.clear()
    shown.lines.clear()
    stop = asyncio.Event()
    publisher = asyncio.create_task(_publish_like_the_relay(bus, stop))
    _break_the_broker(bus)
    started = time.monotonic()
    await asyncio.sleep(seconds)
    elapsed = time.monotonic() - started
    stop.set()
    await publisher
    _report(raw, shown, elapsed, window)
    AIOKafkaConnection.connect = _CONNECT  # the broker is back
    # aiokafka's fetcher re-raises the CancelledError of the fetch it cancels on close
    with contextlib.suppress(Exception, asyncio.CancelledError):
        async with asyncio.timeout(5):
            await bus.stop()


def _report(raw: _Count, shown: _Count, elapsed: float, window: float) -> None:
    print(f"broker down for {elapsed:.1f} s; RepeatFilter window {window:g} s")
    print(f"{'logger':48} {'level':8} {'made':>7} {'/s':>6} {'shown':>6} {'/s':>6}")
    for (name, level), made in raw.lines.most_common():
        kept = shown.lines[(name, level)]
        print(f"{name:48} {level:8} {made:7} {made / elapsed:6.1f} {kept:6} {kept / elapsed:6.2f}")
    made, kept = sum(raw.lines.values()), sum(shown.lines.values())
    print(f"{'all':57} {made:7} {made / elapsed:6.1f} {kept:6} {kept / elapsed:6.2f}")
    print("most frequent lines as made:")
    for text, times in raw.texts.most_common(5):
        print(f"  {times:6}  {text}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--window", type=float, default=30.0)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.seconds, arguments.window))
