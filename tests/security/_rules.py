"""Costly rules and a liveness probe, shared by the rules' security tests and bench/rules_probe.py.

The probe asks GET /health/live over its own connection every few milliseconds while an
attack runs: if a rule held the event loop, its answers would wait as long as the rule ran.
"""

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx

TEN = "[0,1,2,3,4,5,6,7,8,9]"
FIFTY = "[" + ",".join(str(i) for i in range(50)) + "]"
# Ten string operations on a short literal: about a millisecond a step in celpy.
_WORK = " && ".join(
    [
        '"abcdefghij".startsWith("abc")',
        '"abcdefghij".endsWith("hij")',
        '"abcdefghij".contains("def")',
        '"abcdefghij".matches("^a.*j$")',
        '("abc" + "def").size() == 6',
        '"abcdefghij".startsWith("ab")',
        '"abcdefghij".endsWith("ij")',
        '"abcdefghij".contains("efg")',
        '"abcdefghij".matches("c.e")',
        '("x" + "y" + "z").size() == 3',
    ]
)


def nested(levels: int) -> str:
    """The red team's rule: `levels` comprehensions over ten elements, one in another."""
    expression = "true"
    for level in range(levels):
        expression = f"{TEN}.all(v{level}, {expression})"
    return expression


FIVE_LEVELS = nested(5)  # 159 characters, 100,000 steps
# Two levels (allowed) over fifty elements (allowed): 2,500 steps of real work, seconds long.
SLOW_WITHIN_LIMITS = f"{FIFTY}.all(a, {FIFTY}.all(b, {_WORK}))"
# Cheap on the write-time sample (its form is empty); long on a form that has many items.
SLOW_ON_THE_FORM = f'!("items" in form) || form.items.all(x, x == "ab" && {_WORK})'
MANY_ITEMS = ["ab"] * 2500  # about 12,500 of the form's 20,000 characters


def service(rule: str, **changes: Any) -> dict[str, Any]:
    """A service needing no evidence (so no legal basis to wait for) decided by `rule`."""
    return {
        "id": f"sec-rules-{uuid.uuid4().hex[:10]}",
        "name_fa": "خدمت آزمون قاعده",
        "name_en": "Rule test service",
        "required_evidence": [],
        "decision": "automatic",
        "rules": [
            {
                "id": "costly",
                "expression": rule,
                "on_fail": "reject",
                "reason_fa": "شرط برقرار نیست.",
                "reason_en": "The condition does not hold.",
            }
        ],
    } | changes


@dataclass
class Probe:
    """Latencies (seconds) of GET /health/live asked throughout a block."""

    latencies: list[float] = field(default_factory=list)

    @property
    def worst(self) -> float:
        return max(self.latencies, default=0.0)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


@contextlib.asynccontextmanager
async def probing(url: str, *, every: float = 0.02) -> AsyncIterator[Probe]:
    """Probe the liveness of the platform at `url` while the block runs."""
    probe = Probe()
    stop = asyncio.Event()

    async def run() -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:
            while not stop.is_set():
                started = time.perf_counter()
                response = await http.get("/health/live")
                probe.latencies.append(time.perf_counter() - started)
                assert response.status_code == 200, response.text
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), every)

    task = asyncio.create_task(run())
    await asyncio.sleep(every * 3)  # a few answers from before the attack
    try:
        yield probe
    finally:
        stop.set()
        await task


async def decided(
    http: httpx.AsyncClient, application_id: str, headers: dict[str, str], *, within: float = 60
) -> dict[str, Any]:
    """The application once it left the automatic steps."""
    async with asyncio.timeout(within):
        while True:
            response = await http.get(f"/v1/applications/{application_id}", headers=headers)
            assert response.status_code == 200, response.text
            body: dict[str, Any] = response.json()
            if body["state"] not in ("submitted", "collecting_evidence", "evaluating"):
                return body
            await asyncio.sleep(0.1)
