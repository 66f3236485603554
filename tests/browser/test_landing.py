"""The landing page in headless Chromium on a phone (issue 18): Persian right to left under
the gateway's own Content-Security-Policy with no console error, the promise and a card per
page in one column that fits the screen, the switch to English, and its links followed to
pages that answer."""

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from panjereh_embedded.app import create_app
from tests.browser.test_docs_portal import _listening
from tests.browser.test_track_page import OUTPUT, page  # noqa: F401 — the browser fixture
from tests.support import serve

pytestmark = pytest.mark.asyncio
CARDS = ["to-track", "to-verify", "to-docs", "to-dashboard"]


async def _fits_the_screen(page: Any) -> None:  # noqa: F811
    """One card under another, none wider than the phone, no sideways scrolling."""
    boxes = [await page.locator(f"#{card}").bounding_box() for card in CARDS]
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= 390 for box in boxes), boxes
    assert [box["y"] for box in boxes] == sorted(box["y"] for box in boxes)
    assert len({round(box["x"]) for box in boxes}) == 1  # one column
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390


async def test_the_landing_page_on_a_phone_in_persian_then_english(
    page: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    problems = _listening(page)
    async with serve(create_app(tmp_path / "data")) as url:
        answer = await page.goto(f"{url}/")
        assert answer.status == 200
        assert await page.get_attribute("html", "dir") == "rtl"
        assert await page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        await expect(page.locator("h1")).to_have_text("پنجره ملی خدمات هوشمند دولت")
        await expect(page.locator(".promise")).to_contain_text("مجوز قانونی")
        header = "getComputedStyle(document.querySelector('header')).backgroundColor"
        assert await page.evaluate(header) == "rgb(11, 110, 79)"  # the stylesheet loaded
        await _fits_the_screen(page)
        # Right to left: each card's accent border on its right, where Persian starts.
        border = "getComputedStyle(document.querySelector('.card')).borderRightWidth"
        assert await page.evaluate(border) == "4px"
        OUTPUT.mkdir(exist_ok=True)
        await page.screenshot(path=str(OUTPUT / "landing-fa.png"), full_page=True)

        await page.click("#toggle")
        await page.wait_for_url("**/?lang=en")
        assert await page.get_attribute("html", "dir") == "ltr"
        await expect(page.locator(".promise")).to_contain_text("did not grant itself")
        await _fits_the_screen(page)
        await page.screenshot(path=str(OUTPUT / "landing-en.png"), full_page=True)
        assert not problems, problems  # the other pages' own requests are theirs

        await page.click("#to-dashboard a")
        await page.wait_for_url("**/dashboard?lang=en")
        assert await page.get_attribute("html", "lang") == "en"
        await page.go_back()
        await page.click("#to-track a")
        await page.wait_for_url("**/track")
        await expect(page.locator("#lookup")).to_be_visible()
