"""The topics a run creates on the shared broker, deleted when the run ends.

Tests and native clusters name their topics with random tokens (`support.unique`, the native
mode's `native-<hex>.` prefix) so that runs never see each other's events; nothing deleted
them, and a reused machine's broker once held about 7,000 leftover partitions and took two
minutes to start. Only topics holding a token this process made are deleted, so another run
sharing the broker keeps its own."""

import asyncio
import contextlib
import socket

from aiokafka.admin import AIOKafkaAdminClient

_TOKENS: set[str] = set()
_CHUNK = 200  # topics per DeleteTopics request


def remember(token: str) -> None:
    """`token` is part of the names of topics this process may create."""
    _TOKENS.add(token)


def _reachable(bootstrap: str) -> bool:
    host, _, port = bootstrap.partition(":")
    with contextlib.suppress(OSError), socket.create_connection((host, int(port)), timeout=1):
        return True
    return False


async def delete_created(bootstrap: str, tokens: set[str] | None = None) -> tuple[int, int]:
    """Delete every topic naming one of `tokens` (default: all this process remembered);
    (topics deleted, topics left on the broker)."""
    wanted = set(_TOKENS if tokens is None else tokens)
    if not wanted or not _reachable(bootstrap):
        return 0, 0
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=30_000)
    await admin.start()
    try:
        names = await admin.list_topics()
        doomed = sorted(n for n in names if any(token in n for token in wanted))
        for start in range(0, len(doomed), _CHUNK):
            await admin.delete_topics(doomed[start : start + _CHUNK], timeout_ms=30_000)
        return len(doomed), len(names) - len(doomed)
    finally:
        await admin.close()
        if tokens is None:
            _TOKENS.clear()


def delete_created_now(bootstrap: str, tokens: set[str] | None = None) -> tuple[int, int]:
    """The same, from synchronous code (a session's end, a benchmark's teardown)."""
    return asyncio.run(delete_created(bootstrap, tokens))
