"""Must show 1 (gateway): schemathesis over the whole merged /v1 surface of the running window.

On both edges (tests.edges): the embedded window as its own process (real HTTP, its gateway
in front), and the distributed mode with HAProxy in front. Every operation of the merged
document gets generated requests, valid and invalid, with a token that may use it. No answer
may be a 5xx, and every answer must match the document (status, content type, schema:
errors as problem+json), whichever edge gave it.
"""

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.edges import Deployment, next_address, session_from

# Per operation: the embedded default's run has the most; the distributed edge's is bounded
# (it repeats the surface through HAProxy: the same document, another front door).
EXAMPLES = {
    "embedded": int(os.environ.get("PANJEREH_FUZZ_EXAMPLES", "25")),
    "haproxy": int(os.environ.get("PANJEREH_FUZZ_EXAMPLES_EDGE", "10")),
}
CLIENTS = {
    "agency": "passport-police-backend",
    "ops": "ops-dashboard",
    "office": "legal-basis-office",
}


# Who may use each part of the surface; everything else is an agency's.
ROLES = (("/v1/compliance", "ops"), ("/v1/legal-basis", "office"))

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _fuzz(operation: Any, edge: Deployment, token: str) -> None:
    # An address of its own per operation: its requests never spend another's budget.
    session = session_from(next_address())

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES[edge.name],
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case: Any) -> None:
        case.call_and_validate(
            base_url=edge.url,
            session=session,
            headers={"Authorization": f"Bearer {token}"},
            checks=CHECKS,
            excluded_checks=[negative_data_rejection],
        )

    run()


def test_no_5xx_and_every_answer_matches_the_document(edge: Deployment) -> None:
    # schemathesis' own pytest loader does not run on pytest 9 (it reads a removed private
    # attribute), so the operations are driven through its Python API, one after another.
    schema = schemathesis.openapi.from_url(f"{edge.url}/openapi.json")
    failures: dict[str, str] = {}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        role = next((r for prefix, r in ROLES if operation.path.startswith(prefix)), "agency")
        try:
            _fuzz(operation, edge, edge.token(CLIENTS[role]))
        except (Exception, BaseExceptionGroup) as failure:  # try all; report every failure
            failures[operation.label] = str(failure)[:2000]
    assert operations >= 20, "the merged document lost operations"
    assert not failures, "\n\n".join(f"{label}: {text}" for label, text in failures.items())
