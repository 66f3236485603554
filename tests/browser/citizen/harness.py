"""The harness of the citizen pages' tests: the embedded window with the `complete`
persona's applications decided at one service of each agency, a direct inquiry about them,
applications waiting in the preview, the one-time-code login read from the sandbox SMS,
axe-core at each step, and a screenshot of each step in test-output/
(citizen-<step>-<lang>.png)."""

import dataclasses
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
from playwright.async_api import expect

from panjereh import digits
from panjereh_embedded import workload
from tests.browser import axe_check
from tests.browser.test_track_page import OUTPUT
from tests.citizen_support import sandbox_codes
from tests.support import eventually

PHONE = {"width": 390, "height": 844}
SENT = {
    "fa": "اگر این شماره همراه به نام شما باشد، رمزی شش‌رقمی برایش پیامک شد. "
    "رمز تا دو دقیقه معتبر است.",
    "en": "If this mobile number is yours, a 6-digit code was sent to it by SMS. "
    "The code is valid for two minutes.",
}


@dataclasses.dataclass
class Site:
    """The window, its `complete` persona and the agencies' tokens."""

    url: str
    client: httpx.AsyncClient
    national_code: str
    mobile: str
    agencies: dict[str, dict[str, str]]
    clients: list[dict[str, Any]]  # the sandbox's demo clients
    services: list[dict[str, Any]]  # one automatic service per agency, each decided once
    preview: dict[str, Any] | None = None  # the seeded service whose applicant previews

    async def awaiting(self) -> str:
        """An application of the persona's to the preview service, waiting for them, and
        shown so by the status service (whose list the page reads)."""
        assert self.preview is not None, "no seeded preview service"
        application_id = await self.submit(self.preview)
        await self.reaches(self.preview, application_id, {"awaiting_applicant"})
        code = (await self.state_of(self.preview, application_id))["tracking_code"]

        async def listed() -> bool:
            status = await self.client.get(
                f"/v1/status/{code}", headers={"X-National-Code": self.national_code}
            )
            return status.status_code == 200 and status.json()["state"] == "awaiting_applicant"

        await eventually(listed, within=60, what="the preview's wait in the status view")
        return application_id

    async def state_of(self, service: dict[str, Any], application_id: str) -> dict[str, Any]:
        path = f"/v1/applications/{application_id}"
        answer = await self.client.get(path, headers=self.agencies[service["agency_id"]])
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    async def submit(self, service: dict[str, Any]) -> str:
        response = await self.client.post(
            "/v1/applications",
            json={
                "service_id": service["id"],
                "applicant": {"national_code": self.national_code, "mobile": self.mobile},
            },
            headers=self.agencies[service["agency_id"]] | {"Idempotency-Key": str(uuid.uuid4())},
        )
        assert response.status_code == 202, response.text
        return str(response.json()["id"])

    async def reaches(self, service: dict[str, Any], application_id: str, states: set[str]) -> str:
        """Wait until the application is in one of `states` (as its agency reads it)."""
        seen: list[str] = []

        async def there() -> bool:
            seen.append((await self.state_of(service, application_id))["state"])
            return seen[-1] in states

        try:
            await eventually(there, within=120)
        except TimeoutError:
            raise AssertionError(f"{service['id']} {application_id}: {seen[-1:]}") from None
        return seen[-1]

    async def decided(self, service: dict[str, Any]) -> str:
        application_id = await self.submit(service)
        await self.reaches(service, application_id, workload.TERMINAL)
        return application_id

    async def office(self) -> dict[str, str]:
        """The legal-basis office's token."""
        office = next(c for c in self.clients if "catalog:approve" in c["scopes"])
        return await workload._token(self.client, office)

    async def in_history(self, *, direct: int) -> None:
        """Wait until the person's history (as the office reads it) holds `direct` direct
        inquiries by the first service's agency: the page then shows them."""
        agency, headers = self.services[0]["agency_id"], await self.office()

        async def there() -> bool:
            answer = await self.client.get(
                "/v1/oversight/access-history",
                params={"national_code": self.national_code, "limit": 500},
                headers=headers,
            )
            items = answer.json()["items"]
            return sum(i["path"] == "direct" and i["agency_id"] == agency for i in items) >= direct

        await eventually(there, within=60, what="the direct inquiries in the history")

    async def direct_inquiry(self) -> dict[str, Any]:
        """An agency fetches the persona's record straight, for a service of its own, with no
        application of the persona's open there: the access log flags it."""
        service = self.services[0]
        response = await self.client.post(
            "/v1/inquiries",
            json={
                "evidence_type": service["required_evidence"][0],
                "national_code": self.national_code,
                "purpose": {"service_id": service["id"]},
            },
            headers=self.agencies[service["agency_id"]],
        )
        assert response.status_code == 200, response.text
        return dict(response.json())


async def open_site(url: str) -> AsyncIterator[Site]:
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        persona = next(
            p
            for p in (await client.get("/v1/sandbox/personas")).json()["items"]
            if "complete" in p["traits"]
        )
        agencies = await workload._agency_headers(client)
        catalogue = await client.get("/v1/catalog/services", params={"limit": 500})
        clients = (await client.get("/v1/sandbox/clients")).json()["items"]
        site = Site(url, client, persona["national_code"], persona["mobile"], agencies, clients, [])
        site.services = _one_automatic_service_per_agency(catalogue.json()["items"], agencies)
        site.preview = next((s for s in catalogue.json()["items"] if s.get("preview")), None)
        for service in site.services:
            await site.decided(service)
        for _ in range(2):  # one for each language's test to dispute
            await site.direct_inquiry()
        await site.in_history(direct=2)
        yield site


def _one_automatic_service_per_agency(
    services: list[dict[str, Any]], agencies: dict[str, Any]
) -> list[dict[str, Any]]:
    chosen: dict[str, dict[str, Any]] = {}
    for service in services:
        if (
            service["agency_id"] in agencies
            and workload._approved(service)
            and service["decision"] == "automatic"
            and service["required_evidence"]
            and not service.get("preview")
        ):
            chosen.setdefault(service["agency_id"], service)
    return list(chosen.values())


def typed(text: str, lang: str) -> str:
    """What a person types: Persian digits on a Persian keyboard."""
    return digits.to_persian(text) if lang == "fa" else text


async def shot(
    page: Any, step: str, lang: str, *, full_page: bool = True, part: str | None = None
) -> None:
    """The step's screenshot: the whole page, the viewport (a modal dialog as the phone
    shows it) or one part of the page (`part`, a selector)."""
    OUTPUT.mkdir(exist_ok=True)
    path = str(OUTPUT / f"citizen-{step}-{lang}.png")
    if part is not None:
        await page.locator(part).screenshot(path=path)
    else:
        await page.screenshot(path=path, full_page=full_page)


async def accessible(page: Any, step: str) -> None:
    """axe-core over the page as it stands: no serious or critical WCAG 2.1 AA violation."""
    await axe_check.assert_accessible(page, step)


async def open_page(page: Any, site: Site, lang: str) -> None:
    await page.goto(f"{site.url}/track#my-data")
    await expect(page.locator("#otp-form")).to_be_visible()
    if lang == "en":
        await page.click("#lang")
        await expect(page.locator("html")).to_have_attribute("dir", "ltr")


async def sign_in(page: Any, site: Site, lang: str) -> None:
    """National code and mobile, the code read from the sandbox SMS, typed back."""
    await page.fill("#otp-national", typed(site.national_code, lang))
    await page.fill("#otp-mobile", typed(site.mobile, lang))
    await shot(page, "login", lang)
    await accessible(page, "login")
    before = len(await sandbox_codes(site.client, site.mobile))
    await page.click("#otp-form button[type=submit]")
    await expect(page.locator("#code-sent")).to_have_text(SENT[lang])
    await expect(page.locator("#otp-code")).to_be_focused()
    codes: list[str] = []

    async def sent() -> bool:
        codes[:] = await sandbox_codes(site.client, site.mobile)
        return len(codes) > before

    await eventually(sent, within=60, what="the one-time code by SMS")
    await page.fill("#otp-code", typed(codes[-1], lang))
    await shot(page, "code", lang)
    await accessible(page, "code")
    await page.click("#code-form button[type=submit]")
    await expect(page.locator("#mine")).to_be_visible()
