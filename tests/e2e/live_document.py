"""The merged OpenAPI document as the embedded default serves it, fetched once per run for
the tests that read it (each gets its own copy to change)."""

import json
from pathlib import Path
from typing import Any

import httpx

from panjereh_embedded.app import create_app
from tests.support import LifespanManager

_SERVED: list[str] = []


async def live_document(data_dir: Path) -> dict[str, Any]:
    if not _SERVED:
        async with LifespanManager(create_app(data_dir), startup_timeout=120) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as c:
                _SERVED.append((await c.get("/openapi.json")).text)
    document: dict[str, Any] = json.loads(_SERVED[0])
    return document
