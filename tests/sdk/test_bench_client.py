"""The end-to-end benchmark's generator (bench/e2e_bench, a client of the Python SDK) over both
of its pools, against the embedded default over real HTTP: a submission is long-polled with
its ETag to its decision, and a 429 is counted as the run's error cause, never waited out (a
benchmark that retried would hide the refusal in its latency)."""

import asyncio
import random
import time
from pathlib import Path

import pytest

from bench import cluster, e2e_bench, e2e_client
from panjereh_embedded.app import create_app
from tests.support import serve

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(300)]
AT_ONCE = 4  # submissions due together, against a limit that lets the first two through


@pytest.mark.parametrize("kind", e2e_client.KINDS)
async def test_a_429_is_an_error_cause_and_the_rest_are_decided(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in cluster.UNLIMITED.items():  # the status polls stay unlimited
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PANJEREH_GATEWAY_RATE_LIMIT_PER_CLIENT", "2/minute")
    async with serve(create_app(tmp_path / "data")) as url:
        async with e2e_client.opened(kind, url) as panjereh:
            due, rng = time.monotonic(), random.Random(18)  # synthetic people
            codes = [cluster.national_code(rng) for _ in range(AT_ONCE)]
            results = await asyncio.gather(*(e2e_bench._one(panjereh, c, due) for c in codes))
        stats = panjereh.stats
    decided = [r for r in results if isinstance(r, float)]
    assert decided, f"nothing decided: {results}"
    refused = [r for r in results if isinstance(r, str)]
    assert refused and set(refused) == {"POST 429"}, results
    assert stats.retried[429] == len(refused), "each refusal answered once"
    assert stats.backoffs == 0 and stats.waited_seconds == 0, "and never waited out"
