"""Issue 18's friction points, asked again of a running window: one table row per point, the
request made and the answer it got now (a Markdown table on stdout, for a session's note).

    .venv/bin/python -m panjereh_embedded --port 8124 --data-dir /tmp/friction &
    .venv/bin/python tools/friction.py http://127.0.0.1:8124

It asks with the sandbox's demo client (the embedded profile's only credentials), so it runs
against the embedded default or a dev cluster, never production. Each row is what came back,
read from the answer; nothing is expected or asserted here (the suite does that).
"""

import asyncio
import sys
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

CLIENT = ("passport-police-backend", "demo-passport-police-secret")
COMPLETE = "0018392741"  # a sandbox persona with every record
PERSIAN = COMPLETE.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
FA = {"Accept-Language": "fa"}
Row = tuple[str, str, str]


def _problem(answer: httpx.Response) -> str:
    body = answer.json()
    errors = body.get("errors") or [{}]
    message = errors[0].get("message") or body.get("detail") or body.get("error_description")
    return f"{answer.status_code} `{body.get('type', body.get('error', ''))}`: {message}"


async def _document(client: httpx.AsyncClient) -> list[Row]:
    doc = (await client.get("/openapi.json")).json()
    operations = [op for item in doc["paths"].values() for op in item.values() if "responses" in op]
    described = sum(1 for op in operations if op.get("description"))
    used = {tag for op in operations for tag in op.get("tags", [])}
    declared = {tag["name"] for tag in doc.get("tags", [])}
    generated = [op["operationId"] for op in operations if "_v1_" in op["operationId"]]
    status = doc["paths"]["/v1/status/{tracking_code}"]["get"]
    ok = status["responses"]["200"]
    events = next(p for path, p in doc["paths"].items() if path.endswith("/events"))["get"]
    schemes = ", ".join(doc["components"].get("securitySchemes", {}))
    return [
        ("no `securitySchemes`", "GET /openapi.json", schemes),
        ("no `servers`", "GET /openapi.json", str(doc.get("servers"))),
        ("4 of 30 operations described", "GET /openapi.json", f"{described} of {len(operations)}"),
        ("tags not declared", "GET /openapi.json", f"{len(declared)} declared, {len(used)} used"),
        ("generated operationIds", "GET /openapi.json", f"{len(generated)} left"),
        (
            "status 200 untyped",
            "GET /openapi.json",
            f"{ok['content']['application/json']['schema']}; responses "
            f"{', '.join(status['responses'])}; headers {', '.join(ok.get('headers', {}))}",
        ),
        (
            "`/events` declared JSON",
            "GET /openapi.json",
            ", ".join(events["responses"]["200"]["content"]),
        ),
    ]


async def _pages(client: httpx.AsyncClient) -> list[Row]:
    docs, redoc, root = [await client.get(p) for p in ("/docs", "/redoc", "/")]
    rules = await client.get("/portal/rules")
    return [
        (
            "`/docs` blank, `/redoc` 404",
            "GET /docs, GET /redoc",
            f"{docs.status_code}; {redoc.status_code} → {redoc.headers.get('location')}",
        ),
        (
            "CEL environment only in a docstring",
            "GET /portal/rules",
            f"{rules.status_code} {rules.headers['content-type']}",
        ),
        ("`/` a 404 problem", "GET /", f"{root.status_code} {root.headers['content-type']}"),
    ]


async def _oauth(client: httpx.AsyncClient) -> list[Row]:
    basic = await client.post(
        "/v1/oauth/token", data={"grant_type": "client_credentials"}, auth=CLIENT
    )
    wrong = await client.post(
        "/v1/oauth/token", data={"grant_type": "client_credentials"}, auth=(CLIENT[0], "wrong")
    )
    as_json = await client.post(
        "/v1/oauth/token", json={"grant_type": "client_credentials"}, auth=CLIENT
    )
    meta = await client.get("/.well-known/oauth-authorization-server")
    return [
        (
            "no `client_secret_basic`",
            "token with `Authorization: Basic`",
            f"{basic.status_code}, Cache-Control: {basic.headers.get('cache-control')}",
        ),
        (
            "errors not RFC 6749",
            "a wrong secret",
            f"{wrong.status_code} {wrong.text[:80]}, "
            f"WWW-Authenticate: {wrong.headers.get('www-authenticate')}",
        ),
        (
            "JSON body gives a misleading 422",
            "token request as JSON",
            f"{as_json.status_code} {as_json.text[:100]}",
        ),
        (
            "no RFC 8414 metadata",
            "GET /.well-known/oauth-authorization-server",
            f"{meta.status_code}, token_endpoint {meta.json().get('token_endpoint')}",
        ),
    ]


async def _agency(client: httpx.AsyncClient, auth: dict[str, str]) -> list[Row]:
    url = "/v1/applications"
    form = await client.post(url, data={"service_id": "x"}, headers=auth)
    truncated = await client.post(
        url,
        content=b'{"service_id": "pass',
        headers=auth | FA | {"Content-Type": "application/json"},
    )
    rows = [
        (
            "wrong content type gives 422 `field: body`",
            "POST /v1/applications, a form body",
            _problem(form),
        ),
        ("malformed JSON names a byte offset", "truncated JSON, fa", _problem(truncated)),
    ]
    for language in ("fa", "en"):
        bad = await client.post(
            url,
            json={"service_id": "passport-issuance", "applicant": {"national_code": "0018392742"}},
            headers=auth | {"Accept-Language": language, "Idempotency-Key": uuid.uuid4().hex},
        )
        rows.append(
            (f'check digit "Value error," ({language})', "a bad check digit", _problem(bad))
        )
    bogus = await client.get(url, params={"state": "bogus"}, headers=auth | FA)
    rows.append(
        ("`state=bogus` gives `[]`", "GET /v1/applications?state=bogus, fa", _problem(bogus)[:140])
    )
    rule = {
        "id": f"employer-{uuid.uuid4().hex[:6]}",
        "name_fa": "کمک",
        "name_en": "Grant",
        "required_evidence": ["national-id-card"],
        "rules": [
            {"id": "staff", "expression": "form.employees >= 1", "reason_fa": "x", "reason_en": "x"}
        ],
        "sla_hours": 24,
    }
    created = await client.post("/v1/catalog/services", json=rule, headers=auth)
    rows.append(
        (
            "`form.employees >= 1` refused",
            "POST /v1/catalog/services with that rule",
            str(created.status_code),
        )
    )
    listing = await client.get("/v1/catalog/services", headers=auth)
    rows.append(
        (
            "no rate-limit headers",
            "GET /v1/catalog/services",
            f"RateLimit-Policy: {listing.headers.get('ratelimit-policy')}, "
            f"RateLimit: {listing.headers.get('ratelimit')}",
        )
    )
    preflight = await client.options(
        url, headers={"Origin": "https://agency.example", "Access-Control-Request-Method": "POST"}
    )
    rows.append(("CORS preflight 405", "OPTIONS /v1/applications", str(preflight.status_code)))
    return rows


async def _status(client: httpx.AsyncClient, auth: dict[str, str]) -> list[Row]:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    body = {"service_id": "passport-issuance", "applicant": {"national_code": COMPLETE}}
    accepted = await client.post("/v1/applications", json=body, headers=auth | key)
    replayed = await client.post("/v1/applications", json=body, headers=auth | key)
    path = f"/v1/status/{accepted.json()['tracking_code']}"
    first = await client.get(path, headers={b"X-National-Code": PERSIAN.encode()})  # UTF-8
    etag = first.headers["etag"].strip('"')
    person = {"X-National-Code": COMPLETE}
    matches = []
    for header in (f'"{etag}"', f'W/"{etag}"', f'"x", "{etag}"', "*"):
        got = await client.get(path, headers=person | {"If-None-Match": header})
        matches.append(f"`{header}` → {got.status_code}")
    head = await client.head(path, headers=person)
    return [
        (
            "first poll after a 202 sometimes 404",
            "status right after submitting, Persian digits",
            f"{first.status_code} {first.json().get('state')}, ETag {first.headers.get('etag')}, "
            f"X-Poll-Interval {first.headers.get('x-poll-interval')}",
        ),
        ('`W/"n"`, a list or `*` give 200', "status with If-None-Match", "; ".join(matches)),
        ("HEAD is 405", f"HEAD {path}", f"{head.status_code}, body {len(head.content)} bytes"),
        (
            "replays not marked",
            "the same Idempotency-Key again",
            f"{replayed.status_code}, "
            f"Idempotent-Replayed: {replayed.headers.get('idempotent-replayed')}",
        ),
    ]


async def _rows(base_url: str) -> list[Row]:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        token = await client.post(
            "/v1/oauth/token", data={"grant_type": "client_credentials"}, auth=CLIENT
        )
        auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
        probes: list[Callable[[], Awaitable[list[Row]]]] = [
            lambda: _document(client),
            lambda: _pages(client),
            lambda: _oauth(client),
            lambda: _agency(client, auth),
            lambda: _status(client, auth),
        ]
        return [row for probe in probes for row in await probe()]


def _table(rows: list[Row]) -> str:
    def cell(text: Any) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    lines = ["| friction (as the issue put it) | request | answer now |", "|---|---|---|"]
    return "\n".join([*lines, *(f"| {cell(a)} | {cell(b)} | {cell(c)} |" for a, b, c in rows)])


if __name__ == "__main__":
    print(_table(asyncio.run(_rows(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"))))
