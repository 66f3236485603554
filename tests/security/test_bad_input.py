"""Finding 8: input that answered 500 answers a clear 4xx problem (or works, where it is
legitimate), and changes nothing.

Covered here: UTF-8 header values on proxied routes (Persian digits in X-National-Code are
a national code), forged cursors on every list that takes one, and periods outside what the
calendars render on every compliance route that takes a date.
"""

import base64
import itertools
import json
import uuid

import pytest

from tests.security.conftest import ON_BOTH_EDGES, OPS, PASSPORT, Window
from tests.support import eventually

pytestmark = [pytest.mark.asyncio, ON_BOTH_EDGES]

PERSONA = "0039471527"
PERSONA_PERSIAN = "۰۰۳۹۴۷۱۵۲۷"


def _b64(raw: bytes, *, pad: bool = True) -> str:
    text = base64.urlsafe_b64encode(raw).decode()
    return text if pad else text.rstrip("=")


def _cursor(position: object) -> str:
    return _b64(json.dumps(position).encode())


FORGED_CURSORS = [
    _cursor({"at": "x", "id": "y"}),  # the review's
    _cursor({"at": "0018392741", "id": "y"}),
    _cursor({"at": "2026-01-01T00:00:00", "id": "y"}),  # no offset
    _cursor({"at": "9999-12-31T23:59:59+00:00", "id": ""}),
    _cursor({"seq": "x"}),
    _cursor({"seq": 10**30}),  # no SQL integer holds it
    _cursor({"seq": -1}),
    _cursor({"seq": [1]}),
    _cursor({"id": {"a": 1}}),
    _cursor({"after": 5}),
    _cursor({"id": "a" * 5000}),
    _cursor([1, 2]),
    _cursor(None),
    _b64(b'{"seq": 1e400}'),
    _b64(b"\xff\xfe\x00garbage"),
    _b64(b"[" * 5000),  # a parser's recursion
    "not base64 at all!",
    "%00%ff",
    "a" * 3000,
]
LISTS = [
    ("/v1/applications", PASSPORT, ""),
    ("/v1/inquiries/access-log", PASSPORT, "&national_code=0018392741"),
    ("/v1/catalog/services", None, ""),
    ("/v1/compliance/agencies", OPS, ""),
    ("/v1/compliance/services", OPS, ""),
]


async def _submit(window: Window, national_code: str) -> str:
    response = await window.http.post(
        "/v1/applications",
        headers={**await window.auth(PASSPORT), "Idempotency-Key": str(uuid.uuid4())},
        json={"service_id": "passport-issuance", "applicant": {"national_code": national_code}},
    )
    assert response.status_code in (200, 201, 202), response.text
    return str(response.json()["tracking_code"])


async def test_persian_digits_in_x_national_code_are_the_national_code(window: Window) -> None:
    tracking = await _submit(window, PERSONA)

    async def visible() -> bool:
        response = await window.http.get(
            f"/v1/status/{tracking}", headers={"X-National-Code": PERSONA}
        )
        return response.status_code == 200

    await eventually(visible, within=30, what="the status never appeared")
    for spelling in (PERSONA_PERSIAN, "٠٠٣٩٤٧١٥٢٧", "۰۰۳۹-۴۷۱۵۲۷"):
        response = await window.http.get(
            f"/v1/status/{tracking}", headers={"X-National-Code": spelling.encode()}
        )
        assert response.status_code == 200, (spelling, response.text)
        assert response.json()["tracking_code"] == tracking


HEADER_VALUES = [
    ("X-National-Code", PERSONA_PERSIAN.encode()),
    ("Accept-Language", "فارسی".encode()),
    ("Accept-Language", "fa-IR, فا".encode()),
    ("If-None-Match", '"۱"'.encode()),
    ("X-Request-ID", "شناسه".encode()),
    ("X-Something", b"\xff\xfe latin-1, not UTF-8"),
    ("User-Agent", "پنجره/۱.۰".encode()),
]


async def test_no_header_value_causes_a_server_error(window: Window) -> None:
    agency = await window.auth(PASSPORT)
    for (name, value), (method, url, headers) in itertools.product(
        HEADER_VALUES,
        [
            ("GET", "/v1/status/123456789012", {}),
            ("GET", "/v1/catalog/services", {}),
            ("GET", "/v1/applications", agency),
            ("POST", "/v1/inquiries", agency),
            ("GET", "/v1/nowhere", {}),
        ],
    ):
        response = await window.http.request(
            method, url, headers={**headers, name: value}, json={} if method == "POST" else None
        )
        assert response.status_code < 500, (name, value, url, response.text)
        if response.status_code >= 400:
            assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_forged_cursor_is_refused_with_a_problem(window: Window) -> None:
    tokens = {PASSPORT: await window.auth(PASSPORT), OPS: await window.auth(OPS)}
    for (path, client, extra), cursor in itertools.product(LISTS, FORGED_CURSORS):
        headers = tokens[client] if client else {}
        response = await window.http.get(f"{path}?cursor={cursor}{extra}", headers=headers)
        assert response.status_code in (400, 422), (path, cursor[:60], response.text)
        problem = response.json()
        assert response.headers["content-type"].startswith("application/problem+json")
        assert problem["status"] == response.status_code
        persian = await window.http.get(
            f"{path}?cursor={cursor}{extra}", headers={**headers, "Accept-Language": "fa"}
        )
        assert persian.json()["detail"] != problem["detail"]  # said in Persian too


async def test_the_cursors_the_api_issues_still_page(window: Window) -> None:
    paged = 0
    for path, client, extra in LISTS:
        headers = await window.auth(client) if client else {}
        first = await window.http.get(f"{path}?limit=1{extra}", headers=headers)
        assert first.status_code == 200, first.text
        cursor = first.json()["next_cursor"]
        if cursor is None:
            continue  # one item or none: nothing to page to
        paged += 1
        for given in (cursor, cursor.rstrip("=")):  # padding stripped, as some clients do
            url = f"{path}?limit=1&cursor={given}{extra}"
            second = await window.http.get(url, headers=headers)
            assert second.status_code == 200, second.text
            assert second.json()["items"] != first.json()["items"]
    assert paged >= 3  # the catalogue and the compliance lists have more than one item


COMPLIANCE_ROUTES = [
    "/v1/compliance/summary",
    "/v1/compliance/agencies",
    "/v1/compliance/services",
    "/v1/compliance/agencies/passport-police",
]
BAD_PERIODS = [
    "from=9999-12-31",  # the review's
    "to=9999-12-31",
    "from=0001-01-01",
    "from=1-01-01",
    "from=9999/01/01",
    "from=1405/13/01",
    "from=99999999999999999999-01-01",
    "from=۹۹۹۹-۱۲-۳۱",
    "from=2027-01-01&to=2026-01-01",
]


async def test_a_period_the_calendars_cannot_hold_is_a_422(window: Window) -> None:
    ops = await window.auth(OPS)
    for path, query in itertools.product(COMPLIANCE_ROUTES, BAD_PERIODS):
        response = await window.http.get(f"{path}?{query}", headers=ops)
        assert response.status_code == 422, (path, query, response.text)
        assert response.json()["errors"], response.text
    for path in COMPLIANCE_ROUTES:
        fine = await window.http.get(f"{path}?from=1405/01/01&to=2027-03-20", headers=ops)
        assert fine.status_code == 200, (path, fine.text)
