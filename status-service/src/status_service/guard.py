"""The enumeration defence of the public lookup: miss limits that cannot be dodged by
re-spelling a code or forging an address, and that others' guesses cannot turn against the
real applicant.

Three budgets, all counting misses (a lookup that matched nothing):

- per client (its real address; an IPv6 client by its /64, which one subscriber holds whole):
  when spent, every lookup of that client is refused, right or wrong, or the limit would
  bound nothing;
- per client and code: when spent, that client's lookups of that code are refused, right or
  wrong, for the same reason; it bounds a botnet's guesses of one code's national code to
  this budget per address;
- per code (normalised: every spelling of one code is one key): when spent, wrong guesses
  keep answering 429, but the right national code is still served. Spending it takes nothing
  but other people's wrong guesses, so honouring it for the right pair would let anyone lock
  any applicant out; the brute force it was guarding against stays bounded by the first two
  budgets, which only the guesser's own misses spend.

Each budget is a sliding-window counter: the previous window's count, weighted by how much of
it still overlaps, plus the current one. It is approximate by design (two counters per key,
where an exact window keeps every hit): misses that straddle a window's boundary spend a
budget a little later, and no span of one window ever admits more than twice a budget.
"""

import time
import unicodedata
from collections.abc import Sequence

from fastapi import Request
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter

from panjereh.problems import ProblemError
from panjereh.web import long_lived
from status_service.settings import StatusSettings

# Longer input than any spelling of a 13-digit code only ever names a code that does not
# exist; cutting it bounds the memory a key takes.
_KEY_DIGITS = 32


def code_key(tracking_code: str) -> str:
    """The limit key of a tracking code as typed: its digits in ASCII, whatever else is there.

    Dashes, spaces, Persian or Arabic-Indic (or any script's) digits and stray characters all
    fold away, so no spelling of one code gets a budget of its own.
    """
    values = (unicodedata.decimal(ch, None) for ch in tracking_code)
    return "".join(str(value) for value in values if value is not None)[:_KEY_DIGITS]


def client_of(request: Request) -> str:
    """The caller's real address: the rightmost `X-Forwarded-For` entry, which the gateway
    appends after choosing it (it never passes on what a client wrote there as the client).

    The service is reachable only through the gateway (in-process in the embedded mode), so
    the last hop is always the gateway's; without the header, the TCP peer.
    """
    peer = request.client.host if request.client else None
    return client_from(request.headers.getlist("x-forwarded-for"), peer)


def client_from(forwarded_for: Sequence[str], peer: str | None) -> str:
    """The rightmost entry of the `X-Forwarded-For` values, else the peer (`client_of`)."""
    last = ",".join(forwarded_for).rsplit(",", 1)[-1].strip()
    return last or peer or "unknown"


def too_many(retry_after: int) -> ProblemError:
    # A new error each time: a shared exception object would grow one traceback per raise.
    return ProblemError(
        429,
        "too-many-misses",
        "Too many failed lookups; try again later.",
        "تعداد جست‌وجوهای ناموفق بیش از حد مجاز است؛ بعداً تلاش کنید.",
        headers={"Retry-After": str(retry_after)},
    )


class Guard:
    """Counts misses per client, per client and code, and per code (see the module's note)."""

    def __init__(self, settings: StatusSettings) -> None:
        # The sliding-window counter keeps two counters per key; the moving window kept every
        # hit, and its expiry pass walked all keys (one per tracking code) on each miss.
        self._limiter = SlidingWindowCounterRateLimiter(MemoryStorage())
        self._per_client = parse(settings.misses_per_client)
        self._per_client_code = parse(settings.misses_per_client_code)
        self._per_code = parse(settings.misses_per_code)
        # Keys over their limit, and until when: lets the fast path refuse without awaiting.
        self._blocked_until: dict[str, float] = {}

    def _keys(self, client: str, tracking_code: str) -> list[tuple[RateLimitItem, str]]:
        who, code = long_lived.client_key(client), code_key(tracking_code)
        return [
            (self._per_client, f"client:{who}"),
            (self._per_client_code, f"client-code:{who}:{code}"),
            (self._per_code, f"code:{code}"),
        ]

    def blocked(self, client: str, tracking_code: str) -> bool:
        """True if any budget of this lookup is spent (the fast path then defers to `admit`)."""
        if not self._blocked_until:
            # Nobody's budget is spent (the usual case): no keys to build. Making them, an
            # address parsed and a code folded digit by digit, was a tenth of the fast path.
            return False
        now = time.time()
        return any(
            self._blocked_until.get(key, 0.0) > now for _, key in self._keys(client, tracking_code)
        )

    async def admit(self, client: str, tracking_code: str) -> None:
        """Refuse (429) a client whose own budgets are spent, before anything is looked up."""
        for limit, key in self._keys(client, tracking_code)[:2]:
            await self._refuse_if_spent(limit, key)

    async def miss(self, client: str, tracking_code: str) -> None:
        """Count a miss; 429 if the code's budget was already spent, else the caller's 404."""
        keys = self._keys(client, tracking_code)
        code_limit, code = keys[2]
        already_spent = not await self._limiter.test(code_limit, code)
        for limit, key in keys:
            await self._limiter.hit(limit, key)
            if not await self._limiter.test(limit, key):
                self._blocked_until[key] = await self._reset_at(limit, key)
        self._forget_expired()
        if already_spent:
            await self._refuse_if_spent(code_limit, code)

    async def _refuse_if_spent(self, limit: RateLimitItem, key: str) -> None:
        if not await self._limiter.test(limit, key):
            retry = max(int(await self._reset_at(limit, key) - time.time()), 1)
            raise too_many(retry)

    async def _reset_at(self, limit: RateLimitItem, key: str) -> float:
        return (await self._limiter.get_window_stats(limit, key)).reset_time

    def _forget_expired(self) -> None:
        if len(self._blocked_until) > 100_000:
            now = time.time()
            self._blocked_until = {k: t for k, t in self._blocked_until.items() if t > now}
