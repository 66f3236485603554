"""The demo workload: sandbox personas through every seeded service, over the public API.

`python -m panjereh_embedded.workload --url http://127.0.0.1:8000 --rounds 2`

Per round, each persona whose registries answer submits once to every catalogued service
through its agency's demo client; applications referred to an officer are then decided by
one (as a manual service's are). Before it starts, a webhook receiver on 127.0.0.1
(`panjereh_embedded.receiver`) subscribes to every event of each demo agency; at the end it
prints, as JSON, the outcomes per service and the webhooks received (per type, deduplicated
by webhook-id, signatures verified, latency from the event to its receipt). The personas whose
registries fail (registry-timeout, mobile-mismatch, slow-registry) are left out unless
asked for: with them an automatic service would rightly be measured as not smart.
"""

import argparse
import asyncio
import json
import sys
import uuid
from collections import Counter
from collections.abc import Sequence
from typing import Any

import httpx

from panjereh_embedded.receiver import Receiver

ANSWERING = ("complete", "no-military-card", "no-degree", "expired-driving-license", "deceased")
TERMINAL = {"approved", "rejected", "cancelled", "failed"}


async def _token(client: httpx.AsyncClient, credentials: dict[str, Any]) -> dict[str, str]:
    response = await client.post(
        "/v1/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": credentials["client_id"],
            "client_secret": credentials["client_secret"],
        },
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def _agency_headers(client: httpx.AsyncClient) -> dict[str, dict[str, str]]:
    clients = (await client.get("/v1/sandbox/clients")).json()["items"]
    tokens = {}
    for credentials in clients:
        if credentials["agency_id"] and "applications:write" in credentials["scopes"]:
            tokens[credentials["agency_id"]] = await _token(client, credentials)
    return tokens


async def _wait_until_settled(
    client: httpx.AsyncClient, path: str, headers: dict[str, str], within: float
) -> dict[str, Any]:
    async with asyncio.timeout(within):
        while True:
            application: dict[str, Any] = (await client.get(path, headers=headers)).json()
            if application["state"] in TERMINAL | {"needs_review"}:
                return application
            await asyncio.sleep(0.2)


async def _one(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    service_id: str,
    persona: dict[str, Any],
    within: float,
) -> tuple[str, str]:
    """Submit, wait for the decision, have an officer decide a referral; (service, outcome)."""
    submitted = await client.post(
        "/v1/applications",
        json={
            "service_id": service_id,
            "applicant": {"national_code": persona["national_code"], "mobile": persona["mobile"]},
        },
        headers=headers | {"Idempotency-Key": f"demo-{uuid.uuid4()}"},
    )
    submitted.raise_for_status()
    path = f"/v1/applications/{submitted.json()['id']}"
    application = await _wait_until_settled(client, path, headers, within)
    if application["state"] == "needs_review":
        reviewed = await client.post(
            f"{path}/review",
            json={"outcome": "approved", "reason": "بررسی کارشناس: مدارک کامل است."},
            headers=headers,
        )
        reviewed.raise_for_status()
        return service_id, "officer:" + reviewed.json()["state"]
    return service_id, "rules:" + application["state"]


def _approved(service: dict[str, Any]) -> bool:
    """Whether the legal-basis office approved every evidence type the service requires: one
    an agency published and the office has not approved takes no application (409)."""
    return all(basis["status"] == "approved" for basis in service.get("legal_basis", ()))


async def run(
    client: httpx.AsyncClient,
    *,
    rounds: int = 2,
    traits: Sequence[str] = ANSWERING,
    concurrency: int = 8,
    settle_seconds: float = 120.0,
) -> dict[str, dict[str, int]]:
    """Drive the workload through `client` (the gateway); outcomes counted per service."""
    tokens = await _agency_headers(client)
    personas = [
        p
        for p in (await client.get("/v1/sandbox/personas")).json()["items"]
        if set(p["traits"]) & set(traits)
    ]
    services = (await client.get("/v1/catalog/services", params={"limit": 500})).json()["items"]
    gate = asyncio.Semaphore(concurrency)

    async def bounded(service: dict[str, Any], persona: dict[str, Any]) -> tuple[str, str]:
        async with gate:
            return await _one(
                client, tokens[service["agency_id"]], service["id"], persona, settle_seconds
            )

    jobs = [
        bounded(service, persona)
        for _ in range(rounds)
        for service in services
        # A preview service's applications wait for their applicant, whom only a citizen's
        # one-time-code login can answer for: agency clients alone cannot take them further.
        if service["agency_id"] in tokens and _approved(service) and not service.get("preview")
        for persona in personas
    ]
    outcomes: dict[str, Counter[str]] = {}
    for service_id, outcome in await asyncio.gather(*jobs):
        outcomes.setdefault(service_id, Counter())[outcome] += 1
    return {service: dict(counts) for service, counts in sorted(outcomes.items())}


async def _main(argv: Sequence[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="python -m panjereh_embedded.workload")
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the gateway")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--traits", nargs="*", default=list(ANSWERING))
    parser.add_argument("--no-webhooks", action="store_true", help="no local receiver")
    args = parser.parse_args(argv)
    async with httpx.AsyncClient(base_url=args.url, timeout=30) as client, Receiver() as hooks:
        if not args.no_webhooks:
            await subscribe(client, hooks)
        outcomes = await run(client, rounds=args.rounds, traits=args.traits)
        if not args.no_webhooks:
            await hooks.quiet()
    report: dict[str, Any] = {"outcomes": outcomes}
    if not args.no_webhooks:
        report["webhooks"] = hooks.book().summary()
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


async def subscribe(client: httpx.AsyncClient, hooks: Receiver) -> list[str]:
    """Subscribe `hooks` to every event of each demo agency; the subscriptions' ids."""
    tokens = await _agency_headers(client)
    return [await hooks.subscribe(client, agency, headers) for agency, headers in tokens.items()]


if __name__ == "__main__":
    sys.exit(asyncio.run(_main(None)))
