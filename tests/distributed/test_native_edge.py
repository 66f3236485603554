"""The native mode with HAProxy as its edge (`--edge haproxy`): the flow through the edge on
real PostgreSQL and Kafka, the services reached straight from it, the gateway's own routes
behind it, and the edge's access log free of national codes."""

import json
from collections.abc import Iterator

import httpx
import pytest

from panjereh_embedded import native
from tests.native_support import edge_cluster, log_of, token
from tests.security import _logs
from tests.support import eventually

pytestmark = [pytest.mark.asyncio, pytest.mark.postgres, pytest.mark.kafka]
COMPLETE = "0018392741"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[native.Cluster]:
    with edge_cluster(tmp_path_factory.mktemp("native-edge")) as running:
        yield running


async def test_the_edge_is_a_process_of_its_own_in_front(cluster: native.Cluster) -> None:
    layout = cluster.layout
    assert layout.processes()[:3] == ["simulator", "gateway", "edge"]
    assert layout.public_url() == layout.url("edge") != layout.url("gateway")
    assert cluster.environment("gateway")["PANJEREH_GATEWAY_TRUSTED_PROXIES"] == "127.0.0.1/32"
    assert cluster.status()["edge"] is not None


async def test_the_flow_through_the_edge(cluster: native.Cluster) -> None:
    async with httpx.AsyncClient(base_url=cluster.layout.public_url(), timeout=30) as client:
        assert (await client.get("/health")).status_code == 200  # the gateway, behind the edge
        assert (await client.get("/openapi.json")).json()["paths"]
        refused = await client.post("/v1/applications", json={})
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/problem+json"
        agency = await token(client, "passport-police-backend", "demo-passport-police-secret")
        accepted = await client.post(
            "/v1/applications",
            json={"service_id": "passport-issuance", "applicant": {"national_code": COMPLETE}},
            headers=agency | {"Idempotency-Key": "native-edge-1", "X-Request-ID": "edge-flow-1"},
        )
        assert accepted.status_code == 202, accepted.text
        assert accepted.headers["x-request-id"] == "edge-flow-1"  # echoed by the service
        created = accepted.json()

        async def decided() -> bool:
            got = await client.get(f"/v1/applications/{created['id']}", headers=agency)
            return bool(got.json()["state"] == "approved")

        await eventually(decided, within=90)

        async def shown() -> bool:  # the status projection follows through Kafka
            status = await client.get(
                f"/v1/status/{created['tracking_code']}", headers={"X-National-Code": COMPLETE}
            )
            return status.status_code == 200 and status.json()["state"] == "approved"

        await eventually(shown, within=60)

    # HAProxy writes a request's line when its stream ends, after the client has the answer:
    # the last lookup's line may come a moment after `shown` (a rehearsal read the log first).
    async def logged() -> bool:
        entries = [json.loads(line) for line in _edge_lines(cluster)]
        return {"application", "status", "gateway"} <= {e["upstream"] for e in entries} and any(
            e["request_id"] == "edge-flow-1" and e["status"] == 202 for e in entries
        )

    await eventually(logged, within=10, what="the edge's lines for the flow")
    assert _logs.scan(_edge_lines(cluster), "edge.log") == []


def _edge_lines(cluster: native.Cluster) -> list[str]:
    return [line for line in log_of(cluster, "edge").splitlines() if line.startswith("{")]
