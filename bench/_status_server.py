"""Serve the status service for the benchmark, its read model fed one application's events.

Usage: python bench/_status_server.py PORT DATA_DIR  (prints "ready TRACKING_CODE" when fed)

It runs on the event loop uvicorn's command line picks (uvloop where installed, as for the
hello-world and the gateway, which the benchmark starts with `python -m uvicorn`): a plain
`asyncio.run` would put the status service alone on asyncio's own loop, a handicap of its
own in every ratio against them.
"""

import asyncio
import sys

import uvicorn

from panjereh.bus.memory import InMemoryBus
from status_service.main import create_app
from status_service.settings import StatusSettings
from tests.integration.status.conftest import Story, catalogue_fact


async def main(config: uvicorn.Config, bus: InMemoryBus) -> None:
    await bus.start()
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    story = Story()
    story.add(catalogue_fact())
    story.submitted().evidence()
    await bus.publish_batch(story.messages())
    print(f"ready {story.tracking_code}", flush=True)
    await serving


if __name__ == "__main__":
    port, data_dir = int(sys.argv[1]), sys.argv[2]
    bus = InMemoryBus()
    settings = StatusSettings(
        database_url=f"sqlite+aiosqlite:///{data_dir}/status.db", log_level="WARNING"
    )
    config = uvicorn.Config(
        create_app(settings, bus=bus),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
    )
    with asyncio.Runner(loop_factory=config.get_loop_factory()) as runner:
        runner.run(main(config, bus))
