"""Must show 5 (compliance): /dashboard through the gateway in headless Chromium, RTL Persian."""

from pathlib import Path
from typing import Any

import pytest

from panjereh_embedded import workload
from panjereh_embedded.app import create_app
from tests.browser.test_track_page import OUTPUT, page  # noqa: F401 — the browser fixture
from tests.support import eventually, serve

pytestmark = pytest.mark.asyncio
ACCENT = "rgb(11, 110, 79)"  # the header's colour in dashboard.css: the stylesheet loaded


async def test_dashboard_renders_persian_right_to_left_with_a_chart_per_agency(
    page: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    import httpx

    async with serve(create_app(tmp_path / "data")) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            await workload.run(client, rounds=1, traits=("complete",))
            ops = next(
                c
                for c in (await client.get("/v1/sandbox/clients")).json()["items"]
                if "compliance:read" in c["scopes"]
            )
            headers = await workload._token(client, ops)
            catalogue = await client.get("/v1/catalog/services", params={"limit": 500})
            # The workload leaves the preview service no traffic (its applicant must answer).
            previews = {s["id"] for s in catalogue.json()["items"] if s.get("preview")}

            async def judged() -> bool:
                page = await client.get("/v1/compliance/services", headers=headers)
                return all(
                    s["applications"] == 1 and sum(c.values()) == 1
                    for s in page.json()["items"]
                    if s["service_id"] not in previews
                    for c in s["criteria"].values()
                )

            await eventually(judged, within=30)

        await page.set_viewport_size({"width": 1280, "height": 900})
        response = await page.goto(f"{url}/dashboard")
        assert response.status == 200
        assert await page.get_attribute("html", "dir") == "rtl"
        assert await page.get_attribute("html", "lang") == "fa"
        assert await page.text_content("h1") == "پایش هوشمندسازی خدمات دولت"
        assert await page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        header = await page.evaluate(
            "getComputedStyle(document.querySelector('header')).backgroundColor"
        )
        assert header == ACCENT
        # Right to left: the title sits at the right edge, the language switch at the left.
        title = await page.locator("h1").bounding_box()
        toggle = await page.locator("#toggle").bounding_box()
        assert title["x"] > toggle["x"] and title["x"] + title["width"] > 1280 - 40
        assert await page.locator(".agency svg").count() == 4
        assert await page.locator(".agency svg rect.bar").count() == 8
        assert await page.locator(".agency svg line.goal").count() == 8
        assert await page.text_content("[data-figure=window_share]") == "۷۱٫۴٪"  # 5 of 7 services
        assert await page.get_attribute("tr[data-service=business-permit]", "data-smart") == "false"
        assert await page.locator(".target").count() == 3
        lagging = await page.text_content("[data-target=online-inquiry-infrastructure]") or ""
        assert "وزارت صنعت، معدن و تجارت" in lagging  # the one agency with no online inquiry
        assert await page.locator(".agency svg text").first.text_content() in (
            "سهم خدمات روی پنجره",
        )
        assert "۱۴۰۵/۱۰/۳۰" in (
            await page.text_content("[data-target=online-inquiry-infrastructure]") or ""
        )
        OUTPUT.mkdir(exist_ok=True)
        await page.screenshot(path=str(OUTPUT / "dashboard-fa.png"), full_page=True)

        await page.click("#toggle")
        await page.wait_for_url("**/dashboard?lang=en")
        assert await page.get_attribute("html", "dir") == "ltr"
        assert await page.text_content("h1") == "Smart government services — compliance"
        assert await page.text_content("[data-figure=window_share]") == "71.4%"
        await page.screenshot(path=str(OUTPUT / "dashboard-en.png"), full_page=True)

        periods = await page.goto(f"{url}/dashboard?from=۱۴۰۰/۰۱/۰۱&to=1400/12/29")
        assert periods.status == 200
        bad = await page.goto(f"{url}/dashboard?from=not-a-date")
        assert bad.status == 422
