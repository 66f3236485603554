"""Helpers shared by the test suites (no fixtures here: see conftest.py)."""

import asyncio
import contextlib
import datetime as dt
import inspect
import random
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import asgi_lifespan
import uvicorn

from panjereh import auth, events
from panjereh.bus.base import Delivery
from tests import topics


class LifespanManager(asgi_lifespan.LifespanManager):
    """asgi_lifespan's, with bounds a loaded CI machine meets: its 5 s start-up default made
    the embedded window's fixtures fail at setup at a load of 13 on two cores (the window
    then took over a minute to start), though nothing was wrong with the code."""

    def __init__(
        self, app: Any, startup_timeout: float = 180, shutdown_timeout: float = 60
    ) -> None:
        super().__init__(app, startup_timeout=startup_timeout, shutdown_timeout=shutdown_timeout)


class NotWithin(AssertionError, TimeoutError):
    """A wait that ran out: a failed assertion to pytest, a timeout to callers that add
    their own detail (they catch TimeoutError)."""


async def eventually(
    predicate: Callable[[], bool | Awaitable[bool]], *, within: float = 30.0, what: str = ""
) -> None:
    """Wait until `predicate()` (plain or async) holds, failing the test after `within` s."""

    async def holds() -> bool:
        outcome = predicate()
        return bool(await outcome if inspect.isawaitable(outcome) else outcome)

    try:
        async with asyncio.timeout(within):
            while not await holds():  # noqa: ASYNC110 — polls state that handlers change
                await asyncio.sleep(0.05)
    except TimeoutError:
        # Said as what was awaited: a bare TimeoutError named nothing (`what` was lost).
        raise NotWithin(f"not within {within:g} s: {what or 'the condition'}") from None


class Collector:
    """A batch handler that records what it is given, optionally failing on chosen messages
    (a batch holding one fails whole, as a transaction would, and records nothing)."""

    def __init__(
        self,
        *,
        fail_when: Callable[[Delivery], bool] = lambda _: False,
        failure: Callable[[Delivery], Exception] = lambda d: ValueError(
            f"poison message at offset {d.offset}"
        ),
    ) -> None:
        self.deliveries: list[Delivery] = []
        self.batches: list[int] = []  # the size of each batch it was handed
        self.calls = 0
        self._fail_when = fail_when
        self._failure = failure

    async def __call__(self, deliveries: Sequence[Delivery]) -> None:
        self.calls += 1
        self.batches.append(len(deliveries))
        for delivery in deliveries:
            if self._fail_when(delivery):
                raise self._failure(delivery)
        self.deliveries.extend(deliveries)

    def ids(self) -> list[str]:
        return [d.envelope().id for d in self.deliveries]


def state_changed(application_id: str, n: int) -> events.ApplicationStateChanged:
    """A small real event; `n` tells events of one application apart."""
    return events.ApplicationStateChanged(
        application_id=application_id,
        tracking_code=f"{n:012d}",
        from_state="submitted",
        to_state="collecting_evidence",
        at=dt.datetime.now(dt.UTC),
        reason=f"step {n}",
    )


def unique(prefix: str) -> str:
    # Never ten bare digits: one in a few thousand would be a valid national code, and the
    # log check fails the run on any national code in a log line (aiokafka logs topic names).
    token = f"x{uuid.uuid4().hex[:10]}"
    topics.remember(token)  # it may name a topic: deleted when the run ends
    return f"{prefix}-{token}"


KEY = auth.new_signing_key()
# Tokens are minted when test modules are imported (at collection): they must outlive the
# whole run, which takes longer than ten minutes on a loaded machine.
ISSUER = auth.TokenIssuer(KEY, kid="test", ttl=dt.timedelta(hours=3))
VERIFIER = auth.TokenVerifier(auth.public_jwks(KEY, kid="test"))


def bearer(agency: str, *scopes: str) -> dict[str, str]:
    token = ISSUER.issue(
        client_id=f"{agency}-backend", agency_id=agency, scopes=scopes or ["inquiries:read"]
    )
    return {"Authorization": f"Bearer {token}"}


def free_port() -> int:
    """A port nothing listens on, below the kernel's ephemeral range.

    A port the kernel hands out for bind(0) is in the range it also uses for outgoing
    connections, so between this probe and the server's own bind an outgoing connection
    (a load generator's, a consumer's) could take it: "address already in use".
    """
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    while True:
        port = random.randrange(max(1024, low - 12000), low)  # not a secret
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


@contextlib.asynccontextmanager
async def serve(app: Any, *, lifespan: Literal["auto", "on", "off"] = "on") -> AsyncIterator[str]:
    """Serve `app` over real HTTP on loopback for the duration of the block."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_config=None,
            proxy_headers=False,  # as the gateway is served: it reads X-Forwarded-For itself
            lifespan=lifespan,
            timeout_graceful_shutdown=1,
        )
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 — uvicorn exposes a flag, not an event
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
