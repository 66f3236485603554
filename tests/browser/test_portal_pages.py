"""The developer portal's own pages in headless Chromium (issue 18): Persian right to left and
English, under the gateway's Content-Security-Policy with no console error, and no serious or
critical WCAG 2.1 AA violation (axe-core, tests/browser/axe_check.py)."""

from pathlib import Path
from typing import Any

import pytest

from panjereh_embedded.app import create_app
from tests.browser import axe_check
from tests.browser.test_docs_portal import _listening
from tests.browser.test_track_page import OUTPUT, page  # noqa: F401 — the browser fixture
from tests.support import serve

pytestmark = pytest.mark.asyncio
PAGES = ["/portal", "/portal/rules", "/portal/versioning", "/portal/changelog",
         "/problems", "/problems/no-legal-basis/pending"]  # fmt: skip


async def test_the_portal_pages_render_without_errors_and_pass_axe(
    page: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    problems = _listening(page)
    await page.set_viewport_size({"width": 390, "height": 844})
    async with serve(create_app(tmp_path / "data")) as url:
        for path in PAGES:
            for lang, query, direction in (("fa", "", "rtl"), ("en", "?lang=en", "ltr")):
                answer = await page.goto(f"{url}{path}{query}")
                assert answer.status == 200, path
                assert await page.get_attribute("html", "dir") == direction
                brand = "getComputedStyle(document.querySelector('header')).backgroundColor"
                assert await page.evaluate(brand) == "rgb(11, 110, 79)"  # the stylesheet loaded
                await axe_check.assert_accessible(page, f"{path} ({lang})")
        OUTPUT.mkdir(exist_ok=True)
        await page.goto(f"{url}/portal/rules")
        await page.screenshot(path=str(OUTPUT / "portal-rules-fa.png"), full_page=False)
    assert not problems, problems
