"""A webhook receiver on 127.0.0.1, as an agency's backend would run one.

An aiohttp server that each demo agency subscribes to `*` (`POST /v1/webhooks`, path
`/hooks/<agency>`); every delivery's signature is checked with the `standardwebhooks`
library and the secret shown at subscription, then the CloudEvent is kept. `book()` reads
what arrived as a receiver must: deduplicated by `webhook-id`, each application's state
changes in order, the latency from the event's time to its receipt.

The demo workload (`python -m panjereh_embedded.workload`) and the fault campaign use it.
"""

import asyncio
import datetime as dt
import json
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import standardwebhooks
from aiohttp import web

FINAL = {"approved", "rejected", "cancelled", "failed"}


@dataclass(frozen=True)
class Delivery:
    agency: str
    webhook_id: str
    verified: bool
    event: dict[str, Any]  # the CloudEvent (structured mode)
    received_at: dt.datetime

    @property
    def latency_ms(self) -> float | None:
        sent = self.event.get("time")
        if not sent:
            return None
        return (self.received_at - dt.datetime.fromisoformat(sent)).total_seconds() * 1000


@dataclass
class Book:
    """What the receiver saw, read as an agency's backend reads it."""

    received: int  # POSTs, redeliveries included
    unique: int  # distinct webhook-ids
    unverified: int  # signatures that did not verify (each is a defect)
    by_type: dict[str, int]  # unique deliveries per CloudEvent type
    # application id → its state chain as received, e.g. ["submitted", "collecting_evidence", …]
    states: dict[str, list[str]]
    out_of_order: list[str]  # applications whose state changes arrived out of their order
    repeated: list[str]  # applications with one change under two webhook-ids (a real twin)
    latency_ms: list[float] = field(default_factory=list)

    def percentile(self, share: float) -> float | None:
        if not self.latency_ms:
            return None
        if len(self.latency_ms) == 1:
            return self.latency_ms[0]
        return statistics.quantiles(self.latency_ms, n=100, method="inclusive")[
            round(share * 100) - 1
        ]

    def final_state(self, application_id: str) -> str | None:
        chain = self.states.get(application_id, [])
        return chain[-1] if chain and chain[-1] in FINAL else None

    def summary(self) -> dict[str, Any]:
        p50, p99 = self.percentile(0.50), self.percentile(0.99)
        return {
            "received": self.received,
            "unique": self.unique,
            "unverified": self.unverified,
            "by_type": self.by_type,
            "applications": len(self.states),
            "out_of_order": len(self.out_of_order),
            "repeated": len(self.repeated),
            "latency_ms": {
                "p50": None if p50 is None else round(p50, 1),
                "p99": None if p99 is None else round(p99, 1),
            },
        }


class Receiver:
    """`async with Receiver() as hooks:` serves on 127.0.0.1 (a free port) until the end."""

    def __init__(self, *, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = 0
        self.deliveries: list[Delivery] = []
        self._secrets: dict[str, str] = {}  # agency → its subscription's secret
        self._runner: web.AppRunner | None = None

    async def __aenter__(self) -> "Receiver":
        app = web.Application()
        app.router.add_post("/hooks/{agency}", self._receive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def url(self, agency: str) -> str:
        return f"http://{self.host}:{self.port}/hooks/{agency}"

    async def subscribe(
        self, client: httpx.AsyncClient, agency: str, headers: dict[str, str]
    ) -> str:
        """Subscribe this receiver to every event of `agency` (its token in `headers`)."""
        response = await client.post(
            "/v1/webhooks",
            json={"url": self.url(agency), "events": ["*"], "description": "demo receiver"},
            headers=headers,
        )
        response.raise_for_status()
        created: dict[str, Any] = response.json()
        self._secrets[agency] = created["secret"]
        return str(created["id"])

    async def _receive(self, request: web.Request) -> web.Response:
        agency = request.match_info["agency"]
        body = await request.text()
        headers = {key.lower(): value for key, value in request.headers.items()}
        try:
            event = standardwebhooks.Webhook(self._secrets[agency]).verify(body, headers)
            verified = True
        except (KeyError, standardwebhooks.WebhookVerificationError):
            event, verified = json.loads(body), False
        self.deliveries.append(
            Delivery(
                agency,
                headers.get("webhook-id", ""),
                verified,
                event,
                dt.datetime.now(dt.UTC),
            )
        )
        return web.Response(status=204)

    async def quiet(self, *, for_seconds: float = 3.0, within: float = 60.0) -> None:
        """Return once no delivery arrived for `for_seconds` (or after `within`)."""
        deadline = time.monotonic() + within
        seen, still_since = len(self.deliveries), time.monotonic()
        while time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            if len(self.deliveries) != seen:
                seen, still_since = len(self.deliveries), time.monotonic()
            elif time.monotonic() - still_since >= for_seconds:
                return

    def book(self) -> Book:
        first: dict[str, Delivery] = {}
        for delivery in self.deliveries:
            first.setdefault(delivery.webhook_id, delivery)
        unique = list(first.values())
        states: dict[str, list[str]] = {}
        out_of_order, repeated = set(), set()
        for delivery in unique:
            event = delivery.event
            if event.get("type") != "application.state_changed":
                continue
            application, data = event.get("subject", ""), event.get("data", {})
            chain = states.setdefault(application, [])
            if data.get("to_state") in chain:
                repeated.add(application)
            previous = chain[-1] if chain else None
            if data.get("from_state") != previous:
                out_of_order.add(application)
            chain.append(data.get("to_state", "?"))
        latencies = [d.latency_ms for d in unique if d.latency_ms is not None]
        return Book(
            received=len(self.deliveries),
            unique=len(unique),
            unverified=sum(1 for d in self.deliveries if not d.verified),
            by_type=dict(sorted(Counter(d.event.get("type", "?") for d in unique).items())),
            states=states,
            out_of_order=sorted(out_of_order),
            repeated=sorted(repeated),
            latency_ms=sorted(latencies),
        )
