"""The hostile burst: schemathesis over the gateway's merged OpenAPI document (valid and
invalid requests to every operation, with the not_a_server_error check), then the
hand-made cases of `probes`. Blocking (requests, hypothesis): the campaign runs it in a
thread beside the valid workload. Every answer is counted by class; a 5xx is a bug.

Raw HTTP (requests, httpx) on purpose, here and in `probes` and `trust_probes`: an attacker
does not use our SDK, and its retries, token handling and validation would soften the very
requests under test. The valid workload (`workload`) is the SDK's client."""

import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from tests.edges import session_from
from tests.faults import probes, trust_probes

EXAMPLES = int(os.environ.get("PANJEREH_FAULT_FUZZ_EXAMPLES", "50"))  # per operation and mode
OPS_CLIENT = ("ops-dashboard", "demo-ops-secret")


@dataclass
class Tally:
    classes: Counter[str] = field(default_factory=Counter)  # "2xx", "4xx", "5xx", "dropped"
    server_errors: list[str] = field(default_factory=list)  # what got a 5xx, for the report
    broken_promises: list[str] = field(default_factory=list)  # a 4xx where 403 was promised…
    seconds: float = 0.0

    def record(self, label: str, status: int | None, detail: str = "") -> None:
        self.classes["dropped" if status is None else f"{status // 100}xx"] += 1
        if status is not None and status >= 500:
            self.server_errors.append(f"{label} -> {status}: {detail[:500]}")

    def counts(self) -> dict[str, int]:
        streams = {k: v for k, v in self.classes.items() if k.startswith("streams ")}
        return {
            "burst_requests": sum(self.classes.values()) - sum(streams.values()),
            "burst_4xx": self.classes["4xx"],
            "burst_dropped": self.classes["dropped"],
            "server_errors": self.classes["5xx"],
            "broken_promises": len(self.broken_promises),
            "burst_s": round(self.seconds),
            **{k.replace(" ", "_"): v for k, v in sorted(streams.items())},
        }


def _kernels_choice() -> str | None:
    return None


def burst(
    url: str,
    *,
    signing_key: Path,
    examples: int = EXAMPLES,
    addresses: Callable[[], str | None] = _kernels_choice,
) -> Tally:
    """Fire the whole burst at the gateway at `url`; what came back. Each part (the probes,
    the streams, each fuzzed operation) speaks from `addresses()` (a loopback address, None:
    the kernel's choice), so the parts spend per-address budgets of their own."""
    tally, started = Tally(), time.monotonic()
    probing = httpx.HTTPTransport(local_address=addresses())
    with httpx.Client(base_url=url, timeout=60, transport=probing) as client:
        agency = _token(client, *probes.CLIENT)
        ops = _token(client, *OPS_CLIENT)
        for probe in [*probes.probes(agency, signing_key), *trust_probes.probes(agency, ops)]:
            _send(client, probe, tally)
        tracking = _tracking_code(client, agency)
    streams = trust_probes.streams(url, tracking=tracking, local_address=addresses())
    for outcome, count in streams.items():
        tally.classes["streams " + outcome] += count  # not a class of answers: kept apart
        if outcome not in ("streamed", "429"):
            tally.broken_promises.append(f"{count} SSE streams ended {outcome}")
    _fuzz_all(url, {"agency": agency, "ops": ops}, examples, tally, addresses)
    tally.seconds = time.monotonic() - started
    for line in tally.server_errors:
        print(f"hostile burst 5xx: {line}", file=sys.stderr, flush=True)
    for line in tally.broken_promises:
        print(f"hostile burst broken promise: {line}", file=sys.stderr, flush=True)
    return tally


def _tracking_code(client: httpx.Client, token: str) -> str:
    """A real application of the probing agency, for streams that really stream."""
    response = client.post(
        "/v1/applications",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "hostile-stream"},
        json={
            "service_id": trust_probes.OWN_SERVICE,
            "applicant": {"national_code": trust_probes.PERSON},
        },
    )
    response.raise_for_status()
    return str(response.json()["tracking_code"])


def _token(client: httpx.Client, client_id: str, secret: str) -> str:
    response = client.post(
        "/v1/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def _send(client: httpx.Client, probe: probes.Probe, tally: Tally) -> None:
    try:
        response = client.request(probe.method, probe.path, headers=_raw(probe), **probe.options)
    except httpx.TransportError:  # the server closed on it (e.g. a body past the limit)
        tally.record(probe.label, None)
        return
    tally.record(probe.label, response.status_code, response.text)
    broken = _broken(probe, response)
    if broken:
        tally.broken_promises.append(f"{probe.label}: {broken}")


def _broken(probe: probes.Probe, response: httpx.Response) -> str | None:
    """What the answer breaks of the probe's promise, if anything."""
    if probe.expect and response.status_code not in probe.expect:
        return f"answered {response.status_code}, promised {sorted(probe.expect)}"
    if probe.check is not None and response.status_code < 500:
        return probe.check(response)
    return None


def _raw(probe: probes.Probe) -> list[tuple[bytes, bytes]]:
    """Headers as bytes: some values are not ASCII text, on purpose."""
    return [
        (name.encode(), value if isinstance(value, bytes) else value.encode())
        for name, value in probe.headers.items()
    ]


def _fuzz_all(
    url: str,
    tokens: dict[str, str],
    examples: int,
    tally: Tally,
    addresses: Callable[[], str | None],
) -> None:
    # schemathesis' pytest loader does not run on pytest 9, so its Python API drives each
    # operation (as tests/e2e/test_api_fuzz.py does).
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid one raises: loudly
        role = "ops" if operation.path.startswith("/v1/compliance") else "agency"
        headers = {"Authorization": f"Bearer {tokens[role]}"}
        address = addresses()
        session = None if address is None else session_from(address)
        for mode in GenerationMode:
            try:
                _fuzz(operation, mode, url, headers, examples, tally, session)
            except Unsatisfiable:  # nothing to make invalid (no parameters, no body)
                continue


def _fuzz(
    operation: Any,
    mode: GenerationMode,
    url: str,
    headers: dict[str, str],
    examples: int,
    tally: Tally,
    session: requests.Session | None,
) -> None:
    # No shrinking: a 5xx is recorded and the run goes on, so every example is sent once.
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case: Any) -> None:
        try:
            response = case.call(base_url=url, session=session, headers=headers, timeout=60)
        except requests.RequestException:
            tally.record(operation.label, None)
            return
        try:
            case.validate_response(response, checks=[not_a_server_error])
        except (Exception, BaseExceptionGroup):  # recorded, with how to send it again
            tally.record(operation.label, response.status_code, case.as_curl_command())
            return
        tally.record(operation.label, response.status_code)

    run()
