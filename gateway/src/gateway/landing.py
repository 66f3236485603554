"""The landing page at `/` (issue 18): what Panjereh is, in Persian first and in English, and the
way to each of the project's pages (applicants to /track, courts and anyone handed a decision
to /verify, developers to /docs, oversight to /dashboard). Rendered on the server from one
template in either language, so the page needs no script at all; its stylesheet comes from the
package, never a CDN, under the gateway's Content-Security-Policy (no inline style)."""

import html
from functools import cache
from pathlib import Path
from string import Template
from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, Query
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

Lang = Literal["fa", "en"]
STATIC = Path(__file__).parent / "landing_static"
ASSETS = "/static"
PAGE = Path(__file__).parent / "landing.html"

TEXT: dict[Lang, dict[str, str]] = {
    "fa": {
        "language": "فارسی",
        "title": "پنجره ملی خدمات هوشمند دولت",
        "tagline": "خدمات دولت بدون کاغذ: دستگاه سوابق شما را خودش از سامانه‌های ملی می‌گیرد",
        "promise": (
            "با پنجره، دستگاه اجرایی به‌جای گرفتن کاغذ از شما، سوابقتان را برخط از سامانه‌های"
            " ملی استعلام می‌کند؛ اما فقط با مجوز قانونی‌ای که خودش به خودش نداده است. هر"
            " استعلامی که از سوابق شما شود ثبت می‌شود: شما همهٔ آن‌ها را می‌بینید و به هر کدام"
            " می‌توانید اعتراض کنید."
        ),
        "nav": "بخش‌های پنجره",
        "footer": "پنجره ملی خدمات هوشمند — نسخهٔ نمایشی",
    },
    "en": {
        "language": "English",
        "title": "Panjereh — the national smart-services window",
        "tagline": "Government services without paper: the agency fetches your records itself",
        "promise": (
            "With Panjereh, a government agency fetches your records online from the national"
            " registries instead of asking you for paper, and only with a legal basis it did not"
            " grant itself. Every fetch of your records is logged: you can see each one, and"
            " dispute any of them."
        ),
        "nav": "The window's pages",
        "footer": "Panjereh, the national smart-services window — demonstration",
    },
}
# Each of the project's pages; `only` names the one language a page is written in, and
# `lang_query` says the page takes ?lang=en.
LINKS: tuple[dict[str, str], ...] = (
    {
        "id": "track",
        "href": "/track",
        "name_fa": "پیگیری درخواست و داده‌های من",
        "for_fa": "برای متقاضیان: وضعیت درخواستتان، سوابقی که از شما استعلام شده و اعتراض به آن‌ها.",
        "name_en": "Track an application, see my data",
        "for_en": "For applicants: where your application stands, who fetched which of your"
        " records, and disputing a fetch.",
    },
    {
        "id": "verify",
        "href": "/verify",
        "name_fa": "بررسی پروندهٔ تصمیم",
        "for_fa": "برای دادگاه‌ها و هر کسی که تصمیمی به دستش رسیده: امضا و مدارک پرونده را بسنجید.",
        "name_en": "Check a decision dossier",
        "for_en": "For courts and anyone handed a decision: check its signature and evidence.",
    },
    {
        "id": "docs",
        "href": "/docs",
        "only": "en",
        "name_fa": "مستندات API برای توسعه‌دهندگان",
        "for_fa": "برای توسعه‌دهندگان دستگاه‌ها: قرارداد API، محیط آزمایشی و نمونه‌ها (به انگلیسی).",
        "name_en": "API documentation for developers",
        "for_en": "For agency developers: the API contract, the sandbox and examples.",
    },
    {
        "id": "portal",
        "href": "/portal",
        "lang_query": "yes",
        "name_fa": "درگاه توسعه‌دهندگان",
        "for_fa": "راهنماها: انواع خطا، قواعد تصمیم، تکرار امن، سقف درخواست‌ها، محیط آزمایشی،"
        " وبهوک‌ها، نسخه‌ها.",
        "name_en": "Developer portal",
        "for_en": "Guides: problem types, decision rules, safe retries, rate limits, the sandbox,"
        " webhooks, versions.",
    },
    {
        "id": "dashboard",
        "href": "/dashboard",
        "lang_query": "yes",
        "name_fa": "پایش هوشمندسازی خدمات",
        "for_fa": "برای نظارت: پیشرفت هر دستگاه در ارائهٔ خدمات بدون کاغذ.",
        "name_en": "Compliance dashboard",
        "for_en": "For oversight: each agency's progress towards paperless services.",
    },
)

router = APIRouter(include_in_schema=False)


@router.api_route("/", methods=["GET", "HEAD"])
async def landing(lang: Annotated[Lang, Query()] = "fa") -> HTMLResponse:
    # Starlette sends a HEAD answer's headers without its body.
    return HTMLResponse(render(lang), headers={"cache-control": "public, max-age=300"})


def render(lang: Lang) -> str:
    words = TEXT[lang]
    other: Lang = "en" if lang == "fa" else "fa"
    values = {key: html.escape(value) for key, value in words.items()}
    return _template().substitute(
        values,
        lang=lang,
        dir="rtl" if lang == "fa" else "ltr",
        assets=ASSETS,
        other=other,
        other_href="/?lang=en" if other == "en" else "/",
        other_name=html.escape(TEXT[other]["language"]),
        links="\n".join(_link(lang, link) for link in LINKS),
    )


def _link(lang: Lang, link: dict[str, str]) -> str:
    """One card: the page's name as the link, who it is for, and (where the page is in English
    only) the language it opens in, so a screen reader switches voice."""
    href = link["href"] + ("?lang=en" if lang == "en" and link.get("lang_query") else "")
    target_lang = link.get("only")
    hreflang = f' hreflang="{target_lang}"' if target_lang and target_lang != lang else ""
    return (
        f'<li class="card" id="to-{link["id"]}">'
        f'<a href="{html.escape(href)}"{hreflang}>{html.escape(link[f"name_{lang}"])}</a>'
        f"<p>{html.escape(link[f'for_{lang}'])}</p></li>"
    )


@cache
def _template() -> Template:
    return Template(PAGE.read_text(encoding="utf-8"))


def mount(app: FastAPI) -> None:
    """The page and its stylesheet on `app`."""
    app.include_router(router)
    app.mount(ASSETS, StaticFiles(directory=STATIC), name="landing")
