"""Forward a request to its service over a pooled client, streaming both bodies."""

import httpx
from fastapi import Request
from starlette.background import BackgroundTask
from starlette.responses import StreamingResponse

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


def _forwarded_headers(request: Request) -> list[tuple[str, str]]:
    headers = [(k, v) for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP]
    headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"]
    headers.append(("x-request-id", context.request_id.get() or ""))
    if request.client is not None:
        headers.append(("x-forwarded-for", request.client.host))
    return headers


async def forward(client: httpx.AsyncClient, upstream: str, request: Request) -> StreamingResponse:
    """Send `request` to `upstream` through `client`; failures become 502/503/504 problems."""
    try:
        outgoing = client.build_request(
            request.method,
            _target(request),
            headers=_forwarded_headers(request),
            content=request.stream() if _has_body(request) else None,
        )
    except httpx.InvalidURL as error:
        raise ProblemError(
            400, "bad-request", "The request target is malformed.", "نشانی درخواست نامعتبر است."
        ) from error
    try:
        response = await client.send(outgoing, stream=True)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
        raise _upstream_problem(503, upstream, "is unavailable", "در دسترس نیست") from error
    except httpx.TimeoutException as error:
        raise _upstream_problem(
            504, upstream, "did not answer in time", "در مهلت مقرر پاسخ نداد"
        ) from error
    except httpx.HTTPError as error:
        raise _upstream_problem(502, upstream, "answered badly", "پاسخ نامعتبر داد") from error
    headers = [
        (k, v)
        for k, v in response.headers.multi_items()
        if k.lower() not in HOP_BY_HOP | {"content-length"}
    ]
    return StreamingResponse(
        response.aiter_raw(),
        status_code=response.status_code,
        headers=dict(headers),
        background=BackgroundTask(response.aclose),
    )


def _target(request: Request) -> str:
    """The path and query exactly as the client sent them (still percent-encoded): decoding
    and re-encoding could turn `%2F` into a path separator or fail on control characters."""
    raw_path: bytes = request.scope.get("raw_path") or request.url.path.encode()
    query: bytes = request.scope.get("query_string", b"")
    return (raw_path + (b"?" + query if query else b"")).decode("latin-1")


def _has_body(request: Request) -> bool:
    # A body-less request sent as a stream would go out chunked: extra writes and latency.
    headers = request.headers
    return "transfer-encoding" in headers or headers.get("content-length", "0") != "0"


def _upstream_problem(status: int, upstream: str, en: str, fa: str) -> ProblemError:
    return ProblemError(
        status,
        "upstream-unavailable",
        f"The {upstream} service {en}; please retry shortly.",
        f"سرویس {upstream} {fa}؛ لطفاً کمی بعد دوباره تلاش کنید.",
        headers={"Retry-After": "2"} if status == 503 else {},
    )
