"""Admission for long-lived requests (Server-Sent Events, long-polls): per client and in total.

A stream or a long-poll holds memory, a task and, across a proxy, a connection for as long as
it lasts, so unlike a short request it is not bounded by a rate: one client holding 200 of
them filled the gateway's pool and every other applicant's lookup hung (issue #14). A slot
is taken before the request starts waiting and given back however it ends; past either cap
the answer is 429 with `Retry-After`, at once, before anything is held.

The per-client key is the client's real address as the caller determined it (the gateway's
trusted-proxy rule): many people behind one carrier-grade NAT share it, so the cap is a
setting, not a constant.
"""

import asyncio
import ipaddress
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from prometheus_client import Counter as PromCounter
from prometheus_client import Gauge
from starlette.types import Receive

from panjereh.problems import ProblemError

T = TypeVar("T")
OPEN = Gauge(
    "panjereh_long_lived_open",
    "Long-lived requests (streams, long-polls) holding a slot now",
    ["holder"],
)
REFUSED = PromCounter(
    "panjereh_long_lived_refused_total",
    "Long-lived requests refused with 429, by the cap that refused them",
    ["holder", "cap"],
)


@dataclass(frozen=True)
class Caps:
    per_client: int
    total: int
    retry_after_seconds: int = 5


class Slot:
    """One admitted long-lived request; `release` is idempotent (call it however it ends)."""

    def __init__(self, release: Callable[[], None]) -> None:
        self._release: Callable[[], None] | None = release

    def release(self) -> None:
        if self._release is not None:
            release, self._release = self._release, None
            release()


class Admission:
    def __init__(self, caps: Caps, *, holder: str) -> None:
        self._caps = caps
        self._holder = holder
        self._per_client: Counter[str] = Counter()
        self._total = 0
        OPEN.labels(holder).set(0)

    @property
    def open(self) -> int:
        return self._total

    def held_by(self, address: str) -> int:
        return self._per_client[client_key(address)]

    def admit(self, address: str) -> Slot:
        """A slot for the client at `address`, or a 429 problem if it or everyone holds the
        most allowed."""
        client = client_key(address)
        if self._per_client[client] >= self._caps.per_client:
            raise self._refused("per_client")
        if self._total >= self._caps.total:
            raise self._refused("total")
        self._per_client[client] += 1
        self._total += 1
        OPEN.labels(self._holder).set(self._total)
        return Slot(lambda: self._give_back(client))

    def _give_back(self, client: str) -> None:
        self._per_client[client] -= 1
        if self._per_client[client] <= 0:
            del self._per_client[client]  # no key outlives its client's last request
        self._total -= 1
        OPEN.labels(self._holder).set(self._total)

    def _refused(self, cap: str) -> ProblemError:
        REFUSED.labels(self._holder, cap).inc()
        mine = cap == "per_client"
        return ProblemError(
            429,
            "too-many-streams",
            (
                "This client already holds as many open streams and long-polls as allowed; "
                "close one, or poll instead."
                if mine
                else "The platform holds as many open streams and long-polls as it can; "
                "poll instead, or retry shortly."
            ),
            (
                "این کاربر بیشترین تعداد مجاز اتصال باز (جریان رویداد یا انتظار طولانی) را "
                "دارد؛ یکی را ببندید یا به‌جای آن وضعیت را دوره‌ای بپرسید."
                if mine
                else "سامانه بیشترین تعداد مجاز اتصال باز را دارد؛ وضعیت را دوره‌ای بپرسید "
                "یا کمی بعد دوباره تلاش کنید."
            ),
            headers={"Retry-After": str(self._caps.retry_after_seconds)},
        )


def client_key(address: str) -> str:
    """Whose slots a request takes: an IPv4 address, or an IPv6 address's /64 (one subscriber
    holds a whole /64, and could otherwise open the per-client cap from each of its
    addresses). Anything else (a name, "unknown") is its own key, bounded in length."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


async def disconnected(receive: Receive) -> None:
    """Return once the client has gone (an ASGI `http.disconnect`); the body must be read
    already, or be empty, since this consumes what `receive` gives."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


async def unless_disconnected(receive: Receive, work: Awaitable[T]) -> T | None:
    """`work`'s result, or None (and `work` cancelled, its cleanup run) if the client goes
    away first."""
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(disconnected(receive))
    try:
        await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        watcher.cancel()
        if not task.done():
            task.cancel()
            await asyncio.wait({task})
    return None if task.cancelled() else task.result()
