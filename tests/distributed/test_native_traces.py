"""Must show 7 (issue 20): one application's journey is one trace on the native mode. Every
process writes its spans to a file (PANJEREH_<SERVICE>_TRACE_FILE); one application is
submitted with the caller's own traceparent and followed to its decision in status; then the
spans of that one trace id are read back from every file: the gateway's request (the request
id kept on it), the application's submit, the outbox relay's producer spans and the
consumers' spans over the Kafka hops, the inquiry worker's registry calls, the decision and
the status projection, every service present."""

import asyncio
import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from panjereh_embedded import native
from tests.infra import require_kafka, unavailable
from tests.native_support import databases, fresh_cluster, log_of, token
from tests.support import eventually

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.postgres,
    pytest.mark.kafka,
    pytest.mark.timeout(900),
]
COMPLETE = "0018392741"
PROCESSES = {"gateway": "PANJEREH_GATEWAY_"} | {
    name: prefix for name, (_, prefix, _) in native.SERVICES.items()
}
SERVICES = {
    "gateway",
    "application-service",
    "inquiry-service",
    "status-service",
    "compliance-service",
    "notification-service",
}


@pytest.fixture(scope="module")
def traced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[native.Cluster]:
    require_kafka()
    run_dir = tmp_path_factory.mktemp("native-traces")
    files = {
        f"{prefix}TRACE_FILE": str(run_dir / f"{name}.spans.jsonl")
        for name, prefix in PROCESSES.items()
    }
    try:
        cluster, names = fresh_cluster(run_dir, **files)
    except Exception as error:  # any failure to reach the server is "unavailable"
        unavailable("PostgreSQL", repr(error))
    try:
        cluster.up(timeout=180)
        yield cluster
    finally:
        cluster.down()
        asyncio.run(databases(names, drop=True))


def _spans(run_dir: Path) -> list[dict[str, Any]]:
    spans = []
    for path in run_dir.glob("*.spans.jsonl"):
        for line in path.read_text().splitlines():
            if line.strip():
                spans.append(json.loads(line))
    return spans


def _service(span: dict[str, Any]) -> str:
    return str(span["resource"]["attributes"]["service.name"])


async def test_one_application_is_one_trace_across_every_service(traced: native.Cluster) -> None:
    trace_id = secrets.token_hex(16)
    caller = f"00-{trace_id}-{secrets.token_hex(8)}-01"
    request_id = f"traced-{secrets.token_hex(4)}"
    async with httpx.AsyncClient(base_url=traced.layout.url("gateway"), timeout=30) as client:
        agency = await token(client, "passport-police-backend", "demo-passport-police-secret")
        accepted = await client.post(
            "/v1/applications",
            json={"service_id": "passport-issuance", "applicant": {"national_code": COMPLETE}},
            headers=agency
            | {
                "Idempotency-Key": f"traced-{trace_id}",
                "traceparent": caller,
                "X-Request-ID": request_id,
            },
        )
        assert accepted.status_code == 202, accepted.text
        tracking = accepted.json()["tracking_code"]

        async def decided_in_status() -> bool:
            got = await client.get(f"/v1/status/{tracking}", headers={"X-National-Code": COMPLETE})
            return got.status_code == 200 and got.json()["state"] == "approved"

        try:
            await eventually(decided_in_status, within=240, what="the decision in status")
        except AssertionError as error:
            logs = {
                name: log_of(traced, name)[-1500:] for name in ("application", "inquiry", "status")
            }
            raise AssertionError(f"{error}; logs: {logs}") from None

    ours: list[dict[str, Any]] = []

    def whole_trace() -> bool:
        nonlocal ours
        ours = [
            s for s in _spans(traced.layout.run_dir) if s["context"]["trace_id"] == f"0x{trace_id}"
        ]
        projected = ("status-service", "apply ir.gov.panjereh.evidence.retrieved.v1")
        return (
            projected in {(_service(s), s["name"]) for s in ours}
            and {_service(s) for s in ours} >= SERVICES
            and len(_orphans(ours)) == 1
        )

    try:
        await eventually(whole_trace, within=60, what=f"every service's spans in trace {trace_id}")
    except AssertionError as error:
        seen = sorted({(_service(s), s["name"]) for s in ours})
        raise AssertionError(f"{error}; seen {seen}; orphans {_orphans(ours)}") from None
    names = {(_service(s), s["name"]) for s in ours}
    kinds = {(_service(s), s["kind"]) for s in ours}
    # The gateway's request continues the caller's trace and keeps the edge's request id.
    [edge] = [s for s in ours if _service(s) == "gateway" and s["kind"] == "SpanKind.SERVER"]
    assert edge["parent_id"] == "0x" + caller.split("-")[2]
    assert edge["attributes"]["panjereh.request_id"] == request_id
    assert ("gateway", "SpanKind.CLIENT") in kinds  # the proxied hop (aiohttp)
    assert ("application-service", "SpanKind.SERVER") in kinds  # the submit
    assert ("application-service", "SpanKind.PRODUCER") in kinds  # the outbox relay
    assert ("inquiry-service", "apply ir.gov.panjereh.evidence.requested.v1") in names
    assert ("inquiry-service", "SpanKind.CLIENT") in kinds  # the registry calls (aiohttp)
    assert ("application-service", "apply ir.gov.panjereh.evidence.retrieved.v1") in names
    assert ("status-service", "apply ir.gov.panjereh.application.state_changed.v1") in names
    # Not yet: the decider (a background loop, as the inquiry worker is) decides a ready
    # application outside any span, so ApplicationDecided starts a trace of its own; it
    # needs the trace kept with the ready application as evidence_requests keeps it.
    assert any(_service(s) == "compliance-service" and s["name"].startswith("apply ") for s in ours)
    assert _orphans(ours) == [edge["name"]]  # only the edge's parent is the caller's


def _orphans(spans: list[dict[str, Any]]) -> list[str]:
    """Spans whose parent is not among them (the edge's: its parent is the caller's)."""
    ids = {s["context"]["span_id"] for s in spans}
    return [s["name"] for s in spans if s["parent_id"] not in ids]
