"""One signed POST to a receiver, through the SSRF guard, with what came of it.

One shared session for every receiver: its connector resolves through the guard (so it
connects only to vetted addresses), keeps connections alive per receiver, reads no proxy
from the environment, and never follows a redirect (a 3xx is a failed attempt that says
where it pointed). A receiver's answer is read up to a small bound, only to keep the
connection reusable; what it says is not kept.
"""

import datetime as dt
import ssl
import time

import aiohttp
import standardwebhooks.webhooks

from notification_service.webhooks import signing, ssrf
from notification_service.webhooks.rules import Leased, Result
from panjereh.settings import Profile

# CloudEvents' HTTP binding, structured mode.
CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
USER_AGENT = "Panjereh-Webhooks/1.0 (+https://panjereh.ir/docs/webhooks)"
_READ_AT_MOST = 64 * 1024


class Sender:
    def __init__(
        self,
        *,
        profile: Profile,
        timeout_seconds: float,
        connections: int,
        resolve: ssrf.Resolve = ssrf.system_resolve,
        trusted: ssrf.Trusted = (),
        ca_file: str | None = None,
    ) -> None:
        self._profile = profile
        self._trusted = trusted
        self._ca_file = ca_file
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._timeout_seconds = timeout_seconds
        self._connections = connections
        self._resolve = resolve
        self._session: aiohttp.ClientSession | None = None

    def open(self) -> None:
        """Make the session (in the running loop, in the lifespan)."""
        connector = aiohttp.TCPConnector(
            resolver=ssrf.GuardedResolver(
                profile=self._profile, resolve=self._resolve, trusted=self._trusted
            ),
            limit=self._connections,
            ssl=_tls(self._ca_file),
            ttl_dns_cache=10,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=self._timeout,
            trust_env=False,
            headers={"User-Agent": USER_AGENT},
        )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def post(self, leased: Leased, *, secret: str) -> Result:
        """POST the delivery's body, signed for this attempt; never raises for the
        receiver's sake (whatever went wrong is in the result)."""
        started_at, started = dt.datetime.now(dt.UTC), time.perf_counter()
        status, error = await self._exchange(leased, secret=secret, at=started_at)
        duration_ms = round((time.perf_counter() - started) * 1000)
        return Result(started_at, duration_ms, status, error)

    async def _exchange(
        self, leased: Leased, *, secret: str, at: dt.datetime
    ) -> tuple[int | None, str | None]:
        if self._session is None:
            raise RuntimeError("the sender is not open")
        try:
            # Literal addresses skip the resolver: they are vetted here.
            ssrf.parse(leased.url, profile=self._profile, trusted=self._trusted)
            headers = signing.headers(
                secret=secret, message_id=leased.event_id, body=leased.payload, at=at
            )
            headers["Content-Type"] = CONTENT_TYPE
            async with self._session.post(
                leased.url,
                data=leased.payload.encode(),
                headers=headers,
                allow_redirects=False,
            ) as response:
                await response.content.read(_READ_AT_MOST)
                return response.status, _redirect_error(response, self._profile, self._trusted)
        except ssrf.UrlRefused as refused:
            return None, refused.refusal.text
        except (ValueError, standardwebhooks.webhooks.EmptyWebhookSecretError) as error:
            # Not the receiver's fault and not transient, but logged like any failure, so the
            # delivery ends dead in view instead of lapsing unrecorded again and again.
            return None, f"The delivery could not be signed: {error!r}. — امضای ارسال ممکن نشد."
        except TimeoutError:
            return None, (
                f"No answer within {self._timeout_seconds:g} s. — "
                f"گیرنده در {self._timeout_seconds:g} ثانیه پاسخ نداد."
            )
        except aiohttp.ClientError as error:
            refusal = ssrf.refusal_in(error)
            if refusal is not None:
                return None, refusal.text
            return None, f"Could not reach the receiver: {error!r} — گیرنده در دسترس نبود."


def _tls(ca_file: str | None) -> ssl.SSLContext:
    """The system's trust store, plus the operator's CA if one is configured (agencies
    behind a government CA)."""
    context = ssl.create_default_context()
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context


def _redirect_error(
    response: aiohttp.ClientResponse, profile: Profile, trusted: ssrf.Trusted
) -> str | None:
    """Why a 3xx failed: redirects are never followed (the guard would have to vet every
    hop; a receiver moving should update its subscription). Names where it pointed, and
    why that target would be refused too, when it can tell without resolving."""
    if not 300 <= response.status < 400:
        return None
    location = response.headers.get("Location", "")
    text = (
        f"The receiver answered {response.status} redirecting to {location or '(nowhere)'}; "
        "redirects are not followed. — گیرنده به نشانی دیگری ارجاع داد؛ ارجاع دنبال نمی‌شود."
    )
    try:
        target = response.url.join(type(response.url)(location))
        ssrf.parse(str(target), profile=profile, trusted=trusted)
    except ssrf.UrlRefused as refused:
        text += f" {refused.refusal.text}"
    return text
