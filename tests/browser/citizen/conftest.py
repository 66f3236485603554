"""The citizen pages' fixtures: one embedded window per test module (served over loopback,
seeded by the harness), one Chromium per module, a phone-sized page per test whose script
errors and CSP refusals fail the test."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import async_playwright

from panjereh_embedded.app import create_app
from tests.browser.citizen.harness import PHONE, Site, open_site
from tests.browser.test_track_page import CHROMIUM, FLAGS
from tests.infra import IN_CI
from tests.support import serve


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def site(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Site]:
    async with serve(create_app(tmp_path_factory.mktemp("window") / "data")) as url:
        async for opened in open_site(url):
            yield opened


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Any]:
    if CHROMIUM is None:
        message = "Debian's chromium is not installed (make test installs it)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        await launched.close()


@pytest_asyncio.fixture(loop_scope="module")
async def page(browser: Any) -> AsyncIterator[Any]:
    context = await browser.new_context(viewport=PHONE, locale="fa-IR")
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if _refused(m) else None)
    yield page
    await context.close()
    assert not errors, errors


def _refused(message: Any) -> bool:
    """A CSP refusal or a script error; not a 4xx the page was built to answer (an ended
    session's 401 is Chromium's "Failed to load resource")."""
    return bool(message.type == "error" and not message.text.startswith("Failed to load"))
