"""The red team's probes of issue #14 for the hostile burst: each is sent as an attacker
would send it and, beyond "never a 5xx", carries the answer the platform promises (a
self-granted basis refused, a costly rule refused, data minimised, a forged cursor a 4xx…).
An answer outside the promise counts as a broken promise, which fails the scenario."""

import asyncio
import base64
import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from panjereh import evidence
from tests.faults.probes import Probe

PERSON = "0018392741"  # the sandbox's `complete` persona: someone else's records, to the attacker
OWN_SERVICE = "driving-licence-renewal"  # the traffic police's own, approved service
EVERY_EVIDENCE = sorted(evidence.RECORDS)
FIVE_LEVELS = "true"
for _name in "edcba":
    FIVE_LEVELS = f"[0,1,2,3,4,5,6,7,8,9].all({_name}, {FIVE_LEVELS})"


def probes(agency_token: str, ops_token: str) -> list[Probe]:
    """Every probe that needs no state of its own, in the order the findings are numbered."""
    agency = {"Authorization": f"Bearer {agency_token}"}
    ops = {"Authorization": f"Bearer {ops_token}"}
    hidden = f"hostile-basis-{uuid.uuid4().hex[:8]}"
    return [
        *_self_granted_basis(agency, hidden),
        *_costly_rules(agency),
        *_dodged_limits(),
        *_codes_for_the_logs(agency),
        *_unminimised(agency),
        *_server_errors(agency, ops),
        *_smaller(agency),
    ]


def _expect(*statuses: int) -> frozenset[int]:
    return frozenset(statuses)


def _service(service_id: str, **more: Any) -> dict[str, Any]:
    return {
        "id": service_id,
        "name_fa": "خدمت پنهان آزمون",
        "name_en": "Hidden probe service",
        "on_window": False,
        **more,
    }


def _inquiry(evidence_type: str, service_id: str, **purpose: Any) -> dict[str, Any]:
    return {
        "evidence_type": evidence_type,
        "national_code": PERSON,
        "purpose": {"service_id": service_id, **purpose},
    }


def _self_granted_basis(agency: dict[str, str], hidden: str) -> list[Probe]:
    """Finding 1: publish a hidden service needing everything, then fetch with it at once."""
    body = _service(hidden, required_evidence=EVERY_EVIDENCE)
    application = {"service_id": hidden, "applicant": {"national_code": PERSON}}
    return [
        Probe("publish a hidden service requiring everything", "POST", "/v1/catalog/services",
              {**agency}, {"json": body}, expect=_expect(201)),
        *(
            Probe(f"inquire {code} under a self-granted basis", "POST", "/v1/inquiries",
                  {**agency}, {"json": _inquiry(code, hidden)}, expect=_expect(403))
            for code in EVERY_EVIDENCE
        ),
        Probe("apply to a service whose basis is pending", "POST", "/v1/applications",
              {**agency, "Idempotency-Key": f"hostile-{uuid.uuid4()}"}, {"json": application},
              expect=_expect(409)),
        Probe("inquire naming another agency's (unknown) application", "POST", "/v1/inquiries",
              {**agency}, {"json": _inquiry("national-id-card", OWN_SERVICE,
                                            application_id=str(uuid.uuid4()))},
              expect=_expect(403)),
        Probe("approve one's own basis", "POST",
              f"/v1/legal-basis/requests/{hidden}/national-id-card", {**agency},
              {"json": {"decision": "approved", "law_reference": "self"}}, expect=_expect(403)),
    ]  # fmt: skip


def _costly_rules(agency: dict[str, str]) -> list[Probe]:
    """Finding 2 (and 8's deep nesting): rules that could run long are refused when written."""
    rule = {"id": "costly", "reason_fa": "آزمون", "reason_en": "probe"}
    deep = "(" * 500 + "true" + ")" * 500
    return [
        Probe(f"publish a rule: {label}", "POST", "/v1/catalog/services", {**agency},
              {"json": _service(f"hostile-rule-{uuid.uuid4().hex[:8]}",
                                rules=[{**rule, "expression": expression}])},
              expect=_expect(422))
        for label, expression in (("five nested comprehensions", FIVE_LEVELS),
                                  ("500 nested parentheses", deep))
    ]  # fmt: skip


def _dodged_limits() -> list[Probe]:
    """Finding 4: misses with a chosen X-Forwarded-For, and one code spelt many ways."""
    spellings = ["1234-5678-9012", "1234 5678 9012", "۱۲۳۴۵۶۷۸۹۰۱۲", "١٢٣٤٥٦٧٨٩٠١٢"]
    return [
        *(
            Probe("a miss from a forged address", "GET", "/v1/status/123456789012",
                  {"X-National-Code": PERSON, "X-Forwarded-For": f"10.9.{n}.1"},
                  expect=_expect(404, 429))
            for n in range(30)
        ),
        *(
            Probe(f"a miss on {code!r}", "GET", f"/v1/status/{code}",
                  {"X-National-Code": PERSON}, expect=_expect(404, 429))
            for code in spellings
        ),
    ]  # fmt: skip


def _codes_for_the_logs(agency: dict[str, str]) -> list[Probe]:
    """Finding 6: national codes in spellings a naive mask misses (the logs are scanned)."""
    spellings = ["0018-392741", "0018 392741", "%DB%B0%DB%B0%DB%B1%DB%B8392741", "18392741"]
    return [
        Probe(f"access log for {code!r}", "GET", f"/v1/inquiries/access-log?national_code={code}",
              {**agency}, expect=_expect(200, 422))
        for code in spellings
    ]  # fmt: skip


def _unminimised(agency: dict[str, str]) -> list[Probe]:
    """Finding 7: a direct answer carries only the evidence type's shareable fields."""
    return [
        Probe(f"{code} is minimised", "POST", "/v1/inquiries", {**agency},
              {"json": _inquiry(code, OWN_SERVICE)}, expect=_expect(200),
              check=_only_shareable(code))
        for code in ("national-id-card", "driving-license")
    ]  # fmt: skip


def _only_shareable(code: str) -> Callable[[httpx.Response], str | None]:
    def check(response: httpx.Response) -> str | None:
        data = response.json().get("data") or {}
        extra = set(data) - set(evidence.SHAREABLE_FIELDS[code])
        return f"fields beyond the shareable ones: {sorted(extra)}" if extra else None

    return check


def _cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def _server_errors(agency: dict[str, str], ops: dict[str, str]) -> list[Probe]:
    """Finding 8: each of these answered 500."""
    deep_form = '{"a":' * 1000 + "1" + "}" * 1000
    submit = {**agency, "Idempotency-Key": "", "Content-Type": "application/json"}
    forged = _cursor({"at": "x", "id": "y"})
    return [
        Probe("Persian digits in X-National-Code, as UTF-8", "GET", "/v1/status/123456789012",
              {"X-National-Code": "۰۰۳۹۴۷۱۵۲۷".encode()}, expect=_expect(404, 429)),
        Probe("Accept-Language in Persian script", "GET", "/v1/applications",
              {**agency, "Accept-Language": "فارسی".encode()}, expect=_expect(200)),
        Probe("a forged applications cursor", "GET", "/v1/applications", {**agency},
              {"params": {"cursor": forged}}, expect=_expect(400, 422)),
        Probe("a forged access-log cursor", "GET", "/v1/inquiries/access-log", {**agency},
              {"params": {"national_code": PERSON, "cursor": forged}}, expect=_expect(400, 422)),
        Probe("form nested 1000 levels", "POST", "/v1/applications",
              {**submit, "Idempotency-Key": f"hostile-{uuid.uuid4()}"},
              {"content": _raw_application(deep_form)}, expect=_expect(400, 422)),
        Probe("a lone surrogate in form", "POST", "/v1/applications",
              {**submit, "Idempotency-Key": f"hostile-{uuid.uuid4()}"},
              {"content": _raw_application('{"x":"\\ud800"}')}, expect=_expect(400, 422)),
        Probe("compliance from the year 9999", "GET", "/v1/compliance/agencies", {**ops},
              {"params": {"from": "9999-12-31"}}, expect=_expect(200, 422)),
    ]  # fmt: skip


def _raw_application(form: str) -> bytes:
    """A submission whose `form` is the JSON text `form`, as written (not re-encoded)."""
    head = json.dumps({"service_id": OWN_SERVICE, "applicant": {"national_code": PERSON}})
    return (head[:-1] + ', "form": ' + form + "}").encode()


def _smaller(agency: dict[str, str]) -> list[Probe]:
    """Finding 9: a huge traceparent, trailing slashes, a public /metrics, wrong secrets."""
    wrong = {
        "grant_type": "client_credentials",
        "client_id": "traffic-police-backend",
        "client_secret": "wrong",
    }
    return [
        Probe("a 30 KB traceparent", "GET", "/v1/catalog/services",
              {"traceparent": "00-" + "a" * 30_000}, expect=_expect(200, 400)),
        Probe("a trailing slash", "GET", "/v1/catalog/services/", {}, check=_no_internal_location),
        Probe("/metrics with no token", "GET", "/metrics", {}, expect=_expect(401, 403, 404)),
        *(
            Probe("a wrong client secret", "POST", "/v1/oauth/token", {}, {"data": wrong},
                  expect=_expect(401, 429))
            for _ in range(20)
        ),
    ]  # fmt: skip


def _no_internal_location(response: httpx.Response) -> str | None:
    location = response.headers.get("location", "")
    internal = "embedded" in location or ("://" in location and "127.0.0.1" not in location)
    return f"redirects to an internal upstream: {location}" if internal else None


def streams(
    url: str, *, tracking: str, count: int = 300, local_address: str | None = None
) -> dict[str, int]:
    """Finding 3: `count` SSE streams of one application at once from one client (speaking
    from `local_address`, if given); each is admitted (and sends a first event) or refused
    with 429, and none takes a 5xx."""
    return asyncio.run(_streams(url, tracking, count, local_address))


async def _streams(
    url: str, tracking: str, count: int, local_address: str | None
) -> dict[str, int]:
    limits = httpx.Limits(max_connections=count + 10)
    answers: dict[str, int] = {}
    transport = httpx.AsyncHTTPTransport(local_address=local_address, limits=limits)
    async with httpx.AsyncClient(base_url=url, timeout=30, transport=transport) as client:
        outcomes = await asyncio.gather(*(_one_stream(client, tracking) for _ in range(count)))
    for outcome in outcomes:
        answers[outcome] = answers.get(outcome, 0) + 1
    return answers


async def _one_stream(client: httpx.AsyncClient, tracking: str) -> str:
    try:
        async with client.stream(
            "GET", f"/v1/status/{tracking}/events", headers={"X-National-Code": PERSON}
        ) as response:
            if response.status_code != 200:
                return str(response.status_code)
            async for _ in response.aiter_bytes():
                return "streamed"
            return "empty"
    except httpx.TransportError:
        return "dropped"
