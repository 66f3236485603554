"""Issue 17, Must show 6: every page the project serves passes axe-core (WCAG 2.1 A and AA) in
headless Chromium through the embedded gateway, in each of its languages, with no violation of
impact serious or critical (tests/browser/axe_check.py). The citizen's "my data" views, behind
the one-time-code login, are checked at each step of their own tests
(tests/browser/citizen/, with the same check).

A page joins the test by one line in VIEWS: its path, a selector that is visible once it has
rendered, how English is reached (a query string, a control to click, or None for a page in one
language), and optionally what the visitor does first (`steps`, given the page and the Site)."""

import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import async_playwright, expect

from panjereh_embedded import workload
from panjereh_embedded.app import create_app
from tests.browser import axe_check
from tests.browser.test_docs_portal import CLIENT_ID, CLIENT_SECRET
from tests.browser.test_track_page import CHROMIUM, FLAGS
from tests.infra import IN_CI
from tests.support import serve

pytestmark = pytest.mark.asyncio(loop_scope="module")
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


@dataclasses.dataclass(frozen=True)
class Site:
    """The embedded window, served over loopback, with one application submitted."""

    url: str
    tracking_code: str
    national_code: str


Steps = Callable[[Any, Site], Awaitable[None]]


@dataclasses.dataclass(frozen=True)
class View:
    name: str
    path: str
    ready: str = "main"
    # "?lang=en" style: appended to the path; "#id" style: a control to click once rendered.
    english: str | None = "?lang=en"
    steps: Steps | None = None


async def _look_up(page: Any, site: Site) -> None:
    await page.fill("#tracking", site.tracking_code)
    await page.fill("#national", site.national_code)
    await page.click("button[type=submit]")
    await expect(page.locator("#timeline li").first).to_be_visible(timeout=30000)


async def _try_the_token_endpoint(page: Any, site: Site) -> None:
    """The portal as an integrator uses it: the token operation open, tried, answered."""
    token = page.locator(".opblock-post", has_text="/v1/oauth/token").first
    await token.locator(".opblock-summary").click()
    await token.get_by_role("button", name="Try it out").click()
    await token.locator("input[placeholder='client_id']").fill(CLIENT_ID)
    await token.locator("input[placeholder='client_secret']").fill(CLIENT_SECRET)
    await token.locator("input[placeholder='grant_type']").fill("client_credentials")
    await token.get_by_role("button", name="Execute").click()
    answer = token.locator(".live-responses-table .response .response-col_status").first
    await expect(answer).to_be_visible(timeout=30000)


async def _a_verified_dossier(page: Any, site: Site) -> None:
    """/verify showing a real dossier (an approved application's, from the workload)."""
    token = await page.request.post(
        site.url + "/v1/oauth/token",
        form={"grant_type": "client_credentials", "client_id": CLIENT_ID,
              "client_secret": CLIENT_SECRET},
    )  # fmt: skip
    headers = {"Authorization": f"Bearer {(await token.json())['access_token']}"}
    listed = await page.request.get(site.url + "/v1/applications?state=approved", headers=headers)
    (first, *_) = (await listed.json())["items"]
    held = await page.request.get(
        site.url + f"/v1/applications/{first['id']}/dossier", headers=headers
    )
    await page.goto(site.url + "/verify#" + (await held.json())["dossier"])
    await expect(page.locator("body")).to_have_attribute("data-verdict", "valid", timeout=30000)


# One line a page (or a state of one): E's citizen views and D's /verify join here.
VIEWS = (
    View("landing", "/"),
    View("track-lookup", "/track", ready="#lookup", english="#lang"),
    View("track-status", "/track", ready="#lookup", english="#lang", steps=_look_up),
    View("track-login", "/track#my-data", ready="#otp-form", english="#lang"),
    View("dashboard", "/dashboard"),
    View("docs", "/docs", ready=".opblock", english=None),
    View("docs-try-token", "/docs", ready=".opblock", english=None, steps=_try_the_token_endpoint),
    View("verify-empty", "/verify", ready="#paste-box"),
    View("verify-valid", "/verify", ready="#status", english="#lang", steps=_a_verified_dossier),
)
CASES = [
    pytest.param(view, lang, id=f"{view.name}-{lang}")
    for view in VIEWS
    for lang in (("fa", "en") if view.english else ("en",))
]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def site(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Site]:
    async with (
        serve(create_app(tmp_path_factory.mktemp("window") / "data")) as url,
        httpx.AsyncClient(base_url=url, timeout=30) as client,
    ):
        yield await _one_application(client, url)


async def _one_application(client: httpx.AsyncClient, url: str) -> Site:
    """One submitted application of a seeded persona (the dashboard's figures come with it)."""
    await workload.run(client, rounds=1, traits=("complete",))
    tokens = await workload._agency_headers(client)
    persona = next(
        p
        for p in (await client.get("/v1/sandbox/personas")).json()["items"]
        if "complete" in p["traits"]
    )
    services = (await client.get("/v1/catalog/services", params={"limit": 500})).json()["items"]
    service = next(s for s in services if s["agency_id"] in tokens and workload._approved(s))
    submitted = await client.post(
        "/v1/applications",
        json={
            "service_id": service["id"],
            "applicant": {"national_code": persona["national_code"], "mobile": persona["mobile"]},
        },
        headers=tokens[service["agency_id"]] | {"Idempotency-Key": "accessibility-1"},
    )
    submitted.raise_for_status()
    return Site(url, submitted.json()["tracking_code"], persona["national_code"])


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Any]:
    if CHROMIUM is None:
        message = "Debian's chromium is not installed (make test installs it)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        await launched.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize(("view", "lang"), CASES)
async def test_the_page_has_no_serious_or_critical_wcag_21_aa_violation(
    browser: Any, site: Site, view: View, lang: str, viewport: dict[str, int]
) -> None:
    context = await browser.new_context(viewport=viewport, locale="fa-IR")
    try:
        page = await context.new_page()
        await _open(page, site, view, lang)
        found = await axe_check.violations(page)
    finally:
        await context.close()
    print(f"axe {view.name}-{lang} {viewport['width']}px: {axe_check.tally(found) or 'none'}")
    blocking = axe_check.blocking(found)
    assert not blocking, axe_check.report(f"{view.name} ({view.path}, {lang})", blocking)


async def _open(page: Any, site: Site, view: View, lang: str) -> None:
    by_query = lang == "en" and view.english is not None and view.english.startswith("?")
    response = await page.goto(site.url + view.path + (view.english if by_query else ""))
    assert response is not None and response.status == 200, f"{view.path}: {response}"
    await expect(page.locator(view.ready).first).to_be_visible(timeout=30000)
    if view.steps is not None:
        await view.steps(page, site)
    if lang == "en" and view.english is not None and not by_query:
        await page.click(view.english)
        await expect(page.locator("html")).to_have_attribute("lang", "en")
