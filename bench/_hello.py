"""A bare uvicorn hello-world returning JSON of the same size class: the yardstick."""

import json

BODY = json.dumps({"status": "ok", "message": "hello", "padding": "x" * 600}).encode()


async def app(scope, receive, send):  # type: ignore[no-untyped-def]
    if scope["type"] != "http":
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": BODY})
