"""Issue 18, Must show 5 (the client half): the demo workload, a client of the Python SDK, run
against a gateway whose limits it exceeds, backs off as Retry-After says and ends without a
crash; every application it counts as accepted is really there for its agency."""

from pathlib import Path

import httpx
import pytest

from panjereh_embedded import workload
from panjereh_embedded.app import create_app
from panjereh_sdk import RetryingTransport, RetryStats
from tests.support import serve

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(900)]


async def _listed(client: httpx.AsyncClient) -> set[str]:
    """Every application id the demo agencies see, through the SDK (it is still limited)."""
    stats = RetryStats()
    found: set[str] = set()
    for credentials in await workload._demo_clients(client):
        async with workload._sdk(client, credentials, stats) as sdk:
            http = sdk.api.get_async_httpx_client()
            page = (await http.get("/v1/applications", params={"limit": 500})).json()
            found |= {item["id"] for item in page["items"]}
            assert page.get("next_cursor") is None, "one page holds this run's applications"
    return found


async def test_the_workload_over_the_limit_backs_off_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Low enough that the opening burst (eight submissions at once, the lists) passes it
    # however fast the machine: at 15/5 s a quick run's polls stayed under it.
    monkeypatch.setenv("PANJEREH_GATEWAY_RATE_LIMIT_PER_CLIENT", "6/5seconds")
    monkeypatch.setenv("PANJEREH_GATEWAY_RATE_LIMIT_PER_IP", "6/5seconds")
    stats, accepted = RetryStats(), list[str]()
    async with serve(create_app(tmp_path / "data")) as url:
        transport = RetryingTransport(stats=stats)
        async with httpx.AsyncClient(base_url=url, timeout=60, transport=transport) as client:
            outcomes = await workload.run(
                client, rounds=1, traits=("complete",), accepted=accepted, stats=stats
            )
            listed = await _listed(client)
    assert stats.retried[429] >= 1, f"the limits were never reached: {stats}"
    assert stats.backoffs >= stats.retried[429] - 1 and stats.waited_seconds > 0
    counted = sum(n for counts in outcomes.values() for n in counts.values())
    assert accepted and counted >= len(accepted), outcomes
    assert set(accepted) <= listed, f"accepted but missing: {set(accepted) - listed}"
    assert not any(o.startswith("refused") for c in outcomes.values() for o in c), outcomes
