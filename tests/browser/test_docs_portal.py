"""The developer portal in headless Chromium (issue 18): /docs renders under the gateway's own
Content-Security-Policy with no console error, lists every operation of the merged document,
and "Try it out" on the token endpoint gets a token."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import expect

from panjereh_embedded.app import create_app
from tests.browser.test_track_page import OUTPUT, page  # noqa: F401 — the browser fixture
from tests.support import serve

pytestmark = pytest.mark.asyncio
CLIENT_ID, CLIENT_SECRET = "passport-police-backend", "demo-passport-police-secret"


@pytest_asyncio.fixture
async def window(tmp_path: Path) -> AsyncIterator[str]:
    async with serve(create_app(tmp_path / "data")) as url:
        yield url


def _listening(page: Any) -> list[str]:  # noqa: F811
    """Every console error and uncaught exception of `page` from now on (CSP refusals are
    console errors)."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


async def _operations(window: str) -> set[tuple[str, str]]:
    async with httpx.AsyncClient(base_url=window) as client:
        document = (await client.get("/openapi.json")).json()
    return {(method.upper(), path) for path, item in document["paths"].items() for method in item}


async def _listed(page: Any) -> set[tuple[str, str]]:  # noqa: F811
    """(method, path) of every operation block the page shows (one under each of its tags)."""
    blocks = page.locator(".opblock .opblock-summary")
    methods = await blocks.locator(".opblock-summary-method").all_inner_texts()
    paths = await blocks.locator(".opblock-summary-path").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('data-path'))"
    )
    return set(zip(methods, paths, strict=True))


async def test_swagger_ui_lists_every_operation_and_tries_the_token_endpoint(
    page: Any,  # noqa: F811
    window: str,
) -> None:
    problems = _listening(page)
    await page.set_viewport_size({"width": 1280, "height": 900})
    await page.goto(f"{window}/docs")
    await expect(page.locator(".opblock").first).to_be_visible(timeout=30000)
    assert await _listed(page) == await _operations(window)

    token = page.locator(".opblock-post", has_text="/v1/oauth/token").first
    await token.locator(".opblock-summary").click()
    await token.get_by_role("button", name="Try it out").click()
    await token.locator("input[placeholder='client_id']").fill(CLIENT_ID)
    await token.locator("input[placeholder='client_secret']").fill(CLIENT_SECRET)
    await token.locator("input[placeholder='grant_type']").fill("client_credentials")
    await token.locator("input[placeholder='scope']").fill("")  # all the client's scopes
    await token.get_by_role("button", name="Execute").click()
    answer = token.locator(".live-responses-table .response .response-col_status").first
    await expect(answer).to_have_text("200", timeout=30000)
    await expect(token.locator(".live-responses-table .microlight").first).to_contain_text(
        "access_token"
    )
    OUTPUT.mkdir(exist_ok=True)
    await page.screenshot(path=str(OUTPUT / "docs-try-token.png"), full_page=False)
    assert not problems, problems


async def test_redoc_leads_to_the_portal(window: str) -> None:
    async with httpx.AsyncClient(base_url=window) as client:
        answer = await client.get("/redoc")
    assert answer.status_code == 308 and answer.headers["location"] == "/docs"


async def test_the_pages_hold_no_inline_script_and_no_cdn(window: str) -> None:
    async with httpx.AsyncClient(base_url=window) as client:
        page_html = (await client.get("/docs")).text
        assert "<script>" not in page_html, "an inline script the CSP would block"
        assert "cdn" not in page_html.lower() and "https://" not in page_html
        asset = await client.get("/docs/assets/swagger-ui-bundle.js")
        assert asset.status_code == 200 and len(asset.content) > 100_000
