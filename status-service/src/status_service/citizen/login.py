"""The one-time code's use cases: ask for one (answered 202 whatever happens) and redeem one
(for the gateway, which alone signs the citizen's token)."""

import asyncio
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from limits import parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter

from panjereh.problems import ProblemError
from panjereh.web import long_lived
from status_service.citizen import login_domain
from status_service.citizen.login_repository import LoginUnitOfWork
from status_service.settings import StatusSettings


@dataclass(frozen=True)
class LoginDesk:
    """What the routes need: the key, the person's budget, the per-client limiter."""

    key: bytes
    budget: login_domain.Budget
    per_client: "ClientLimit"
    uow: Callable[[], LoginUnitOfWork]
    clock: Callable[[], dt.datetime]
    wake_sender: Callable[[], None]


class ClientLimit:
    """Requests for codes per client (its real address; an IPv6 client by its /64)."""

    def __init__(self, rate: str) -> None:
        self._limiter = SlidingWindowCounterRateLimiter(MemoryStorage())
        self._limit = parse(rate)
        # The limiter's test and count are two steps: a burst let through 15 of a 10/minute
        # limit until its hits were taken one at a time.
        self._one_at_a_time = asyncio.Lock()

    async def admit(self, client: str) -> None:
        key = f"otp-client:{long_lived.client_key(client)}"
        async with self._one_at_a_time:
            admitted = await self._limiter.hit(self._limit, key)
        if admitted:
            return
        stats = await self._limiter.get_window_stats(self._limit, key)
        raise ProblemError(
            429,
            "rate-limited",
            "Too many requests for one-time codes from this client; try again later.",
            "درخواست‌های کد یک‌بارمصرف از این دستگاه بیش از حد مجاز است؛ بعداً تلاش کنید.",
            headers={"Retry-After": str(max(int(stats.reset_time - time.time()), 1))},
        )


def budget_of(settings: StatusSettings) -> login_domain.Budget:
    item = parse(settings.otp_requests_per_person)
    return login_domain.Budget(requests=item.amount, window=dt.timedelta(seconds=item.get_expiry()))


async def ask(desk: LoginDesk, *, national_code: str, mobile: str) -> None:
    """Record a request for a code (the sender hands it over after the answer). The same
    work whether the person exists, the mobile is theirs or their budget is spent: one row
    read and one written, nothing else."""
    now = desk.clock()
    subject = login_domain.subject_of(desk.key, national_code)
    async with desk.uow() as uow:
        current = await uow.logins.get(subject)
        new = login_domain.requested(
            current,
            subject=subject,
            national_code=national_code,
            mobile=mobile,
            now=now,
            budget=desk.budget,
        )
        # Past the budget the row is written back unchanged, so both paths cost alike.
        kept = new or current
        if kept is not None:
            await uow.logins.put(kept)
        if new is not None:
            uow.after_commit(desk.wake_sender)
        await uow.commit()


async def redeem(desk: LoginDesk, *, national_code: str, code: str) -> bool:
    """Whether `code` opens a session for `national_code` (once; tries counted)."""
    now = desk.clock()
    subject = login_domain.subject_of(desk.key, national_code)
    digest = login_domain.digest(desk.key, subject=subject, code=code)
    async with desk.uow() as uow:
        current = await uow.logins.get(subject)
        after, opened = login_domain.redeemed(current, code_digest=digest, now=now)
        if after is not None and after != current:
            await uow.logins.put(after)
        await uow.commit()
    return opened
