"""Must show: the public /track page in headless Chromium (Debian's, driven by Playwright)."""

import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import async_playwright, expect

from panjereh.bus.memory import InMemoryBus
from tests.infra import IN_CI
from tests.integration.status.conftest import NATIONAL_CODE, Story, catalogue_fact, status_service
from tests.support import serve

pytestmark = pytest.mark.asyncio
CHROMIUM = shutil.which("chromium")
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
# The machine's network is closed: no background calls, no first-run work, no sandbox as root.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest_asyncio.fixture
async def page(tmp_path: Any) -> AsyncIterator[Any]:
    if CHROMIUM is None:
        message = "Debian's chromium is not installed (make test installs it)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = await browser.new_context(
            viewport={"width": 390, "height": 844}, locale="fa-IR"
        )  # a phone
        yield await context.new_page()
        await browser.close()


async def test_track_page_shows_the_timeline_in_persian_updates_live_and_speaks_english(
    page: Any, tmp_path: Any
) -> None:
    bus = InMemoryBus()
    await bus.start()
    story = Story()
    story.add(catalogue_fact())
    story.submitted()
    async with status_service(f"sqlite+aiosqlite:///{tmp_path}/status.db", bus) as client:
        await bus.publish_batch(story.messages())
        async with serve(client.service_app, lifespan="off") as url:
            await page.goto(f"{url}/track")
            assert await page.get_attribute("html", "dir") == "rtl"
            persian_code = story.tracking_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
            await page.fill("#tracking", persian_code)  # typed with a Persian keyboard
            await page.fill("#national", NATIONAL_CODE)
            await page.click("button[type=submit]")

            await expect(page.locator("#state")).to_have_text("در حال استعلام مدارک")
            await expect(page.locator("#service")).to_have_text("صدور گذرنامه عادی")
            await expect(page.locator("#timeline li")).to_have_count(2)
            await expect(page.locator("#due")).to_have_text("۱۴۰۵/۰۹/۱۱")

            change = story.moved("collecting_evidence", "approved").envelopes[-1]
            await bus.publish_batch(story.messages([change]))
            await expect(page.locator("#state")).to_have_text("تأیید شد", timeout=5000)
            await expect(page.locator("#timeline li")).to_have_count(3)
            OUTPUT.mkdir(exist_ok=True)
            await page.screenshot(path=str(OUTPUT / "track-fa.png"), full_page=True)

            await page.click("#lang")
            assert await page.get_attribute("html", "dir") == "ltr"
            await expect(page.locator("#state")).to_have_text("Approved")
            await expect(page.locator("#service")).to_have_text("Ordinary passport issuance")
            await page.screenshot(path=str(OUTPUT / "track-en.png"), full_page=True)

            await page.fill("#national", "0499370899")
            await page.click("button[type=submit]")
            await expect(page.locator("#message")).to_have_text(
                "No application matches this tracking code and national code."
            )
