"""The SASL_SSL test broker's start-up and the cost of authentication, on this machine.
Not a test: it prints figures.

Usage: .venv/bin/python -m bench.kafka_auth_bench [--messages 2000]
Starts the private broker of tests/kafka_auth_support.py (CA and certificate made here, SCRAM
users at format, StandardAuthorizer, the ACLs of panjereh.bus.acl), prints how long the
format + start and the ACLs took and the load average, then publishes `messages` events as
application-service (SASL_SSL, acks=all) in batches of 100 and prints the rate. Its
directory is removed at the end.
"""

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

from panjereh import events
from panjereh.bus.base import OutgoingMessage
from panjereh.bus.kafka import KafkaBus
from tests.kafka_auth_support import SecuredKafka
from tests.support import state_changed


async def _publish(broker: SecuredKafka, count: int) -> float:
    bus = KafkaBus(
        bootstrap_servers=broker.bootstrap,
        client_id="application-service",
        topics=[events.APPLICATION],
        partitions=2,
        security=broker.security("application-service"),
    )
    await bus.start()
    try:
        started = time.perf_counter()
        for first in range(0, count, 100):
            await bus.publish_batch(
                [
                    OutgoingMessage.of(
                        events.APPLICATION,
                        events.wrap(state_changed(f"k{n % 50}", n), source="/bench"),
                    )
                    for n in range(first, min(first + 100, count))
                ]
            )
        return time.perf_counter() - started
    finally:
        await bus.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kafka-auth-bench-") as root:
        began = time.perf_counter()
        with SecuredKafka(Path(root) / "broker") as broker:
            started = time.perf_counter() - began
            asyncio.run(broker.grant())
            granted = time.perf_counter() - began - started
            seconds = asyncio.run(_publish(broker, args.messages))
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"format + start: {started:.1f} s; ACLs: {granted:.1f} s; load average {load}")
    print(
        f"published {args.messages} over SASL_SSL in {seconds:.2f} s "
        f"({args.messages / seconds:.0f}/s, batches of 100, acks=all)"
    )


if __name__ == "__main__":
    main()
