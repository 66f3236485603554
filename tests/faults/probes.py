"""Hand-made hostile requests for the burst: oversized and malformed bodies, wrong content
types, Persian and mixed-digit national codes, SQL and JSON injection, huge headers, bad
Idempotency-Keys, forged and expired tokens. Each must get a 4xx (or a valid answer), never
a 5xx. They act as another agency (traffic police), so whatever they legitimately create is
told apart from the valid workload's applications."""

import base64
import datetime as dt
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization

from panjereh import auth

CLIENT = ("traffic-police-backend", "demo-traffic-police-secret")
SERVICE = "driving-licence-renewal"  # one of the traffic police's own services
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Probe:
    label: str
    method: str
    path: str
    headers: dict[str, str | bytes] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)  # httpx's content/json/data/params
    # The promise beyond "never a 5xx": the statuses allowed (empty: any below 500), and a
    # check of the answer that names what is wrong with it (None: nothing).
    expect: frozenset[int] = frozenset()
    check: Callable[[Any], str | None] | None = None


def probes(token: str, signing_key: Path) -> list[Probe]:
    """Every hand-made case, sent with a valid agency token unless the token is the attack."""
    agency = {"Authorization": f"Bearer {token}"}
    return [
        *_bodies(agency),
        *_national_codes(agency),
        *_injections(agency),
        *_headers(agency),
        *_tokens(token, signing_key),
    ]


def _submit(label: str, agency: dict[str, str], **options: Any) -> Probe:
    headers: dict[str, str | bytes] = {**agency, "Idempotency-Key": f"hostile-{uuid.uuid4()}"}
    headers.update(options.pop("headers", {}))
    return Probe(label, "POST", "/v1/applications", headers, options)


def _application(national_code: Any, **more: Any) -> dict[str, Any]:
    return {"service_id": SERVICE, "applicant": {"national_code": national_code}, **more}


def _bodies(agency: dict[str, str]) -> list[Probe]:
    valid = json.dumps(_application("0018392741")).encode()
    huge = b'{"service_id": "' + b"a" * (5 * MEGABYTE) + b'"}'
    json_type = {"Content-Type": "application/json"}
    return [
        _submit("5 MB JSON body", agency, content=huge, headers=json_type),
        _submit("5 MB chunked body", agency, content=_chunks(huge), headers=json_type),
        _submit(
            "form field of 900 KB",
            agency,
            json=_application("0018392741", form={"x": "ب" * 450_000}),
        ),
        _submit("text/plain", agency, content=valid, headers={"Content-Type": "text/plain"}),
        _submit("form-urlencoded", agency, data={"service_id": SERVICE, "applicant": "x"}),
        _submit("multipart", agency, files={"applicant": ("a.json", valid, "application/json")}),
        _submit(
            "XML with an external entity",
            agency,
            content=_XXE,
            headers={"Content-Type": "application/xml"},
        ),
        _submit("no content type", agency, content=valid, headers={"Content-Type": ""}),
        _submit("truncated JSON", agency, content=b'{"service_id": ', headers=json_type),
        _submit("invalid UTF-8", agency, content=b'{"service_id": "\xff\xfe"}', headers=json_type),
        _submit("empty body", agency, content=b"", headers=json_type),
        *(
            _submit(f"JSON {literal!r}", agency, content=literal, headers=json_type)
            for literal in (b"null", b"[]", b'"string"', b"42", b"NaN", b"1e999999")
        ),
    ]


def _chunks(body: bytes) -> Any:
    # A generator makes httpx send it chunked, with no Content-Length to refuse it by.
    for start in range(0, len(body), 64 * 1024):
        yield body[start : start + 64 * 1024]


_XXE = (
    b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<application><service_id>&x;</service_id></application>"
)


def _national_codes(agency: dict[str, str]) -> list[Probe]:
    codes = [
        "۰۰۱۸۳۹۲۷۴۱",  # Persian digits (valid once normalised)
        "٠٠١٨٣٩٢٧٤١",  # Arabic-Indic digits
        "۰۰18۳۹2741",  # Persian and ASCII mixed
        "٠٠۱۸٣٩۲٧٤١",  # Arabic-Indic and Persian mixed
        "００１８３９２７４１",  # fullwidth
        "𝟎𝟎𝟏𝟖𝟑𝟗𝟐𝟕𝟒𝟏",  # mathematical bold
        "0018392742",  # wrong check digit
        "00183927410",  # eleven digits
        "0018392741\u200c",  # a zero-width non-joiner after it
        " 0018392741 ",
        "",
        "0" * 10_000,
        18392741,
        None,
        ["0018392741"],
        {"$gt": ""},
    ]
    return [
        _submit(f"national code {code!r:.40}", agency, json=_application(code)) for code in codes
    ]


def _injections(agency: dict[str, str]) -> list[Probe]:
    sql = ["' OR 1=1 --", "1; DROP TABLE applications", "0018392741'; DROP TABLE applications; --"]
    # PostgreSQL text cannot hold a NUL: it must be refused before it reaches a query.
    hostile = [*sql, "a\x00b"]
    deep = "[" * 100_000 + "]" * 100_000
    json_type = {"Content-Type": "application/json"}
    found = [
        Probe(f"GET {path} with {text!r}", "GET", path, {**agency}, {"params": {key: text}})
        for text in hostile
        for path, key in (
            ("/v1/applications", "service_id"),
            ("/v1/catalog/services", "agency_id"),
            ("/v1/inquiries/access-log", "national_code"),
        )
    ]
    return [
        *(_submit(f"national code {text!r}", agency, json=_application(text)) for text in sql),
        *(
            _submit(
                f"service id {text!r}",
                agency,
                json={**_application("0018392741"), "service_id": text},
            )
            for text in hostile
        ),
        *found,
        *(
            Probe(f"GET {path} with a NUL", "GET", path, {**agency})
            for path in ("/v1/catalog/services/a%00b", "/v1/applications/a%00b")
        ),
        _submit("a NUL in the form", agency, json=_application("0018392741", form={"x": "\x00"})),
        Probe(
            "status path with SQL",
            "GET",
            "/v1/status/' OR 1=1 --",
            {"X-National-Code": "' OR 1=1 --"},
        ),
        Probe(
            "status with a Persian national code",
            "GET",
            "/v1/status/PJ-ABCD-1234",
            {"X-National-Code": "۰۰۱۸۳۹۲۷۴۱".encode()},
        ),
        Probe(
            "catalogue path traversal",
            "GET",
            "/v1/catalog/services/..%2f..%2fetc%2fpasswd",
            {**agency},
        ),
        _submit(
            "operator keys",
            agency,
            json={"service_id": {"$ne": None}, "applicant": {"$where": "1"}},
        ),
        _submit(
            "prototype pollution",
            agency,
            json={**_application("0018392741"), "__proto__": {"admin": True}},
        ),
        _submit(
            "duplicate keys",
            agency,
            content=b'{"service_id":"x","service_id":"'
            + SERVICE.encode()
            + b'","applicant":{"national_code":"0018392741"}}',
            headers=json_type,
        ),
        _submit("nested 100 000 deep", agency, content=deep.encode(), headers=json_type),
        _submit(
            "nested form 100 000 deep",
            agency,
            content=b'{"form": {"a": ' + deep.encode() + b"}}",
            headers=json_type,
        ),
        _submit(
            "a 5 000-digit number",
            agency,
            content=b'{"service_id": ' + b"9" * 5000 + b"}",
            headers=json_type,
        ),
    ]


def _headers(agency: dict[str, str]) -> list[Probe]:
    body = {"json": _application("0018392741")}
    many = {f"X-Junk-{n}": "x" * 1000 for n in range(100)}
    keys: list[str | bytes] = ["", "k" * 10_000, "'; DROP TABLE idempotency_keys; --"]
    keys += ["کلید-یکتا".encode(), "\x7f"]
    return [
        Probe("a 64 KB header", "GET", "/v1/applications", {**agency, "X-Junk": "x" * 65_536}),
        Probe("a hundred 1 KB headers", "GET", "/v1/applications", {**agency, **many}),
        Probe("a 64 KB request id", "GET", "/v1/catalog/services", {"X-Request-Id": "r" * 65_536}),
        Probe(
            "Accept: application/xml", "GET", "/v1/catalog/services", {"Accept": "application/xml"}
        ),
        *(
            Probe(
                f"Idempotency-Key {key!r:.40}",
                "POST",
                "/v1/applications",
                {**agency, "Idempotency-Key": key},
                body,
            )
            for key in keys
        ),
        Probe("no Idempotency-Key", "POST", "/v1/applications", {**agency}, body),
        Probe("DELETE the collection", "DELETE", "/v1/applications", {**agency}),
        Probe("TRACE", "TRACE", "/v1/applications", {**agency}),
    ]


def _tokens(token: str, signing_key: Path) -> list[Probe]:
    header, claims, signature = token.split(".")
    escalated = _b64(
        json.loads(_unb64(claims)) | {"agency_id": "passport-police", "scope": "compliance:read"}
    )
    forged = {
        "none": "Bearer",
        "garbage": "Bearer garbage",
        "basic": "Basic dXNlcjpwYXNz",
        "alg none": f"Bearer {_b64({'alg': 'none', 'typ': 'JWT'})}.{claims}.",
        "claims changed": f"Bearer {header}.{escalated}.{signature}",
        "signed by another key": f"Bearer {_issue(auth.new_signing_key(), ttl=900)}",
        "expired": f"Bearer {_issue(_key(signing_key), ttl=-60)}",
        "huge": "Bearer " + "e" * 60_000,
    }
    oauth = "/v1/oauth/token"
    return [
        *(
            Probe(f"token {name}", "GET", "/v1/applications", {"Authorization": value})
            for name, value in forged.items()
        ),
        Probe(
            "token endpoint, SQL client id",
            "POST",
            oauth,
            options={
                "data": {
                    "grant_type": "client_credentials",
                    "client_id": "' OR 1=1 --",
                    "client_secret": "x",
                }
            },
        ),
        Probe(
            "token endpoint, JSON body",
            "POST",
            oauth,
            options={"json": {"grant_type": "client_credentials"}},
        ),
        Probe(
            "token endpoint, password grant",
            "POST",
            oauth,
            options={"data": {"grant_type": "password", "username": "admin", "password": "admin"}},
        ),
        Probe(
            "token endpoint, 10 KB secret",
            "POST",
            oauth,
            options={
                "data": {
                    "grant_type": "client_credentials",
                    "client_id": CLIENT[0],
                    "client_secret": "s" * 10_000,
                }
            },
        ),
    ]


def _issue(key: Any, *, ttl: int) -> str:
    issuer = auth.TokenIssuer(key, kid="panjereh-1", ttl=dt.timedelta(seconds=ttl))
    return issuer.issue(
        client_id=CLIENT[0], agency_id="traffic-police", scopes=["applications:read"]
    )


def _key(path: Path) -> Any:
    """The cluster's own signing key: an expired token that is otherwise perfectly valid."""
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def _b64(value: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
