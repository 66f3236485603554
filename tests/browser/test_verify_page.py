"""/verify in headless Chromium at a phone's viewport (issue 17): a real dossier from its
link verifies in the browser (WebCrypto against the same origin's JWKS) and shows the
decision, service, dates in Jalali beside ISO and the evidence digests, in Persian and in
English; the QR code's short link verifies the same; a dossier with one changed byte, or one
under a key never published, shows the clear "not valid" state. Screenshots in test-output/."""

import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import async_playwright, expect

from panjereh import auth, dossier, keyring
from panjereh_embedded.app import create_app
from tests.browser.test_track_page import FLAGS
from tests.e2e import dossier_support as support
from tests.infra import IN_CI
from tests.support import serve

pytestmark = pytest.mark.asyncio
CHROMIUM = shutil.which("chromium")
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"


@pytest_asyncio.fixture
async def page() -> AsyncIterator[Any]:
    if CHROMIUM is None:
        message = "Debian's chromium is not installed (make test installs it)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = await browser.new_context(viewport={"width": 390, "height": 844}, locale="fa-IR")
        yield await context.new_page()
        await browser.close()


async def _verdict(page: Any, url: str, expected: str) -> None:
    await page.goto("about:blank")  # a fresh page: a new fragment alone would not reload
    await page.goto(url)
    await expect(page.locator("body")).to_have_attribute("data-verdict", expected, timeout=20_000)


async def test_the_verify_page_checks_a_dossier_in_the_browser(page: Any, tmp_path: Path) -> None:
    key = auth.new_signing_key()
    OUTPUT.mkdir(exist_ok=True)
    async with serve(create_app(tmp_path / "data", key=key)) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            police = await support.agency(client, "passport-police-backend")
            app = await support.decided(client, police)
            held = (
                await client.get(
                    f"/v1/citizen/applications/{app['id']}/dossier",
                    headers=support.citizen(key, support.COMPLETE),
                )
            ).json()
        jws = held["dossier"]
        claims = support.claims(jws)

        await _verdict(page, f"{url}/verify#{jws}", "valid")
        assert await page.get_attribute("html", "dir") == "rtl"
        await expect(page.locator("#verdict")).to_have_text("پروندهٔ تصمیم معتبر است")
        await expect(page.locator("#outcome")).to_have_text("پذیرفته شد")
        await expect(page.locator("#tracking")).to_have_text(app["tracking_code"])
        await expect(page.locator("#service")).to_contain_text("صدور گذرنامه")
        decided_at = page.locator("#decided-at")
        await expect(decided_at).to_contain_text(claims["decided_at"])  # ISO
        await expect(decided_at).to_contain_text("۱۴۰۵")  # beside the Jalali year
        evidence = page.locator("#evidence li")
        await expect(evidence).to_have_count(len(claims["evidence"]))
        await expect(evidence.first).to_contain_text(claims["evidence"][0]["digest"])
        await page.screenshot(path=str(OUTPUT / "verify-valid-fa.png"), full_page=True)

        await page.click("#lang")
        assert await page.get_attribute("html", "dir") == "ltr"
        await expect(page.locator("#verdict")).to_have_text("The decision dossier is valid")
        await expect(page.locator("#outcome")).to_have_text("Approved")
        await expect(page.locator("#service")).to_contain_text("passport")
        await page.screenshot(path=str(OUTPUT / "verify-valid-en.png"), full_page=True)

        short = held["short_verification_url"].split("#", 1)[1]  # the QR code's link
        await _verdict(page, f"{url}/verify#{short}", "valid")
        await expect(page.locator("#tracking")).to_have_text(app["tracking_code"])

        header, signed, signature = jws.split(".")
        flipped = signed[:40] + ("A" if signed[40] != "A" else "B") + signed[41:]
        await _verdict(page, f"{url}/verify#{header}.{flipped}.{signature}", "invalid")
        await expect(page.locator("#verdict")).to_have_text("پروندهٔ تصمیم معتبر نیست")
        await expect(page.locator("#details")).to_be_hidden()
        await page.screenshot(path=str(OUTPUT / "verify-tampered-fa.png"), full_page=True)

        stranger = keyring.ring(auth.new_signing_key(), prefix=dossier.KID_PREFIX)
        forged = stranger.sign_jws({**claims, "kid": stranger.kid}, typ=dossier.TYPE)
        await _verdict(page, f"{url}/verify?lang=en#{forged}", "invalid")
        await expect(page.locator("#why")).to_have_text(
            "It was signed with a key Panjereh never published."
        )
        await page.screenshot(path=str(OUTPUT / "verify-unknown-key-en.png"), full_page=True)

        await _verdict(page, f"{url}/verify", "none")
        await expect(page.locator("#paste-box")).to_be_visible()
        await page.fill("#jws", f"https://elsewhere.example/verify#{jws}")
        await page.click("#paste button[type=submit]")
        await expect(page.locator("body")).to_have_attribute("data-verdict", "valid")
