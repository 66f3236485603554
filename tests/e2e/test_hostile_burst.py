"""The fault campaign's hostile burst (tests/faults/hostile.py) against both edges
(tests.edges): oversized, malformed and forged requests, the red team's probes, 300 streams
at once and schemathesis over the merged document, bounded. No answer is a 5xx, every promise
is kept, and the burst trips the per-address limit: the edge that counts it answers the next
request from that address 429 as docs/api.md promises, whichever edge it is."""

import os
import re

import httpx

from tests.edges import PER_IP, Deployment, next_address
from tests.faults import hostile

EXAMPLES = int(os.environ.get("PANJEREH_BURST_EXAMPLES", "5"))  # per operation and mode
_LEFT = re.compile(r'^"ip";r=(?P<r>\d+);t=(?P<t>\d+)$')


def test_the_hostile_burst_gets_no_5xx_and_trips_the_address_limit(edge: Deployment) -> None:
    spoken_from: list[str] = []

    def addresses() -> str:
        spoken_from.append(next_address())
        return spoken_from[-1]

    tally = hostile.burst(
        edge.url, signing_key=edge.signing_key, examples=EXAMPLES, addresses=addresses
    )
    assert tally.classes["5xx"] == 0, tally.server_errors
    assert tally.broken_promises == []
    assert tally.classes["4xx"] > 0 and tally.classes["2xx"] > 0, tally.classes
    # The streams' address sent more unauthenticated requests than an address may in an hour:
    # its budget is spent, whatever the machine's speed.
    streams = sum(n for kind, n in tally.classes.items() if kind.startswith("streams "))
    assert streams > PER_IP, tally.classes
    _refused_for_its_rate(edge, spoken_from[1])
    _admitted(edge, next_address())  # another address keeps its own budget


def _refused_for_its_rate(edge: Deployment, address: str) -> None:
    answer = _public_read(edge, address)
    assert answer.status_code == 429, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == 429 and problem["type"].endswith("/rate-limited"), problem
    assert int(answer.headers["retry-after"]) >= 1
    left = _LEFT.match(answer.headers["ratelimit"])
    assert left is not None and left["r"] == "0", answer.headers["ratelimit"]
    assert answer.headers["ratelimit-policy"] == f'"ip";q={PER_IP};w=3600'


def _admitted(edge: Deployment, address: str) -> None:
    answer = _public_read(edge, address)
    assert answer.status_code == 200, answer.text
    left = _LEFT.match(answer.headers["ratelimit"])
    assert left is not None and int(left["r"]) == PER_IP - 1, answer.headers["ratelimit"]


def _public_read(edge: Deployment, address: str) -> httpx.Response:
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=edge.url, transport=transport, timeout=60) as client:
        return client.get("/v1/catalog/services")
