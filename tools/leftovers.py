"""What a test run leaves on the shared broker and PostgreSQL server.

    python tools/leftovers.py snapshot before.json     # before the run
    python tools/leftovers.py compare before.json      # after it: what appeared and stayed

A run must leave nothing: the suite deletes the topics it made (tests/topics.py) and drops
the databases it created (tests/conftest.py, tests/native_support.py). Other runs may share
the server meanwhile, so `compare` lists names as well as counts: a leftover is told apart by
its name, never guessed from a count.
"""

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path

import sqlalchemy as sa
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy.ext.asyncio import create_async_engine

KAFKA = os.environ.get("PANJEREH_TEST_KAFKA", "127.0.0.1:9092")
POSTGRES = os.environ.get(
    "PANJEREH_TEST_POSTGRES_URL",
    "postgresql+asyncpg://panjereh:panjereh@127.0.0.1:5432/panjereh_test",
)


async def _topics() -> list[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA, request_timeout_ms=30_000)
    await admin.start()
    try:
        return sorted(t for t in await admin.list_topics() if not t.startswith("__"))
    finally:
        await admin.close()


async def _databases() -> list[str]:
    engine = create_async_engine(POSTGRES)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                sa.text("SELECT datname FROM pg_database WHERE NOT datistemplate")
            )
            return sorted(row[0] for row in rows)
    finally:
        await engine.dispose()


async def _now() -> dict[str, list[str]]:
    return {"topics": await _topics(), "databases": await _databases()}


def _compare(
    before: dict[str, list[str]], after: dict[str, list[str]]
) -> dict[str, dict[str, object]]:
    return {
        kind: {
            "before": len(before[kind]),
            "after": len(after[kind]),
            "appeared_and_stayed": sorted(set(after[kind]) - set(before[kind])),
        }
        for kind in ("topics", "databases")
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("snapshot", "compare"))
    parser.add_argument("file", type=Path)
    arguments = parser.parse_args(argv)
    now = asyncio.run(_now())
    if arguments.action == "snapshot":
        arguments.file.write_text(json.dumps(now))
        print(f"topics: {len(now['topics'])}; databases: {len(now['databases'])}")
        return 0
    report = _compare(json.loads(arguments.file.read_text()), now)
    print(json.dumps(report, indent=2))
    return 1 if any(r["appeared_and_stayed"] for r in report.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
