"""HEAD wherever GET works (RFC 9110 §9.3.2), for every route of an app at once.

FastAPI routes a `@get` for GET alone, so HEAD was a 405 everywhere. Here a HEAD runs as the
GET it stands for, and the client gets that GET's status and headers (its Content-Length,
ETag, X-Poll-Interval, RateLimit…) with no body. Once the headers are out the app's `receive`
says the client has gone, so a stream (Server-Sent Events) or a long-poll ends there instead
of producing a body no one reads; whatever body the app still sends is dropped.
"""

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_GONE: Message = {"type": "http.disconnect"}


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        answered = asyncio.Event()

        async def headers_only(message: Message) -> None:
            if answered.is_set():
                return  # the GET's body (or what is left of it): not for a HEAD
            if message["type"] == "http.response.start":
                await send(message)
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                answered.set()

        async def until_answered() -> Message:
            return await _receive_until(receive, answered)

        await self.app({**scope, "method": "GET"}, until_answered, headers_only)


async def _receive_until(receive: Receive, answered: asyncio.Event) -> Message:
    """The client's next message, or a disconnect once the headers have been sent."""
    if answered.is_set():
        return _GONE
    message = asyncio.ensure_future(receive())
    done = asyncio.ensure_future(answered.wait())
    try:
        await asyncio.wait({message, done}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        done.cancel()
        if not message.done():
            message.cancel()
    return message.result() if message.done() and not message.cancelled() else _GONE
