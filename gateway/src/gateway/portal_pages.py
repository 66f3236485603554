# ruff: noqa: E501 — HTML templates read best a tag per line
"""The developer portal's own pages beside /docs, Persian first (RTL) and English (`?lang=en`):
an index at /portal, a page per problem type at /problems/<code> (the path of every type URI
the platform sends), the CEL rule environment generated from the evidence catalogue, the
prose pages of portal_text and the changelog (docs/changelog.md, rendered). Rendered on the
server, no script, one stylesheet from the package: the gateway's CSP holds."""

import html
import typing
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse
from markdown_it import MarkdownIt

from gateway import problem_types
from gateway.portal_text import TOPICS
from panjereh import evidence

Lang = Literal["fa", "en"]
LangQuery = Annotated[Lang, Query()]
STYLESHEET = "/docs/static/pages.css"
CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
_HERE = Path(__file__).parent
# The source tree's docs/changelog.md (the embedded and native modes run from it); an image
# may ship a copy beside the package.
CHANGELOG = (_HERE.parents[2] / "docs" / "changelog.md", _HERE / "portal_static" / "changelog.md")

_WORDS: dict[str, tuple[str, str]] = {
    "portal": ("درگاه توسعه‌دهندگان پنجره", "Panjereh developer portal"),
    "home": ("صفحهٔ نخست", "Home"),
    "reference": ("مرجع API (Swagger UI، انگلیسی)", "API reference (Swagger UI)"),
    "problems": ("انواع خطا (problem+json)", "Problem types (problem+json)"),
    "rules": ("محیط قواعد تصمیم (CEL)", "The decision rules' environment (CEL)"),
    "changelog": ("تاریخچهٔ تغییرات", "Changelog"),
    "status": ("وضعیت HTTP", "HTTP status"),
    "type": ("نشانی نوع", "Type URI"),
    "language": ("English", "فارسی"),
    "nav": ("صفحه‌های درگاه", "The portal's pages"),
}
_ORDER = ("problems", "rules", "idempotency", "rate-limits", "sandbox", "webhooks", "versioning",
          "changelog")  # fmt: skip

router = APIRouter(include_in_schema=False)


def _w(key: str, lang: Lang) -> str:
    fa, en = _WORDS[key]
    return fa if lang == "fa" else en


def _href(path: str, lang: Lang) -> str:
    return path + ("?lang=en" if lang == "en" else "")


def _title(topic: str, lang: Lang) -> str:
    if topic in TOPICS:
        return TOPICS[topic][lang][0]
    return _w(topic, lang)


def _page(lang: Lang, title: str, body: str, *, path: str) -> HTMLResponse:
    other: Lang = "en" if lang == "fa" else "fa"
    nav = "".join(
        f'<li><a href="{_href(f"/portal/{t}" if t != "problems" else "/problems", lang)}">'
        f"{html.escape(_title(t, lang))}</a></li>"
        for t in _ORDER
    )
    page = f"""<!doctype html>
<html lang="{lang}" dir="{"rtl" if lang == "fa" else "ltr"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} — {html.escape(_w("portal", lang))}</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{STYLESHEET}"></head><body>
<header><a class="brand" href="{_href("/portal", lang)}">{html.escape(_w("portal", lang))}</a>
<a id="toggle" href="{_href(path, other)}" lang="{other}" hreflang="{other}">{_w("language", lang)}</a>
</header>
<nav aria-label="{html.escape(_w("nav", lang))}"><ul>
<li><a href="/docs" hreflang="en">{html.escape(_w("reference", lang))}</a></li>{nav}
<li><a href="{_href("/", lang)}">{html.escape(_w("home", lang))}</a></li></ul></nav>
<main><h1>{html.escape(title)}</h1>
{_keyboard_scrollable(body)}
</main></body></html>"""
    return HTMLResponse(
        page, headers={"content-security-policy": CSP, "cache-control": "public, max-age=300"}
    )


@router.api_route("/portal", methods=["GET", "HEAD"])
async def index(lang: LangQuery = "fa") -> HTMLResponse:
    cards = "".join(
        f'<li><a href="{_href(f"/portal/{t}" if t != "problems" else "/problems", lang)}">'
        f"{html.escape(_title(t, lang))}</a></li>"
        for t in _ORDER
    )
    body = f'<ul class="cards"><li><a href="/docs" hreflang="en">{_w("reference", lang)}</a></li>{cards}</ul>'
    return _page(lang, _w("portal", lang), body, path="/portal")


@router.api_route("/problems", methods=["GET", "HEAD"])
async def problems(lang: LangQuery = "fa") -> HTMLResponse:
    rows = "".join(
        f'<tr><td><a href="{_href(f"/problems/{p.code}", lang)}" dir="ltr"><code>{p.code}</code></a></td>'
        f"<td>{p.status}</td><td>{html.escape(p.title_fa if lang == 'fa' else p.title_en)}</td></tr>"
        for p in problem_types.TYPES
    )
    head = f"<tr><th>type</th><th>{_w('status', lang)}</th><th></th></tr>"
    return _page(lang, _w("problems", lang), f"<table>{head}{rows}</table>", path="/problems")


@router.api_route("/problems/{code:path}", methods=["GET", "HEAD"])
async def problem(code: str, lang: LangQuery = "fa") -> HTMLResponse:
    found = problem_types.BY_CODE.get(code)
    if found is None:
        raise HTTPException(404)
    means = _inline(found.means_fa if lang == "fa" else found.means_en)
    body = (
        f'<p class="meta">{_w("type", lang)}: <code dir="ltr">https://panjereh.ir/problems/{found.code}</code>'
        f" — {_w('status', lang)} {found.status}</p><p>{means}</p>"
        f'<p><a href="{_href("/problems", lang)}">{html.escape(_w("problems", lang))}</a></p>'
    )
    title = found.title_fa if lang == "fa" else found.title_en
    return _page(lang, title, body, path=f"/problems/{code}")


@router.api_route("/portal/{topic}", methods=["GET", "HEAD"])
async def topic(topic: str, lang: LangQuery = "fa") -> HTMLResponse:
    if topic == "rules":
        return _page(lang, _w("rules", lang), rules_environment(lang), path="/portal/rules")
    if topic == "changelog":
        text = _changelog()
        return _page(lang, _w("changelog", lang), text, path="/portal/changelog")
    if topic not in TOPICS:
        raise HTTPException(404)
    title, body = TOPICS[topic][lang]
    return _page(lang, title, body, path=f"/portal/{topic}")


# What a rule sees besides the evidence (application_service.catalog.rules.variables builds
# it; tests/e2e/test_portal_pages.py holds the two equal).
VARIABLES: tuple[tuple[str, str, str, str], ...] = (
    ("applicant.national_code", "string", "کد ملی متقاضی", "The applicant's national code"),
    ("applicant.mobile", "string | null", "شمارهٔ همراه", "The applicant's mobile"),
    ("applicant.birth_date", "string | null", "تاریخ تولد (ISO)", "Date of birth (ISO)"),
    ("applicant.age", "int | null", "سن به سال تمام، امروز", "Age in whole years, today"),
    ("form", "map", "پاسخ‌های فرم خدمت (بی‌طرح)", "The service's form answers (no schema)"),
    ("evidence", "map", "به ازای هر مدرک، رکورد یا null", "Per evidence type, its record or null"),
    ("found", "map(string, bool)", "به ازای هر مدرک: یافت شد؟", "Per evidence type: found?"),
    ("today", "string", "تاریخ امروز (ISO، 2026-03-21)", "Today's date (ISO, 2026-03-21)"),
)
# CEL's standard functions and macros, as celpy evaluates them (the test compares the list
# with celpy's own), and the limits rule_limits puts on them.
FUNCTIONS = ("bool", "bytes", "contains", "double", "duration", "endsWith", "getDate",
             "getDayOfMonth", "getDayOfWeek", "getDayOfYear", "getFullYear", "getHours",
             "getMilliseconds", "getMinutes", "getMonth", "getSeconds", "int", "matches", "size",
             "startsWith", "string", "timestamp", "type", "uint")  # fmt: skip
MACROS = ("has", "all", "exists", "exists_one", "map", "filter")


def rules_environment(lang: Lang) -> str:
    """The environment's tables, from the evidence catalogue of the kit."""
    fa = lang == "fa"
    rows = "".join(
        f"<tr><td dir='ltr'><code>{name}</code></td><td dir='ltr'><code>{kind}</code></td>"
        f"<td>{html.escape(fa_text if fa else en_text)}</td></tr>"
        for name, kind, fa_text, en_text in VARIABLES
    )
    parts = [f"<h2>{'متغیرها' if fa else 'Variables'}</h2><table>{rows}</table>"]
    for code, fields in evidence.SHAREABLE_FIELDS.items():
        parts.append(f"<h2 id='{code}' dir='ltr'><code>evidence[\"{code}\"]</code></h2>")
        model = evidence.RECORDS[code]
        cells = "".join(
            f"<tr><td dir='ltr'><code>{name}</code></td>"
            f"<td dir='ltr'><code>{html.escape(cel_type(model.model_fields[name].annotation))}</code></td>"
            f"<td>{html.escape((evidence.field_label(name) or {}).get(lang, ''))}</td></tr>"
            for name in fields
        )
        parts.append(f"<table>{cells}</table>")
    listed = ", ".join(f"<code>{name}</code>" for name in FUNCTIONS + MACROS)
    limits = (
        "الگوی <code>matches</code> رشته‌ای صریح تا ۲۰۰ نویسه است (RE2)؛ حلقه‌ها حداکثر دو لایه تودرتو."
        if fa
        else "<code>matches</code> takes a string literal pattern of at most 200 characters (RE2);"
        " comprehensions nest at most two deep."
    )
    example = '<pre dir="ltr"><code>found["driving-license"] &amp;&amp; evidence["driving-license"].expires_on &gt; today &amp;&amp; applicant.age &gt;= 18</code></pre>'
    parts.append(
        f"<h2>{'توابع' if fa else 'Functions'}</h2><p dir='ltr'>{listed}</p><p>{limits}</p>{example}"
    )
    return "\n".join(parts)


def cel_type(annotation: Any) -> str:
    """How a record field's Python type reaches a rule (its JSON, as celpy reads it)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) is Literal:
        return "string: " + " | ".join(f'"{a}"' for a in typing.get_args(annotation))
    if len(args) == 1 and type(None) in typing.get_args(annotation):
        return cel_type(args[0]) + " | null"
    if typing.get_origin(annotation) is Annotated:
        return cel_type(args[0])
    names = {bool: "bool", int: "int", float: "double", str: "string"}
    if isinstance(annotation, type) and annotation in names:
        return names[annotation]
    if getattr(annotation, "__name__", "") in ("date", "datetime"):
        return "string (ISO date)"
    return "string"


@cache
def _changelog() -> str:
    source = next((path for path in CHANGELOG if path.exists()), None)
    if source is None:
        return "<p>—</p>"
    return str(MarkdownIt("commonmark", {"html": False}).render(source.read_text("utf-8")))


def _keyboard_scrollable(body: str) -> str:
    """Code blocks and tables scroll sideways on a phone: focusable, so a keyboard can too
    (axe-core: scrollable-region-focusable)."""
    return (
        body.replace("<pre>", '<pre tabindex="0">')
        .replace("<pre dir=", '<pre tabindex="0" dir=')
        .replace("<table>", '<table tabindex="0">')
    )


def _inline(text: str) -> str:
    """`code` spans of our own sentences as <code>, the rest escaped."""
    pieces = html.escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(pieces))


def mount(app: FastAPI) -> None:
    app.include_router(router)
