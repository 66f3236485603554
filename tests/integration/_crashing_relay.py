"""Run an outbox relay that dies by SIGKILL right after the broker acknowledged a batch.

Usage: python _crashing_relay.py DATABASE_URL KAFKA_BOOTSTRAP TOPIC_PREFIX
It exits only by being killed: between publish and mark-sent, the worst moment.
"""

import asyncio
import os
import signal
import sys
from collections.abc import Sequence

from panjereh.bus.base import OutgoingMessage
from panjereh.bus.kafka import KafkaBus
from panjereh.db.engine import create_engine
from panjereh.outbox.relay import OutboxRelay


class _KillAfterAck(KafkaBus):
    async def publish_batch(self, messages: Sequence[OutgoingMessage]) -> None:
        await super().publish_batch(messages)
        print(f"acknowledged {len(messages)}; killing myself", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)


async def main(database_url: str, bootstrap: str, prefix: str) -> None:
    bus = _KillAfterAck(
        bootstrap_servers=bootstrap, client_id="crashing-relay", topic_prefix=prefix
    )
    await bus.start()
    relay = OutboxRelay(create_engine(database_url), bus, service="crashing-relay", batch_size=1000)
    await relay.relay_once()
    print("relay returned without being killed", flush=True)
    sys.exit(3)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3]))
