"""Serve the status service for the benchmark, its read model fed one application's events.

Usage: python bench/_status_server.py PORT DATA_DIR  (prints "ready TRACKING_CODE" when fed)
"""

import asyncio
import sys

import uvicorn

from panjereh.bus.memory import InMemoryBus
from status_service.main import create_app
from status_service.settings import StatusSettings
from tests.integration.status.conftest import Story, catalogue_fact


async def main(port: int, data_dir: str) -> None:
    bus = InMemoryBus()
    await bus.start()
    app = create_app(
        StatusSettings(
            database_url=f"sqlite+aiosqlite:///{data_dir}/status.db", log_level="WARNING"
        ),
        bus=bus,
    )
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
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
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
