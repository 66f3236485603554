"""Issue 17, Must show 5: the preview step and the dossier's QR code on /track in headless
Chromium at 390x844, in Persian and in English, through the embedded window's gateway. An
application of the seeded preview service waits for its applicant: the page shows what was
fetched (minimised, labelled) and the applicant confirms (the rules then decide) or reports
one record wrong (an officer reviews it). A decided application shows its dossier's QR code,
which, decoded from the page's pixels by zxing-cpp, is the verification link shown beside it."""

import io
import re
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from playwright.async_api import expect

from panjereh_embedded import workload
from tests.browser.citizen.harness import Site, accessible, open_page, shot, sign_in

pytestmark = pytest.mark.asyncio(loop_scope="module")
WORDS = {
    "fa": {
        "confirmed": "تأیید شما ثبت شد؛ رسیدگی ادامه می‌یابد.",
        "objected": "گزارش شما ثبت شد؛ درخواست برای بررسی کارشناس فرستاده شد.",
        "reason": "مدرک کارشناسی ارشد من ثبت نشده است.",
    },
    "en": {
        "confirmed": "Your confirmation was recorded; processing goes ahead.",
        "objected": "Your report was recorded; the application went to an officer for review.",
        "reason": "My master's degree is missing.",
    },
}
WRONG = "education-degree"  # the record the applicant reports wrong


@pytest.mark.parametrize("lang", ["fa", "en"])
async def test_preview_confirm_and_object_then_the_dossier_qr_code(
    page: Any, site: Site, lang: str
) -> None:
    confirming, objecting = await site.awaiting(), await site.awaiting()
    await open_page(page, site, lang)
    await sign_in(page, site, lang)
    await _preview(page, site, lang, confirming)
    await _confirm(page, site, lang, confirming)
    await _preview(page, site, lang, objecting)
    await _object(page, site, lang, objecting)
    await _dossier_qr(page, lang)


async def _preview(page: Any, site: Site, lang: str, application_id: str) -> None:
    """The fetched records, one card each, only their shareable fields, labelled."""
    assert site.preview is not None
    await page.click(f"#applications [data-preview='{application_id}']")
    await expect(page.locator("#detail-title")).to_be_focused()
    cards = page.locator("#evidence article.evidence")
    await expect(cards).to_have_count(len(site.preview["required_evidence"]))
    shown = {await c.get_attribute("data-evidence") for c in await cards.all()}
    assert shown == set(site.preview["required_evidence"])
    await expect(page.locator("#evidence [data-field]").first).to_be_visible()
    await expect(page.locator("#preview-until time")).to_have_count(1)
    agency_view = await site.state_of(site.preview, application_id)
    assert agency_view["state"] == "awaiting_applicant"


async def _confirm(page: Any, site: Site, lang: str, application_id: str) -> None:
    await shot(page, "preview", lang, part="#detail")
    await accessible(page, "preview")
    await page.click("#confirm")
    await expect(page.locator("#detail-message")).to_have_text(WORDS[lang]["confirmed"])
    await expect(page.locator("#preview")).to_be_hidden()
    assert site.preview is not None
    # Confirmed, the rules decide: the seeded persona satisfies them.
    decided = await site.reaches(site.preview, application_id, workload.TERMINAL)
    assert decided == "approved"
    await shot(page, "confirmed", lang, part="#detail")
    await accessible(page, "confirmed")


async def _object(page: Any, site: Site, lang: str, application_id: str) -> None:
    await page.click("#object")
    await expect(page.locator("#object-form")).to_be_visible()
    await expect(page.locator("#object-type")).to_be_focused()
    await page.select_option("#object-type", WRONG)
    await page.fill("#object-reason", WORDS[lang]["reason"])
    await shot(page, "object", lang, part="#detail")
    await accessible(page, "object")
    await page.click("#object-form button[type=submit]")
    await expect(page.locator("#detail-message")).to_have_text(WORDS[lang]["objected"])
    assert site.preview is not None
    await site.reaches(site.preview, application_id, {"needs_review"})
    preview = (await site.state_of(site.preview, application_id))["preview"]
    assert preview["answer"] == "objected", preview
    assert preview["objection"]["evidence_type"] == WRONG
    assert preview["objection"]["reason"] == WORDS[lang]["reason"]
    await shot(page, "objected", lang, part="#detail")


async def _dossier_qr(page: Any, lang: str) -> None:
    """The QR code as the phone shows it, read back by a QR library: the link beside it."""
    await page.locator("#applications [data-dossier]").first.click()
    await expect(page.locator("#dossier")).to_be_visible()
    qr = page.locator("#qr")
    await expect(qr).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    await expect(qr).to_have_js_property("complete", True)
    pixels = Image.open(io.BytesIO(await qr.screenshot()))
    decoded = [barcode.text for barcode in zxingcpp.read_barcodes(pixels)]
    link = await page.get_attribute("#verify-link", "href")
    assert decoded == [link], (decoded, link)
    assert link and "/verify" in link
    await expect(page.locator("#verify-link")).to_have_text(link)
    await shot(page, "dossier", lang, part="#detail")
    await accessible(page, "dossier")
