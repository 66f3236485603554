"""Forward a request to its service over the upstream's pool; failures become 502/503/504."""

import asyncio
import logging
from collections.abc import Callable

from fastapi import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Message, Receive, Scope, Send

from gateway import forwarded, state
from gateway import upstream as upstreams
from panjereh import context
from panjereh.problems import ProblemError
from panjereh.web import long_lived

# RFC 9110 §7.6.1 connection-specific headers, never forwarded by a proxy.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
    }
)
# The client's own address claims are not passed on as such: the gateway sends one
# X-Forwarded-For of its own making (gateway.forwarded).
_CLIENT_ADDRESS_CLAIMS = {"x-forwarded-for", "forwarded", "x-real-ip", "true-client-ip"}
_NOT_FORWARDED = HOP_BY_HOP | _CLIENT_ADDRESS_CLAIMS | {"x-request-id", "content-length"}
_NOT_RETURNED = HOP_BY_HOP | {"content-length"}  # the gateway frames the body anew
# Answers up to this size are read whole and sent in one piece; larger ones and those of
# unknown length (Server-Sent Events) are streamed as they come.
_WHOLE_UP_TO = 256 * 1024
log = logging.getLogger(__name__)


async def forward(
    upstream: upstreams.Upstream, name: str, request: Request, *, max_body: int
) -> Response:
    """Send `request` to the service `name`; its answer (status, headers, body) comes back."""
    body = await read_body(request, max_body) if _has_body(request) else None
    if not upstreams.long_lived(request.method, request.url.path, request.url.query):
        answer = await _send(upstream, name, request, body, long_lived=False)
        return await _relay(name, request, answer, release=lambda: None)
    # A stream or a long-poll: a slot first (429 past the per-client or total cap), then its
    # own pool, and an early end if its client goes away while the service still waits.
    gate = state.of(request.app).long_lived
    slot = gate.admit(forwarded.client_address(request))
    try:
        sent = _send(upstream, name, request, body, long_lived=True)
        got = await long_lived.unless_disconnected(request.receive, sent)
        if got is None:
            slot.release()
            return Response(status_code=499)  # "client closed request": no one reads it
        return await _relay(name, request, got, release=slot.release)
    except BaseException:
        slot.release()
        raise


async def _send(
    upstream: upstreams.Upstream,
    name: str,
    request: Request,
    body: bytes | None,
    *,
    long_lived: bool,
) -> upstreams.Answer:
    try:
        return await upstream.send(
            request.method, _target(request), _headers(request), body, long_lived=long_lived
        )
    except upstreams.UpstreamUnavailable as error:
        raise _problem(503, name, "is unavailable", "در دسترس نیست") from error
    except upstreams.UpstreamTimeout as error:
        raise _problem(504, name, "did not answer in time", "در مهلت مقرر پاسخ نداد") from error
    except upstreams.UpstreamBroken as error:
        raise _problem(502, name, "answered badly", "پاسخ نامعتبر داد") from error


async def _relay(
    name: str, request: Request, answer: upstreams.Answer, *, release: Callable[[], None]
) -> Response:
    """The service's answer as the gateway's: read whole if small, else streamed."""
    headers = {k: v for k, v in answer.headers if k.lower() not in _NOT_RETURNED}
    if _whole(request.method, answer):
        try:
            content = await answer.read()
        except upstreams.UpstreamTimeout as error:
            raise _problem(504, name, "did not answer in time", "در مهلت مقرر پاسخ نداد") from error
        except upstreams.UpstreamBroken as error:
            raise _problem(502, name, "answered badly", "پاسخ نامعتبر داد") from error
        finally:
            await answer.close()
            release()
        return Response(content, status_code=answer.status, headers=headers)
    return _Relayed(
        answer,
        headers=headers,
        send_timeout=state.of(request.app).settings.stream_send_timeout,
        release=release,
    )


class _Relayed(StreamingResponse):
    """A streamed answer, relayed as it comes (Server-Sent Events arrive event by event).
    However it ends (the service ended, the client left or stopped reading), the service's
    answer is closed, which in every mode tells the service its client has gone, and the
    slot is given back."""

    def __init__(
        self,
        answer: upstreams.Answer,
        *,
        headers: dict[str, str],
        send_timeout: float,
        release: Callable[[], None],
    ) -> None:
        super().__init__(answer.chunks, status_code=answer.status, headers=headers)
        self._answer = answer
        self._send_timeout = send_timeout
        self._release = release

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def timed(message: Message) -> None:
            # A client that takes nothing for this long is gone in all but name.
            async with asyncio.timeout(self._send_timeout):
                await send(message)

        try:
            await super().__call__(scope, receive, timed)
        except TimeoutError:
            log.info("dropped a streamed answer whose client stopped reading")
        finally:
            try:
                await self._answer.close()
            finally:
                self._release()


def _whole(method: str, answer: upstreams.Answer) -> bool:
    """Send the answer in one piece: small, or with no body at all (HEAD, 204, 304)."""
    if method == "HEAD" or answer.status in (204, 304) or answer.status < 200:
        return True
    return answer.length is not None and answer.length <= _WHOLE_UP_TO


def _headers(request: Request) -> list[tuple[str, str]]:
    headers = [(k, v) for k, v in request.headers.items() if k not in _NOT_FORWARDED]
    headers.append(("x-request-id", context.request_id.get() or ""))
    headers.append(("x-forwarded-for", forwarded.forwarded_for(request)))
    return headers


def _target(request: Request) -> str:
    """The path and query exactly as the client sent them (still percent-encoded): decoding
    and re-encoding could turn `%2F` into a path separator or fail on control characters."""
    raw_path: bytes = request.scope.get("raw_path") or request.url.path.encode()
    query: bytes = request.scope.get("query_string", b"")
    return (raw_path + (b"?" + query if query else b"")).decode("latin-1")


def _has_body(request: Request) -> bool:
    headers = request.headers
    return "transfer-encoding" in headers or headers.get("content-length", "0") != "0"


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body (the edge already refused a declared length over the limit; a chunked
    body is counted as it arrives)."""
    parts, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProblemError(
                413,
                "too-large",
                f"The body exceeds {limit} bytes.",
                "حجم درخواست بیش از حد مجاز است.",
            )
        parts.append(chunk)
    return b"".join(parts)


def _problem(status: int, upstream: str, en: str, fa: str) -> ProblemError:
    return ProblemError(
        status,
        "upstream-unavailable",
        f"The {upstream} service {en}; please retry shortly.",
        f"سرویس {upstream} {fa}؛ لطفاً کمی بعد دوباره تلاش کنید.",
        headers={"Retry-After": "2"} if status == 503 else {},
    )
