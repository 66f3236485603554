"""The citizen's own views are the signed-in person's alone (issue 17, Must show 2's last
clause for B's routes). Black box over HTTP through the gateway of the embedded default,
people signed in by one-time code as a person does:

- another person's citizen token gets the same 404 for my entry as for one that does not
  exist, and sees none of my applications or fetches;
- an agency's or the office's token is refused (403) on /v1/citizen/**, and a citizen's
  token on /v1/oversight/**; a token the gateway did not sign is a 401;
- a dispute's bad input is a 422 (in Persian when asked) that opens nothing.
"""

import asyncio
import datetime as dt
from typing import Any

import pytest

from panjereh import auth
from tests.citizen_support import COMPLETE, citizen_headers
from tests.security.conftest import OFFICE, ON_BOTH_EDGES, OPS, PASSPORT, TRAFFIC, Window

pytestmark = pytest.mark.asyncio
OTHER = ("0039471527", "09121000003")  # the sandbox's `no-degree` persona
LOG = "/v1/citizen/access-log"
ROUTES = (
    ("GET", "/v1/citizen/applications", None),
    ("GET", LOG, None),
    ("POST", LOG + "/{entry}/dispute", {"reason": "نادرست است"}),
)
OVERSIGHT = (
    ("GET", "/v1/oversight/disputes", None),
    ("POST", "/v1/oversight/disputes/{entry}/decision", {"decision": "upheld"}),
    ("GET", "/v1/oversight/access-history?national_code=" + COMPLETE[0], None),
)


async def _my_fetch(window: Window, me: dict[str, str]) -> dict[str, Any]:
    """A direct inquiry about the complete persona, once it is in their access log."""
    asked = await window.http.post(
        "/v1/inquiries",
        headers=await window.auth(PASSPORT),
        json={
            "evidence_type": "national-id-card",
            "national_code": COMPLETE[0],
            "purpose": {"service_id": "passport-issuance"},
        },
    )
    assert asked.status_code == 200, asked.text
    async with asyncio.timeout(60):
        while True:
            log = await window.http.get(LOG, headers=me)
            assert log.status_code == 200, log.text
            direct = [e for e in log.json()["items"] if e["agency_id"] == "passport-police"]
            if direct:
                return dict(direct[0])
            await asyncio.sleep(0.3)


async def test_another_person_gets_404_for_my_entry_and_sees_none_of_my_data(
    window: Window,
) -> None:
    me = await citizen_headers(window.http, national_code=COMPLETE[0], mobile=COMPLETE[1])
    entry = await _my_fetch(window, me)
    other = await citizen_headers(window.http, national_code=OTHER[0], mobile=OTHER[1])

    stolen = await window.http.post(
        f"{LOG}/{entry['id']}/dispute", json={"reason": "نه"}, headers=other
    )
    unknown = await window.http.post(
        f"{LOG}/{entry['id'][:-4]}ffff/dispute", json={"reason": "نه"}, headers=other
    )
    assert stolen.status_code == unknown.status_code == 404, (stolen.text, unknown.text)
    same = ("type", "title", "status", "detail")
    assert [stolen.json()[k] for k in same] == [unknown.json()[k] for k in same]
    theirs = await window.http.get(LOG, headers=other, params={"limit": "500"})
    assert entry["id"] not in {e["id"] for e in theirs.json()["items"]}
    assert all(e["agency_id"] != "passport-police" for e in theirs.json()["items"])
    mine = await window.http.get(LOG, headers=me)
    (still,) = [e for e in mine.json()["items"] if e["id"] == entry["id"]]
    assert still["dispute"] is None, "the stranger's attempt opened nothing"


@ON_BOTH_EDGES
async def test_each_side_is_refused_on_the_others_routes(window: Window) -> None:
    me = await citizen_headers(window.http, national_code=COMPLETE[0], mobile=COMPLETE[1])
    for client_id in (PASSPORT, TRAFFIC, OFFICE, OPS):
        headers = await window.auth(client_id)
        for method, path, body in ROUTES:
            answer = await window.http.request(
                method, path.format(entry="x"), json=body, headers=headers
            )
            assert answer.status_code == 403, (client_id, path, answer.text)
    for method, path, body in OVERSIGHT:
        answer = await window.http.request(method, path.format(entry="x"), json=body, headers=me)
        assert answer.status_code == 403, (path, answer.text)
    # A citizen token the gateway did not sign, or none at all.
    forged = auth.TokenIssuer(auth.new_signing_key(), kid="panjereh-1", ttl=dt.timedelta(minutes=5))
    token = forged.issue_citizen(national_code=COMPLETE[0], ttl=dt.timedelta(minutes=5))
    for method, path, body in ROUTES:
        for headers in ({"Authorization": f"Bearer {token}"}, {}):
            answer = await window.http.request(
                method, path.format(entry="x"), json=body, headers=headers
            )
            assert answer.status_code == 401, (path, answer.text)


BAD_DISPUTES: tuple[dict[str, Any], ...] = (
    {"reason": ""},
    {"reason": " \t\n "},
    {"reason": "ی" * 1001},
    {"reason": "نادرست\x00"},
    {"reason": None},
    {"reason": ["x"]},
    {"reason": "x", "state": "upheld"},
    {},
)


@ON_BOTH_EDGES
async def test_a_bad_dispute_is_a_422_in_persian_that_opens_nothing(window: Window) -> None:
    me = await citizen_headers(window.http, national_code=COMPLETE[0], mobile=COMPLETE[1])
    entry = await _my_fetch(window, me)
    for body in BAD_DISPUTES:
        answer = await window.http.post(
            f"{LOG}/{entry['id']}/dispute", json=body, headers=me | {"Accept-Language": "fa"}
        )
        assert answer.status_code == 422, (body, answer.text)
        problem = answer.json()
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert problem["errors"], problem
        assert any("\u0600" <= ch <= "\u06ff" for ch in problem["detail"]), problem
    not_json = await window.http.post(
        f"{LOG}/{entry['id']}/dispute",
        content=b"reason=x",
        headers=me | {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert not_json.status_code in (415, 422), not_json.text
    log = await window.http.get(LOG, headers=me)
    assert all(e["dispute"] is None for e in log.json()["items"])
    listed = await window.http.get("/v1/oversight/disputes", headers=await window.auth(OFFICE))
    assert listed.json()["items"] == []
