"""RateLimit headers from a real HAProxy (issue 18): the compiled edge says what is left of the
caller's quota as the Python gateway does (gateway.edge.Quota: `RateLimit-Policy` and
`RateLimit`, draft-ietf-httpapi-ratelimit-headers), read from the stick table that counts it,
per client with a verified token and per address without; a 429 says `r=0` and Retry-After."""

import re
from collections.abc import Iterator

import pytest
from limits import parse

from gateway.edge import Quota
from tests.edge.support import Edge, Keys, running_edge, settings_for, stub_backends

PER_CLIENT, PER_IP = 5, 3
KEYS = Keys()  # keys only: tokens are minted inside the tests
_FIELD = re.compile(r'^"(?P<policy>\w+)";r=(?P<r>\d+);t=(?P<t>\d+)$')


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edge]:
    with stub_backends() as backends:
        settings = settings_for(
            backends,
            rate_limit_per_client=f"{PER_CLIENT}/minute",
            rate_limit_per_ip=f"{PER_IP}/minute",
        )
        with running_edge(tmp_path_factory.mktemp("quota"), settings, backends, KEYS) as edge:
            yield edge


def _left(headers: dict[str, str], policy: str) -> int:
    found = _FIELD.match(headers["ratelimit"])
    assert found is not None, headers["ratelimit"]
    assert found["policy"] == policy and found["t"] == "60"
    return int(found["r"])


def test_a_client_sees_its_quota_count_down_then_a_429_says_none_is_left(edge: Edge) -> None:
    bearer = {"Authorization": f"Bearer {KEYS.token('inquiries:read', client='quota-a')}"}
    gateway_says = Quota("client", parse(f"{PER_CLIENT}/minute"), PER_CLIENT, 60).headers()
    left = []
    with edge.client("127.0.0.41") as http:
        for _ in range(PER_CLIENT):
            answer = http.get("/v1/inquiries", headers=bearer)
            assert answer.status_code == 200, answer.text
            assert answer.headers["ratelimit-policy"] == gateway_says["RateLimit-Policy"]
            left.append(_left(dict(answer.headers), "client"))
        refused = http.get("/v1/inquiries", headers=bearer)
    assert left == [4, 3, 2, 1, 0]
    assert refused.status_code == 429 and refused.headers["retry-after"] == "60"
    assert _left(dict(refused.headers), "client") == 0
    assert refused.headers["ratelimit-policy"] == gateway_says["RateLimit-Policy"]


def test_without_a_token_the_address_is_counted_and_said(edge: Edge) -> None:
    with edge.client("127.0.0.42") as http:
        answers = [http.get("/v1/status/PJ-NOPE") for _ in range(PER_IP + 1)]
    assert [a.status_code for a in answers] == [200] * PER_IP + [429]
    assert [_left(dict(a.headers), "ip") for a in answers] == [2, 1, 0, 0]
    assert answers[0].headers["ratelimit-policy"] == f'"ip";q={PER_IP};w=60'


def test_an_answer_the_tables_did_not_count_has_no_quota_headers(edge: Edge) -> None:
    with edge.client("127.0.0.43") as http:
        answer = http.get("/v1/inquiries", headers={"Authorization": "Bearer nonsense"})
    assert answer.status_code == 401
    assert "ratelimit" not in answer.headers and "ratelimit-policy" not in answer.headers
