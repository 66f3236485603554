"""Forward a request to its service over the upstream's pool; failures become 502/503/504."""

from fastapi import Request
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse

from gateway import forwarded
from gateway import upstream as upstreams
from panjereh import context
from panjereh.problems import ProblemError

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


async def forward(
    upstream: upstreams.Upstream, name: str, request: Request, *, max_body: int
) -> Response:
    """Send `request` to the service `name`; its answer (status, headers, body) comes back."""
    body = await _body(request, max_body) if _has_body(request) else None
    try:
        answer = await upstream.send(request.method, _target(request), _headers(request), body)
    except upstreams.UpstreamUnavailable as error:
        raise _problem(503, name, "is unavailable", "در دسترس نیست") from error
    except upstreams.UpstreamTimeout as error:
        raise _problem(504, name, "did not answer in time", "در مهلت مقرر پاسخ نداد") from error
    except upstreams.UpstreamBroken as error:
        raise _problem(502, name, "answered badly", "پاسخ نامعتبر داد") from error
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
        return Response(content, status_code=answer.status, headers=headers)
    return StreamingResponse(
        answer.chunks,
        status_code=answer.status,
        headers=headers,
        background=BackgroundTask(answer.close),
    )


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


async def _body(request: Request, limit: int) -> bytes:
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
