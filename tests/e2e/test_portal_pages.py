"""The developer portal's pages (issue 18): a page for every problem type the platform can
send, found in the code (the kit's, the services', the edge's and the token endpoint's), in
Persian and English; the CEL rule environment generated from the evidence catalogue and kept
equal to what the rules really see; the prose pages and the changelog; and the deprecation
mechanism of the kit (Deprecation and Sunset headers on a route marked deprecated)."""

import ast
import datetime as dt
import html
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import celpy.evaluation
import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI

from application_service.catalog import rules
from gateway import oauth, portal_pages, problem_types
from panjereh import evidence, problems
from panjereh.web import deprecation
from panjereh_embedded.app import create_app
from tests.support import LifespanManager

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["shared/src", "gateway/src", "application-service/src", "inquiry-service/src",
           "status-service/src", "compliance-service/src", "notification-service/src",
           "deploy/embedded/src"]  # fmt: skip
# Statuses Starlette raises itself (no route, wrong method, an unreadable request), which the
# kit names by their phrase (problems._on_http).
FRAMEWORK = {404, 405, 400}


def _literal_codes() -> set[str]:
    """Every code written into a ProblemError, a ProblemError subclass's super().__init__, the
    inquiry service's legal-basis refusals and the edge's refusals."""
    found: set[str] = set()
    for root in SOURCES:
        for path in (ROOT / root).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Call):
                    found |= _code_of(node, legal_basis="inquiry-service" in root)
    return found


def _code_of(call: ast.Call, *, legal_basis: bool) -> set[str]:
    name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
    position = {"ProblemError": 1, "__init__": 1, "Refusal": None}.get(str(name), -1)
    if position == -1:
        return set()
    args = call.args
    if name == "Refusal":  # the edge's Refusal(status, code, ...) or the domain's (code, ...)
        position = (
            1
            if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, int)
            else 0
        )
        if position == 0 and not legal_basis:
            return set()  # another Refusal (the webhook URL checks): not an HTTP answer
        prefix = "" if position == 1 else "no-legal-basis/"
    else:
        prefix = ""
    if len(args) <= position:
        return set()
    arg = args[position]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return {prefix + arg.value}
    if isinstance(arg, ast.JoinedStr):  # f"no-legal-basis/{refusal.code}": its codes above
        return set()
    return set()


def _every_type() -> set[str]:
    phrases = {problems.HTTPStatus(s).phrase.lower().replace(" ", "-") for s in FRAMEWORK}
    oauth_errors = {f"oauth/{e}" for e in oauth.OAUTH_ERROR_SCHEMA["properties"]["error"]["enum"]}
    return _literal_codes() | phrases | oauth_errors


@pytest_asyncio.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(create_app(tmp_path / "data")) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as c:
            yield c


def test_the_scan_finds_the_codes_it_should() -> None:
    # The enumeration below can fail: it sees literal, subclassed, refused and edge codes.
    codes = _every_type()
    assert {"validation", "idempotency-key-reused", "no-legal-basis/pending", "too-large",
            "method-not-allowed", "oauth/invalid_client"} <= codes  # fmt: skip


@pytest.mark.asyncio
async def test_every_problem_type_has_its_page_in_persian_and_english(
    client: httpx.AsyncClient,
) -> None:
    missing = _every_type() - set(problem_types.BY_CODE)
    assert not missing, f"problem types with no page in gateway/problem_types.py: {missing}"
    for code in sorted(_every_type()):
        path = (problems.TYPE_BASE + code).removeprefix("https://panjereh.ir")
        fa = await client.get(path)
        en = await client.get(path, params={"lang": "en"})
        assert fa.status_code == en.status_code == 200, code
        assert 'dir="rtl"' in fa.text and 'lang="en"' in en.text
        assert html.escape(problem_types.BY_CODE[code].title_en) in en.text
    assert (await client.get("/problems/no-such-type")).status_code == 404
    listed = await client.get("/problems")
    assert all(f"/problems/{code}" in listed.text for code in problem_types.BY_CODE)


@pytest.mark.asyncio
async def test_a_problem_answer_links_to_a_page_that_answers(client: httpx.AsyncClient) -> None:
    answer = await client.get("/v1/status/0000000000000", headers={"X-National-Code": "0018392741"})
    page = await client.get(answer.json()["type"].removeprefix("https://panjereh.ir"))
    assert page.status_code == 200


def test_the_rule_environment_is_what_the_rules_see() -> None:
    seen = rules.variables(
        applicant={"national_code": "0018392741", "mobile": None, "birth_date": "1990-03-21"},
        form={},
        evidence={"driving-license": None},
        today=dt.date(2026, 3, 21),
    )
    documented = {name.split(".")[0] for name, *_ in portal_pages.VARIABLES}
    assert documented == set(seen)
    applicant = {name.split(".")[1] for name, *_ in portal_pages.VARIABLES if "." in name}
    assert applicant == set(seen["applicant"])
    named = {n for n in celpy.evaluation.base_functions if n[0].isalpha() and n not in
             {"list", "map", "null_type"}}  # fmt: skip
    assert named == set(portal_pages.FUNCTIONS)


@pytest.mark.asyncio
async def test_the_rules_page_lists_each_shareable_field_with_its_type(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = (await client.get("/portal/rules", params={"lang": "en"})).text
    for code, fields in evidence.SHAREABLE_FIELDS.items():
        assert f'evidence["{code}"]' in page
        assert all(f"<code>{name}</code>" in page for name in fields)
    assert "<code>today</code>" in page and "<code>found</code>" in page
    assert "string: &quot;diploma&quot; | &quot;associate&quot;" in page and "int" in page
    # Generated, not copied: a field made shareable shows up at once.
    fields = {**evidence.SHAREABLE_FIELDS}
    fields["driving-license"] = (*fields["driving-license"], "issued_on")
    monkeypatch.setattr(evidence, "SHAREABLE_FIELDS", fields)
    again = (await client.get("/portal/rules", params={"lang": "en"})).text
    section = again.split('evidence["driving-license"]')[1].split("<h2")[0]
    assert "<code>issued_on</code>" in section and "string (ISO date)" in section


@pytest.mark.parametrize(
    "path", ["/portal", "/portal/idempotency", "/portal/rate-limits", "/portal/sandbox",
             "/portal/webhooks", "/portal/versioning", "/portal/changelog", "/portal/rules"],
)  # fmt: skip
@pytest.mark.asyncio
async def test_each_portal_page_answers_in_both_languages(
    client: httpx.AsyncClient, path: str
) -> None:
    fa, en = await client.get(path), await client.get(path, params={"lang": "en"})
    assert fa.status_code == en.status_code == 200
    assert 'dir="rtl"' in fa.text and 'dir="ltr"' in en.text
    assert "<script" not in fa.text and "https://" not in en.text.replace("https://panjereh.ir", "")
    assert "default-src 'self'" in fa.headers["content-security-policy"]


@pytest.mark.asyncio
async def test_the_changelog_page_renders_docs_changelog(client: httpx.AsyncClient) -> None:
    first = (ROOT / "docs" / "changelog.md").read_text("utf-8").splitlines()[0].lstrip("# ")
    page = await client.get("/portal/changelog", params={"lang": "en"})
    assert f"<h1>{first}</h1>" in page.text and "<h3>Added</h3>" in page.text


@pytest.mark.asyncio
async def test_the_portal_is_linked_from_docs_and_the_landing_page(
    client: httpx.AsyncClient,
) -> None:
    assert 'href="/portal' in (await client.get("/docs")).text
    assert 'href="/portal"' in (await client.get("/")).text
    assert 'href="/portal?lang=en"' in (await client.get("/?lang=en")).text


def _deprecated_app(**marks: Any) -> FastAPI:
    app = FastAPI()

    @app.get("/v1/old", **marks)
    async def old() -> dict[str, str]:
        return {"still": "here"}

    @app.get("/v1/new")
    async def new() -> dict[str, str]:
        return {"fresh": "yes"}

    return app


@pytest.mark.asyncio
async def test_a_route_marked_deprecated_says_so_in_the_document_and_its_answers() -> None:
    since = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    sunset = dt.datetime(2027, 8, 1, tzinfo=dt.UTC)
    app = _deprecated_app(**deprecation.marked(since=since, sunset=sunset))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        old, new = await client.get("/v1/old"), await client.get("/v1/new")
    assert old.status_code == 200 and old.json() == {"still": "here"}
    assert old.headers["deprecation"] == f"@{int(since.timestamp())}"
    assert old.headers["sunset"] == "Sun, 01 Aug 2027 00:00:00 GMT"
    assert old.headers["link"] == '</portal/versioning>; rel="deprecation"; type="text/html"'
    assert "deprecation" not in new.headers and "sunset" not in new.headers
    operation = app.openapi()["paths"]["/v1/old"]["get"]
    assert operation["deprecated"] is True
    assert {"Deprecation", "Sunset"} <= set(operation["responses"]["200"]["headers"])
    assert "deprecated" not in app.openapi()["paths"]["/v1/new"]["get"]


def test_a_sunset_sooner_than_six_months_or_without_a_zone_is_refused() -> None:
    since = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(ValueError, match="six months"):
        deprecation.marked(since=since, sunset=since + dt.timedelta(days=30))
    with pytest.raises(ValueError, match="time zone"):
        deprecation.marked(since=dt.datetime(2027, 1, 1), sunset=dt.datetime(2028, 1, 1))


@pytest.mark.asyncio
async def test_nothing_in_the_live_document_is_deprecated_today(
    client: httpx.AsyncClient,
) -> None:
    # docs/api.md says so; the day one is, its page and the changelog must say it too.
    document = (await client.get("/openapi.json")).json()
    assert not [
        (method, path)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if operation.get("deprecated")
    ]
