"""What the gateway checks before a request reaches a service: size, token, rate.

Services verify tokens again themselves; the gateway's check stops bad traffic at the door.
"""

import time
from typing import NoReturn

from fastapi import Request
from limits import RateLimitItem, parse
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.storage import storage_from_string

from gateway import forwarded
from gateway.routing import is_public  # one table for this gateway and the compiled edge
from gateway.settings import GatewaySettings
from panjereh import auth
from panjereh.problems import ProblemError


class Edge:
    def __init__(self, settings: GatewaySettings, verifier: auth.TokenVerifier) -> None:
        self._settings = settings
        self._verifier = verifier
        # Sliding window counters: O(1) memory per key whatever the limit (a moving window
        # keeps one timestamp per request, which national-scale limits cannot afford).
        self._limiter = SlidingWindowCounterRateLimiter(
            storage_from_string(settings.rate_limit_storage)
        )
        self._per_client = parse(settings.rate_limit_per_client)
        self._per_ip = parse(settings.rate_limit_per_ip)
        self._token_attempts = parse(settings.token_attempts_per_ip)
        self._wrong_secrets = parse(_WRONG_SECRETS)

    async def admit(self, request: Request) -> None:
        """Raise a problem (413, 401, 429) unless `request` may go on to its service."""
        self.check_size(request)
        principal = self._principal(request)
        if principal is not None:
            await self._within(self._per_client, f"client:{principal.client_id}")
        else:
            await self._within(self._per_ip, f"ip:{client_ip(request)}")

    async def admit_token_request(self, request: Request, client_id: str = "") -> None:
        """429 for an address over its token attempts, or that got `client_id`'s secret
        wrong too often (before the costly check: guessing is slowed, not just counted)."""
        self.check_size(request)
        await self._within(self._token_attempts, f"token:{client_ip(request)}")
        key = _wrong_secret_key(request, client_id)
        if not await self._limiter.test(self._wrong_secrets, key):
            await self._refuse(self._wrong_secrets, key)

    async def wrong_secret(self, request: Request, client_id: str) -> None:
        """Count a wrong secret for `client_id` from this address."""
        await self._limiter.hit(self._wrong_secrets, _wrong_secret_key(request, client_id))

    def check_size(self, request: Request) -> None:
        length = request.headers.get("content-length")
        if length is not None and (
            not length.isdigit() or int(length) > self._settings.max_body_bytes
        ):
            raise ProblemError(
                413,
                "too-large",
                f"The body exceeds {self._settings.max_body_bytes} bytes.",
                "حجم درخواست بیش از حد مجاز است.",
            )

    def _principal(self, request: Request) -> auth.Principal | None:
        header = request.headers.get("authorization", "")
        if not header:
            if is_public(request.method, request.url.path):
                return None
            raise auth.unauthorized("A bearer token is required.", "توکن دسترسی لازم است.")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise auth.unauthorized("A bearer token is required.", "توکن دسترسی لازم است.")
        return self._verifier.verify(token.strip())

    async def _within(self, limit: RateLimitItem, key: str) -> None:
        if await self._limiter.hit(limit, key):
            return
        await self._refuse(limit, key)

    async def _refuse(self, limit: RateLimitItem, key: str) -> NoReturn:
        stats = await self._limiter.get_window_stats(limit, key)
        raise ProblemError(
            429,
            "rate-limited",
            "Too many requests; slow down.",
            "تعداد درخواست‌ها بیش از حد مجاز است؛ کمی صبر کنید.",
            headers={"Retry-After": str(max(int(stats.reset_time - time.time()), 1))},
        )


# Wrong secrets per client and address: guessing one client's secret is slowed to this, and
# keyed with the address so that others' guesses never lock the real backend out.
_WRONG_SECRETS = "10/minute"


def _wrong_secret_key(request: Request, client_id: str) -> str:
    return f"wrong-secret:{client_id[:200]}:{client_ip(request)}"


def client_ip(request: Request) -> str:
    return forwarded.client_address(request)  # never the client's own X-Forwarded-For
