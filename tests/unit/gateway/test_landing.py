"""The landing page at `/` (issue 18): Persian first, English by ?lang=en, linking every page
of the project; HEAD answered; nothing inline for the Content-Security-Policy, nothing from
another origin; a bad language a clear 422 and other methods still the gateway's 404."""

from collections.abc import AsyncIterator
from html.parser import HTMLParser

import httpx
import pytest
import pytest_asyncio

from gateway.main import create_app
from gateway.settings import GatewaySettings
from tests.support import LifespanManager

pytestmark = pytest.mark.asyncio
PAGES = {"/track", "/verify", "/docs", "/dashboard"}


class Page(HTMLParser):
    """What the checks need of a page: its root's attributes, links, scripts and styles."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.root: dict[str, str | None] = {}
        self.links: dict[str, str | None] = {}
        self.sheets: list[str | None] = []
        self.inline: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.root = attributes
        if tag == "a":
            self.links[str(attributes["href"])] = attributes.get("hreflang")
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.sheets.append(attributes.get("href"))
        if (
            tag in ("script", "style")
            or "style" in attributes
            or any(name.startswith("on") for name in attributes)
        ):
            self.inline.append(tag)


@pytest_asyncio.fixture
async def gateway() -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(create_app(GatewaySettings())) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            yield client


async def test_the_root_is_persian_right_to_left_and_links_every_page(
    gateway: httpx.AsyncClient,
) -> None:
    answer = await gateway.get("/")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    page = Page(answer.text)
    assert page.root == {"lang": "fa", "dir": "rtl"}
    assert "پنجره ملی خدمات هوشمند دولت" in answer.text
    assert "مجوز قانونی" in answer.text and "اعتراض" in answer.text  # the promise
    assert set(page.links) >= PAGES
    assert page.links["/docs"] == "en"  # the portal is in English: said to the browser
    assert page.links["/?lang=en"] == "en"  # the language switch


async def test_english_by_query_with_the_dashboard_in_english_too(
    gateway: httpx.AsyncClient,
) -> None:
    answer = await gateway.get("/", params={"lang": "en"})
    page = Page(answer.text)
    assert page.root == {"lang": "en", "dir": "ltr"}
    assert "legal basis it did not grant itself" in answer.text
    assert "dispute" in answer.text
    assert {"/track", "/verify", "/docs", "/dashboard?lang=en", "/"} <= set(page.links)
    assert page.links["/docs"] is None  # same language as the page


@pytest.mark.parametrize("lang", ["fa", "en"])
async def test_nothing_inline_and_nothing_from_another_origin(
    gateway: httpx.AsyncClient, lang: str
) -> None:
    answer = await gateway.get("/", params={"lang": lang})
    page = Page(answer.text)
    assert page.inline == [], "an inline script or style the CSP would block"
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert "//" not in " ".join([*page.links, *map(str, page.sheets)])
    (sheet,) = page.sheets
    css = await gateway.get(str(sheet))
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "@media" in css.text  # the phone layout


async def test_head_answers_the_headers_without_the_body(gateway: httpx.AsyncClient) -> None:
    got, head = await gateway.get("/"), await gateway.head("/")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == got.headers["content-length"]


async def test_an_unknown_language_is_a_clear_422(gateway: httpx.AsyncClient) -> None:
    answer = await gateway.get("/", params={"lang": "de"})
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(("method", "path"), [("POST", "/"), ("GET", "/static/none.css")])
async def test_what_the_page_does_not_own_stays_a_404_problem(
    gateway: httpx.AsyncClient, method: str, path: str
) -> None:
    answer = await gateway.request(method, path)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")
