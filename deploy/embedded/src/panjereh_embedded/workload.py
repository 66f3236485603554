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

It is a client of the Python SDK (sdk/python, panjereh_sdk): a refusal (429) or an unavailable
service (503) is waited out as Retry-After says, and what still fails after the SDK's bounded
retries is counted as an outcome (`refused:<status>`), never a crash. `--duration` repeats
rounds for that many seconds, `--rate` starts at most that many submissions a second; the
report's `client` says how many requests were sent, how many 429/503 were seen and waited out.
"""

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

import httpx

from panjereh_embedded.receiver import Receiver
from panjereh_sdk import ApiError, Panjereh, RetryingTransport, RetryStats

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
    tokens = {}
    for credentials in await _demo_clients(client):
        tokens[credentials["agency_id"]] = await _token(client, credentials)
    return tokens


async def _demo_clients(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    """The sandbox's demo clients that may submit applications for an agency."""
    return [
        credentials
        for credentials in await _items(client, "/v1/sandbox/clients")
        if credentials["agency_id"] and "applications:write" in credentials["scopes"]
    ]


async def _items(
    client: httpx.AsyncClient, path: str, params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    response = await client.get(path, params=params)
    response.raise_for_status()  # an error's problem, not a KeyError on its body
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _sdk(client: httpx.AsyncClient, credentials: dict[str, Any], stats: RetryStats) -> Panjereh:
    """The SDK for one demo client, sending through `client`'s own transport (real HTTP or the
    in-process app of a test; httpx names no public accessor for it)."""
    transport: httpx.AsyncBaseTransport = client._transport
    if isinstance(transport, RetryingTransport):
        transport = transport.inner  # retried once, by the SDK
    return Panjereh(
        str(client.base_url),
        client_id=credentials["client_id"],
        client_secret=credentials["client_secret"],
        transport=transport,
        stats=stats,
    )


async def _one(
    sdk: Panjereh,
    service_id: str,
    persona: dict[str, Any],
    within: float,
    accepted: list[str],
) -> tuple[str, str]:
    """Submit, wait for the decision, have an officer decide a referral; (service, outcome)."""
    try:
        submitted = await sdk.submit(service_id, persona["national_code"], persona["mobile"])
    except ApiError as error:  # still refused after the SDK's bounded retries
        return service_id, f"refused:{error.status}"
    accepted.append(submitted.id)
    try:
        application = await sdk.wait_until_settled(submitted.id, within=within)
        if str(application.state) != "needs_review":
            return service_id, f"rules:{application.state}"
        reviewed = await sdk.review(submitted.id, "approved", "بررسی کارشناس: مدارک کامل است.")
    except ApiError as error:
        return service_id, f"unfollowed:{error.status}"
    except TimeoutError:
        return service_id, "unsettled"
    return service_id, f"officer:{reviewed.state}"


class _Pace:
    """At most `rate` starts a second (None: as fast as the concurrency allows)."""

    def __init__(self, rate: float | None) -> None:
        self._every = 1 / rate if rate else 0.0
        self._next = time.monotonic()
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        async with self._lock:
            delay = self._next - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            self._next = max(self._next, time.monotonic()) + self._every


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
    accepted: list[str] | None = None,
    stats: RetryStats | None = None,
    rate: float | None = None,
    until: float | None = None,
) -> dict[str, dict[str, int]]:
    """Drive the workload through `client` (the gateway); outcomes counted per service. The
    id of every application the gateway accepted is appended to `accepted`, what the SDK saw
    (requests, retries, waits) is added up in `stats`."""
    stats = stats if stats is not None else RetryStats()
    accepted = accepted if accepted is not None else []
    sdks = {c["agency_id"]: _sdk(client, c, stats) for c in await _demo_clients(client)}
    personas = [
        p for p in await _items(client, "/v1/sandbox/personas") if set(p["traits"]) & set(traits)
    ]
    services = await _items(client, "/v1/catalog/services", {"limit": 500})
    gate, pace = asyncio.Semaphore(concurrency), _Pace(rate)

    async def bounded(service: dict[str, Any], persona: dict[str, Any]) -> tuple[str, str]:
        async with gate:
            await pace.start()
            if until is not None and time.monotonic() >= until:
                return service["id"], "not-started"  # the run's time is up (run_for)
            sdk = sdks[service["agency_id"]]
            return await _one(sdk, service["id"], persona, settle_seconds, accepted)

    jobs = [
        bounded(service, persona)
        for _ in range(rounds)
        for service in services
        # A preview service's applications wait for their applicant, whom only a citizen's
        # one-time-code login can answer for: agency clients alone cannot take them further.
        if service["agency_id"] in sdks and _approved(service) and not service.get("preview")
        for persona in personas
    ]
    outcomes: dict[str, Counter[str]] = {}
    try:
        for service_id, outcome in await asyncio.gather(*jobs):
            outcomes.setdefault(service_id, Counter())[outcome] += 1
    finally:
        for sdk in sdks.values():
            await sdk.aclose()
    return {service: dict(counts) for service, counts in sorted(outcomes.items())}


async def run_for(
    client: httpx.AsyncClient, seconds: float, **options: Any
) -> dict[str, dict[str, int]]:
    """`run` one round after another until `seconds` have passed; the outcomes added up."""
    deadline, total = time.monotonic() + seconds, dict[str, dict[str, int]]()
    while time.monotonic() < deadline:
        for service, counts in (await run(client, rounds=1, until=deadline, **options)).items():
            total[service] = dict(Counter(total.get(service, {})) + Counter(counts))
    return total


def _client_report(stats: RetryStats, accepted: list[str], began: float) -> dict[str, Any]:
    return {
        "requests": stats.sent,
        "seen": {str(status): n for status, n in sorted(stats.retried.items())},
        "backoffs": stats.backoffs,
        "waited_seconds": round(stats.waited_seconds, 1),
        "accepted": len(accepted),
        "seconds": round(time.monotonic() - began, 1),
    }


async def _main(argv: Sequence[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="python -m panjereh_embedded.workload")
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the gateway")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--duration", type=float, help="seconds of rounds, instead of --rounds")
    parser.add_argument("--rate", type=float, help="submissions started per second at most")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--traits", nargs="*", default=list(ANSWERING))
    parser.add_argument("--no-webhooks", action="store_true", help="no local receiver")
    args = parser.parse_args(argv)
    stats, accepted, began = RetryStats(), list[str](), time.monotonic()
    options: dict[str, Any] = {
        "traits": args.traits,
        "accepted": accepted,
        "stats": stats,
        "rate": args.rate,
        "concurrency": args.concurrency,
    }
    # The lists, tokens and subscriptions go through the SDK's retrying transport too.
    transport = RetryingTransport(stats=stats)
    async with (
        httpx.AsyncClient(base_url=args.url, timeout=30, transport=transport) as client,
        Receiver() as hooks,
    ):
        if not args.no_webhooks:
            await subscribe(client, hooks)
        if args.duration is not None:
            outcomes = await run_for(client, args.duration, **options)
        else:
            outcomes = await run(client, rounds=args.rounds, **options)
        if not args.no_webhooks:
            await hooks.quiet()
    report: dict[str, Any] = {
        "outcomes": outcomes,
        "client": _client_report(stats, accepted, began),
    }
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
