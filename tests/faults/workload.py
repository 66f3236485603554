"""The valid workload of the fault campaign and its verdict.

An agency's backend, a client of the Python SDK (panjereh_sdk), submits applications
open-loop through the gateway, a new person each time; the verdict is read afterwards from
each service's own database.
"""

import asyncio
import contextlib
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from panjereh import identity
from panjereh_embedded import native
from panjereh_sdk import ApiError, Panjereh, RetryPolicy
from tests.native_support import ledger

AGENCY = "passport-police"  # the valid workload's agency: the hostile burst uses another
CLIENT = ("passport-police-backend", "demo-passport-police-secret")
SERVICE = "passport-issuance"
DECIDED = {"approved", "rejected"}
TRIES = 30  # a second apart: an agency's backend that keeps retrying for half a minute
# Below those tries, the SDK waits out a 429 or a 503 as its Retry-After says (the gateway's
# 503 for a service that does not answer asks for 2 s), a bounded few times per try.
SDK_RETRIES = RetryPolicy(attempts=3, longest_wait=5.0)
# A live receiver's counts that fail a scenario (tests/faults/webhooks.py).
WEBHOOK_FAILURES = (
    "webhooks_lost",
    "webhooks_out_of_order",
    "webhooks_twins",
    "webhooks_unverified",
)


@dataclass(frozen=True)
class Load:
    rate: float  # applications per second
    seconds: float  # at least this long, and until the fault is healed
    scale: float  # multiplies each scenario's pauses and outages (short versions: < 1)


# `make faults` at 20 applications/s (issue 19): the faults must hold at a real rate, not a trickle.
FULL = Load(rate=20.0, seconds=30.0, scale=1.0)
SHORT = Load(rate=2.5, seconds=14.0, scale=0.5)


@dataclass
class Submissions:
    """What the agency's backend saw: the ids accepted, the valid requests never accepted."""

    accepted: list[str] = field(default_factory=list)
    refused: Counter[str] = field(default_factory=Counter)  # final status (or "gave-up")


@dataclass
class Verdict:
    scenario: str
    submitted: int
    completed: int
    lost: int
    duplicated: int
    recovery_seconds: float
    refused: int = 0  # valid requests the workload could not get accepted
    dead_letters: int = 0  # healthy messages given up on (only valid input reaches the bus)
    extra: dict[str, int] = field(default_factory=dict)  # the scenario's own counts

    @property
    def ok(self) -> bool:
        clean = self.lost == self.duplicated == self.refused == self.dead_letters == 0
        failing = ("server_errors", "broken_promises", "codes_in_logs", *WEBHOOK_FAILURES)
        return clean and all(self.extra.get(name, 0) == 0 for name in failing)

    def line(self) -> str:
        extra = "".join(f" {name}={count}" for name, count in self.extra.items())
        return (
            f"{'PASS' if self.ok else 'FAIL'} {self.scenario}: submitted={self.submitted} "
            f"completed={self.completed} lost={self.lost} duplicated={self.duplicated} "
            f"refused={self.refused} dead_letters={self.dead_letters} "
            f"recovery_s={self.recovery_seconds:.1f}{extra}"
        )


async def steady(url: str, load: Load, seen: Submissions, healed: asyncio.Event) -> None:
    """Open loop: a submission every 1/rate s for `load.seconds`, and on until `healed`."""
    async with agency(url) as panjereh:
        tasks, n, started = [], 0, time.monotonic()
        while time.monotonic() < started + load.seconds or not healed.is_set():
            tasks.append(asyncio.create_task(_submit(panjereh, _national_code(n), seen)))
            n += 1
            await asyncio.sleep(max(0.0, started + n / load.rate - time.monotonic()))
        await asyncio.gather(*tasks)


@contextlib.asynccontextmanager
async def agency(url: str) -> AsyncIterator[Panjereh]:
    """The SDK as the workload's agency backend on the gateway `url`, its token fetched (tried
    TRIES times a second apart: the gateway may still be starting); the SDK keeps it."""
    async with Panjereh(
        url, client_id=CLIENT[0], client_secret=CLIENT[1], retry=SDK_RETRIES, timeout=30
    ) as panjereh:
        credentials = panjereh.credentials
        for tried in range(1, TRIES + 1):
            try:
                if credentials is not None:  # always: given just above
                    await credentials.bearer()
                break
            except (ApiError, httpx.HTTPError):
                if tried == TRIES:
                    raise
                await asyncio.sleep(1)
        yield panjereh


async def _submit(panjereh: Panjereh, national_code: str, seen: Submissions) -> None:
    # As an agency's backend does: on a 5xx the SDK did not wait out, or a dropped connection,
    # the same request again with the same Idempotency-Key (so a retry never makes a second
    # application); any other refusal is final, counted by its status.
    key = f"fault-{uuid.uuid4()}"
    for _ in range(TRIES):
        try:
            submitted = await panjereh.submit(SERVICE, national_code, idempotency_key=key)
        except ApiError as error:
            if error.status < 500:
                seen.refused[str(error.status)] += 1
                return
        except httpx.HTTPError:
            pass
        else:
            seen.accepted.append(submitted.id)
            return
        await asyncio.sleep(1)
    seen.refused["gave-up"] += 1


def _national_code(n: int) -> str:
    # A new person each time: the inquiry cache must not hide an outage of the registry.
    first_nine = f"{(n * 7919 + uuid.uuid4().int) % 10**9:09d}"
    return first_nine + str(identity.national_code_check_digit(first_nine))


async def quiescent(cluster: native.Cluster, accepted: list[str], within: float) -> dict[str, Any]:
    """Poll the ledger until every accepted application is decided in the application and
    status databases and counted by compliance, whose counts agree with their recount."""
    deadline = time.monotonic() + within
    book: dict[str, Any] = {}
    while time.monotonic() < deadline:
        book = await ledger(cluster)
        if not _unfinished(book, accepted) and _recounted(book):
            break
        await asyncio.sleep(1)
    return book


def _unfinished(book: dict[str, Any], accepted: list[str]) -> Counter[str]:
    """The applications not yet decided and counted everywhere, by where they are stuck:
    "<application state>/<status view state>/<counted or not by compliance>"."""
    stuck: Counter[str] = Counter()
    for application in accepted:
        state = book["applications"].get(application, "missing")
        shown = book["views"].get(application, "missing")
        counted = application in book["compliance_facts"]
        if state not in DECIDED or shown not in DECIDED or not counted:
            stuck[f"{state}/{shown}/{'counted' if counted else 'uncounted'}"] += 1
    return stuck


def _recounted(book: dict[str, Any]) -> bool:
    return bool(book["compliance_counted"] == len(book["compliance_facts"]))


def verdict(
    name: str,
    seen: Submissions,
    book: dict[str, Any],
    letters: dict[str, int],
    recovery_seconds: float,
    extra: dict[str, int],
) -> Verdict:
    """The verdict from the ledger, the dead-letter topics and what the workload saw; the
    counts behind a FAIL (where applications are stuck, which topics, why refused) in
    `extra`."""
    accepted = seen.accepted
    stuck = _unfinished(book, accepted)
    ours = sum(1 for agency in book["agencies"].values() if agency == AGENCY)
    others = len(book["agencies"]) - ours
    duplicated = (
        len(book["application_steps_repeated"])
        + book["evidence_requests_repeated"]
        + len(book["view_steps_repeated"])
        + abs(book["compliance_counted"] - len(book["compliance_facts"]))
        + max(0, ours - len(set(accepted)))  # a retry made a second application
        + (len(accepted) - len(set(accepted)))  # one application accepted as two
    )
    if stuck:  # the evidence for a FAIL line: application state / status view state
        extra = extra | {f"stuck[{where}]": count for where, count in stuck.items()}
    if others:
        extra = extra | {"other_agencies_applications": others}
    if seen.refused:
        extra = extra | {f"refused[{why}]": count for why, count in seen.refused.items()}
    extra = extra | {f"dead[{topic}]": count for topic, count in letters.items()}
    return Verdict(
        scenario=name,
        submitted=len(accepted),
        completed=len(accepted) - sum(stuck.values()),
        lost=sum(stuck.values()),
        duplicated=duplicated,
        recovery_seconds=recovery_seconds,
        refused=sum(seen.refused.values()),
        dead_letters=sum(letters.values()),
        extra=extra,
    )
