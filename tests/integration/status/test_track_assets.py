"""The /track page's files: each module of the citizen view served from the package with
its type, and nothing else: a name not listed, or a path out of the static folder, is 404."""

from pathlib import Path

import pytest

from panjereh.bus.memory import InMemoryBus
from tests.integration.status.conftest import status_service

pytestmark = pytest.mark.asyncio
MODULES = ["main", "i18n", "api", "login", "mine", "dispute", "detail"]


async def test_every_module_and_stylesheet_is_served_with_its_type(tmp_path: Path) -> None:
    bus = InMemoryBus()
    await bus.start()
    async with status_service(f"sqlite+aiosqlite:///{tmp_path}/status.db", bus) as client:
        page = await client.get("/track")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert '<script type="module" src="/track/citizen/main.js">' in page.text
        for name in MODULES:
            module = await client.get(f"/track/citizen/{name}.js")
            assert module.status_code == 200, name
            assert module.headers["content-type"] == "text/javascript; charset=utf-8"
        for name in ("track.css", "citizen.css", "track.js"):
            assert (await client.get(f"/track/{name}")).status_code == 200, name
    await bus.stop()


@pytest.mark.parametrize(
    "path",
    [
        "/track/citizen/unknown.js",
        "/track/track.html",  # the page is /track itself
        "/track/../page.py",
        "/track/%2e%2e/page.py",
        "/track/citizen/..%2f..%2fpage.py",
        "/track/static/track.js",
    ],
)
async def test_anything_else_under_track_is_404(tmp_path: Path, path: str) -> None:
    bus = InMemoryBus()
    await bus.start()
    async with status_service(f"sqlite+aiosqlite:///{tmp_path}/status.db", bus) as client:
        answer = await client.get(path)
        assert answer.status_code == 404, (path, answer.status_code)
        assert answer.headers["content-type"].startswith("application/problem+json")
    await bus.stop()
