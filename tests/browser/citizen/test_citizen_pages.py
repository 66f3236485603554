"""Issue 17, Must show 5: the citizen's "my data" view on /track in headless Chromium at a
phone's 390x844, in Persian and in English, through the embedded window's gateway: the
one-time-code login (the code read from the sandbox SMS), my applications at every agency,
my access history with the direct inquiry flagged `no-open-application` in plain words, a
dispute (submitted, its state shown, kept after a reload), and an ended session back at the
login with a clear message. axe-core at every step; a screenshot of each in test-output/."""

import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.citizen.harness import Site, accessible, open_page, shot, sign_in

pytestmark = pytest.mark.asyncio(loop_scope="module")
PAGE = 5  # entries per page of the access log, so that it takes several
WORDS = {
    "fa": {
        "flag": "بدون درخواست باز",
        "explain": "این دستگاه زمانی داده‌ی شما را استعلام کرد که شما "
        "هیچ درخواست بازی نزد آن نداشتید.",
        "open": "ثبت‌شده، در انتظار بررسی",
        "expired": "نشست شما به پایان رسید؛ لطفاً دوباره وارد شوید.",
        "signed_out": "از حساب خود خارج شدید.",
        "direct": "استعلام مستقیم دستگاه",
    },
    "en": {
        "flag": "No open application",
        "explain": "This agency fetched your data while you had no open application with it.",
        "open": "Submitted, awaiting review",
        "expired": "Your session has ended; please sign in again.",
        "signed_out": "You have signed out.",
        "direct": "Fetched directly by the agency",
    },
}


@pytest.mark.parametrize("lang", ["fa", "en"])
async def test_sign_in_see_my_data_and_dispute_a_fetch(page: Any, site: Site, lang: str) -> None:
    await page.route(re.compile(r"/v1/citizen/access-log(\?.*)?$"), _pages_of(PAGE))
    await open_page(page, site, lang)
    assert await page.get_attribute("html", "dir") == ("rtl" if lang == "fa" else "ltr")
    await sign_in(page, site, lang)
    await _every_page(page, site)
    await _my_data(page, site, lang)
    entry_id = await _dispute(page, site, lang)
    await _kept_in_the_tab_only(page, lang, entry_id)
    await _signed_out(page, lang)
    await _ended(page, lang)


def _pages_of(limit: int) -> Any:
    """Pages of `limit` entries from the real service: "more" is then needed to see all."""

    async def handle(route: Any) -> None:
        url = route.request.url
        await route.continue_(url=f"{url}{'&' if '?' in url else '?'}limit={limit}")

    return handle


async def _every_page(page: Any, site: Site) -> None:
    """The access log's first page, then "more" until the last: every entry of mine."""
    everything = await site.client.get(
        "/v1/citizen/access-log", params={"limit": 500}, headers=await _bearer(page)
    )
    total = len(everything.json()["items"])
    assert total > PAGE, total
    entries = page.locator("#access-log > li.card")
    await expect(entries).to_have_count(PAGE)
    while await page.locator("#more-access").is_visible():
        shown = await entries.count()
        await page.click("#more-access")
        await expect(entries).to_have_count(min(shown + PAGE, total))
        await expect(entries.nth(shown).locator("button")).to_be_focused()
    await expect(entries).to_have_count(total)


def _direct(site: Site) -> str:
    """The direct inquiry's entry, flagged and not yet disputed (newest first)."""
    agency = site.services[0]["agency_id"]
    return (
        f"#access-log li.card[data-agency='{agency}'][data-path=direct]"
        ":has([data-flag=no-open-application]):has([data-dispute-for])"
    )


async def _my_data(page: Any, site: Site, lang: str) -> None:
    cards = page.locator("#applications li.card")
    await expect(cards.first).to_be_visible()
    mine = await site.client.get("/v1/citizen/applications", headers=await _bearer(page))
    expected = {a["tracking_code"] for a in mine.json()["items"]}
    await expect(cards).to_have_count(len(expected))
    shown = {await c.get_attribute("data-tracking") for c in await cards.all()}
    agencies = {await c.get_attribute("data-agency") for c in await cards.all()}
    assert shown == expected and len(agencies) >= 2, (shown, agencies)
    # The applications' own fetches are there too, unflagged, beside the direct one.
    await expect(page.locator("#access-log li.card[data-path=application]").first).to_be_visible()
    flagged = page.locator(_direct(site)).first
    await expect(flagged).to_be_visible()
    badge = flagged.locator("[data-flag=no-open-application]")
    await expect(badge.locator("strong")).to_have_text(WORDS[lang]["flag"])
    await expect(badge.locator(".explain")).to_have_text(WORDS[lang]["explain"])
    await expect(flagged).to_contain_text(WORDS[lang]["direct"])
    await expect(flagged.locator("time .iso")).to_have_text(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    await shot(page, "my-data", lang)
    await accessible(page, "my data")


async def _dispute(page: Any, site: Site, lang: str) -> str:
    entry = page.locator(_direct(site)).first
    entry_id = str(await entry.get_attribute("data-entry"))
    await entry.locator("[data-dispute-for]").click()
    dialog = page.locator("#dispute-dialog")
    await expect(dialog).to_be_visible()
    await expect(page.locator("#dispute-reason")).to_be_focused()
    reason = {"fa": "درخواستی نزد این دستگاه نداشتم.", "en": "I had no application there."}
    await page.fill("#dispute-reason", reason[lang])
    await shot(page, "dispute", lang, full_page=False)
    await accessible(page, "dispute dialog")
    await page.click("#dispute-form button[type=submit]")
    await expect(dialog).to_be_hidden()
    state = page.locator(f"#access-log li[data-entry='{entry_id}'] .dispute-state")
    await expect(state).to_have_attribute("data-dispute", "open")
    await expect(state).to_contain_text(WORDS[lang]["open"])
    await shot(page, "disputed", lang)
    await accessible(page, "disputed")
    # The legal-basis office reads it (API.md, Citizens: disputes).
    listed = await site.client.get("/v1/oversight/disputes", headers=await site.office())
    assert entry_id in {d["entry_id"] for d in listed.json()["items"]}, listed.text
    return entry_id


async def _kept_in_the_tab_only(page: Any, lang: str, entry_id: str) -> None:
    """A reload keeps the session (sessionStorage) and reads the dispute back from the
    server; the token is in no URL and not in localStorage."""
    await page.reload()
    if lang == "en":
        await page.click("#lang")
    await expect(page.locator("#mine")).to_be_visible()
    await expect(page.locator("#access-log > li.card").first).to_be_visible()
    state = page.locator(f"#access-log li[data-entry='{entry_id}'] .dispute-state")
    entries = page.locator("#access-log > li.card")
    while not await state.is_visible() and await page.locator("#more-access").is_visible():
        shown = await entries.count()  # the entry may be past the first page by now
        await page.click("#more-access")
        await expect(entries).not_to_have_count(shown)
    await expect(state).to_have_attribute("data-dispute", "open")
    token = await page.evaluate("JSON.parse(sessionStorage.getItem('panjereh.citizen')).token")
    assert token and token not in page.url
    assert await page.evaluate("localStorage.length") == 0


async def _bearer(page: Any) -> dict[str, str]:
    token = await page.evaluate("JSON.parse(sessionStorage.getItem('panjereh.citizen')).token")
    return {"Authorization": f"Bearer {token}"}


async def _signed_out(page: Any, lang: str) -> None:
    await page.click("#sign-out")
    await expect(page.locator("#citizen-message")).to_have_text(WORDS[lang]["signed_out"])
    await expect(page.locator("#login-title")).to_be_focused()
    assert await page.evaluate("sessionStorage.getItem('panjereh.citizen')") is None


async def _ended(page: Any, lang: str) -> None:
    """A token past its expiry (the page's own clock), then one the server no longer takes
    (a 401): each lands on the login, said plainly, and the token is forgotten."""
    await page.evaluate(
        "sessionStorage.setItem('panjereh.citizen', JSON.stringify("
        "{token: 'a.stale.token', expires_at: Date.now() - 1000}))"
    )
    await page.reload()
    if lang == "en":
        await page.click("#lang")
    await expect(page.locator("#citizen-message")).to_have_text(WORDS[lang]["expired"])
    assert await page.evaluate("sessionStorage.getItem('panjereh.citizen')") is None
    await page.evaluate(
        "sessionStorage.setItem('panjereh.citizen', JSON.stringify("
        "{token: 'expired.token.value', expires_at: Date.now() + 60000}))"
    )
    await page.reload()
    if lang == "en":
        await page.click("#lang")
    await expect(page.locator("#citizen-message")).to_have_text(WORDS[lang]["expired"])
    await expect(page.locator("#otp-form")).to_be_visible()
    await expect(page.locator("#mine")).to_be_hidden()
    assert await page.evaluate("sessionStorage.getItem('panjereh.citizen')") is None
    await shot(page, "expired", lang)
    await accessible(page, "expired")
