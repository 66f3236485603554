"""A live webhook receiver under a fault: the valid workload's agency subscribed to `*` on
127.0.0.1 before the load, and the verdict on what it received once everything settled.

Nothing accepted may be lost (every application's state changes reach the receiver, ending in
the state the application service decided), nothing may arrive out of order per application,
and nothing may arrive twice beyond what `webhook-id` deduplicates (one change under two ids
is a real duplicate). Redeliveries under one id are allowed and counted."""

import asyncio
import time

from panjereh_embedded.receiver import Book, Receiver
from tests.faults.workload import AGENCY, agency


async def subscribe(hooks: Receiver, gateway: str) -> None:
    """Subscribe `hooks` to every event of the workload's agency, through the gateway, with
    the SDK's client (its token and retries; the receiver sends the request itself)."""
    async with agency(gateway) as panjereh:
        await hooks.subscribe(panjereh.api.get_async_httpx_client(), AGENCY, {})


async def settled(
    hooks: Receiver, decided: dict[str, str], *, within: float
) -> tuple[Book, list[str]]:
    """Wait until each application's final state (as `decided` says) reached the receiver;
    the book then, and the applications still missing theirs."""
    deadline = time.monotonic() + within
    while True:
        book = hooks.book()
        missing = [a for a, state in decided.items() if book.final_state(a) != state]
        if not missing or time.monotonic() > deadline:
            return book, missing
        await asyncio.sleep(1)


def counts(book: Book, missing: list[str]) -> dict[str, int]:
    """The scenario's webhook counts for its verdict line."""
    p50, p99 = book.percentile(0.50), book.percentile(0.99)
    return {
        "webhooks_unique": book.unique,
        "webhooks_redelivered": book.received - book.unique,
        "webhooks_lost": len(missing),
        "webhooks_out_of_order": len(book.out_of_order),
        "webhooks_twins": len(book.repeated),
        "webhooks_unverified": book.unverified,
        "webhook_p50_ms": round(p50 or 0),
        "webhook_p99_ms": round(p99 or 0),
    }
