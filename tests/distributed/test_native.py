"""Must show (deploy): the flow through the gateway with every service its own process on
real PostgreSQL and Kafka; a service SIGKILLed mid-workload and restarted; a consumer sent
SIGTERM mid-batch. Nothing lost, nothing applied twice — read from each service's database."""

import asyncio
import signal
from typing import Any

import httpx
import pytest

from panjereh_embedded import native, workload
from tests.native_support import ledger, log_of, settled, token
from tests.support import eventually

# The suite's 300 s timeout is charged the module's cluster start as well (migrations and
# seven processes: 11 minutes once on a loaded machine, the migrations having no bound of
# their own), and a test's own waits add up to more (the workload settles within 240 s, the
# ledger within 120 s). Those waits say when something is wrong; this only stops a hang.
pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.postgres,
    pytest.mark.kafka,
    pytest.mark.timeout(1800),
]
COMPLETE = "0018392741"
TERMINAL = {"approved", "rejected"}


async def _settled(cluster: native.Cluster, submitted: int) -> dict[str, Any]:
    return await settled(cluster, submitted, terminal=TERMINAL, within=120)


async def _submitted_more_than(cluster: native.Cluster, count: int) -> bool:
    return len((await ledger(cluster))["applications"]) > count


def _nothing_twice(book: dict[str, Any]) -> None:
    assert book["application_steps_repeated"] == []
    assert book["evidence_requests_repeated"] == 0
    assert book["view_steps_repeated"] == []
    assert set(book["views"]) == set(book["applications"]) == book["compliance_facts"]


async def test_submit_evidence_decision_status_compliance_through_the_gateway(
    cluster: native.Cluster,
) -> None:
    async with httpx.AsyncClient(base_url=cluster.layout.url("gateway"), timeout=30) as client:
        agency = await token(client, "passport-police-backend", "demo-passport-police-secret")
        accepted = await client.post(
            "/v1/applications",
            json={"service_id": "passport-issuance", "applicant": {"national_code": COMPLETE}},
            headers=agency | {"Idempotency-Key": "native-flow-1"},
        )
        assert accepted.status_code == 202, accepted.text
        created = accepted.json()

        async def decided() -> bool:
            got = await client.get(f"/v1/applications/{created['id']}", headers=agency)
            return bool(got.json()["state"] == "approved")

        await eventually(decided, within=60)
        application = (await client.get(f"/v1/applications/{created['id']}", headers=agency)).json()
        evidence = application["evidence"].values()
        assert {e["status"] for e in evidence} == {"found"}
        assert all(e["source"] for e in evidence)  # fetched from a registry, over HTTP
        assert application["decision"]["by"] == "rules"

        # The status view is a projection of the application service's events: it follows
        # the decision, it is not read in the same transaction (a loaded CI machine once
        # answered "evaluating" here, the decision event still on its way).
        async def shown_approved() -> bool:
            status = await client.get(
                f"/v1/status/{created['tracking_code']}", headers={"X-National-Code": COMPLETE}
            )
            return status.status_code == 200 and status.json()["state"] == "approved"

        await eventually(shown_approved, within=60, what="the status view shows the decision")

        ops = await token(client, "ops-dashboard", "demo-ops-secret")

        async def counted() -> bool:
            services = (await client.get("/v1/compliance/services", headers=ops)).json()
            passport = {s["service_id"]: s for s in services["items"]}.get("passport-issuance")
            return bool(passport and passport["criteria"]["automated"]["met"] >= 1)

        await eventually(counted, within=60)


async def _workload_while(
    cluster: native.Cluster, disturb: Any, *, rounds: int = 2
) -> tuple[dict[str, dict[str, int]], Any]:
    async with httpx.AsyncClient(base_url=cluster.layout.url("gateway"), timeout=60) as client:
        before = len((await ledger(cluster))["applications"])
        running = asyncio.create_task(
            workload.run(client, rounds=rounds, traits=("complete", "deceased"), settle_seconds=240)
        )
        disturbed = await disturb()
        outcomes = await running
        submitted = before + sum(sum(c.values()) for c in outcomes.values())
    return outcomes, (disturbed, await _settled(cluster, submitted))


async def test_a_service_sigkilled_mid_workload_and_restarted_loses_nothing(
    cluster: native.Cluster,
) -> None:
    before = len((await ledger(cluster))["applications"])

    async def kill_inquiry() -> native.Interruption:
        # Once the workload submits (evidence requests are in flight): not before it fetched
        # the sandbox's personas, which the inquiry service serves (a loaded machine takes
        # seconds for the workload's first requests).
        await eventually(
            lambda: _submitted_more_than(cluster, before), within=120, what="the workload started"
        )
        # Down 3 s: applications wait in collecting_evidence meanwhile.
        return await asyncio.to_thread(
            cluster.interrupt, "inquiry", signal.SIGKILL, down_for=3, grace=10
        )

    outcomes, (outage, book) = await _workload_while(cluster, kill_inquiry)
    assert sum(sum(c.values()) for c in outcomes.values()) == 24  # 2 personas × 6 × 2
    assert outage.exited_after < 10
    assert outage.ready_after < 120
    _nothing_twice(book)


async def test_sigterm_to_a_consumer_mid_batch_exits_within_the_grace_period(
    cluster: native.Cluster,
) -> None:
    async def terminate_status() -> native.Interruption:
        await asyncio.sleep(1.5)  # the status projection is consuming
        return await asyncio.to_thread(cluster.interrupt, "status", signal.SIGTERM, grace=30)

    _, (outage, book) = await _workload_while(cluster, terminate_status)
    assert outage.exited_after < 30, f"status took {outage.exited_after:.1f} s to stop"
    log = log_of(cluster, "status")
    assert "Application shutdown complete" in log
    assert "Traceback" not in log
    _nothing_twice(book)
