"""Finding 2 of issue #14 (and the rule items of 8 and 9): one short rule froze the platform.

A 159-character rule of five nested comprehensions was accepted and then blocked the embedded
process for seconds, at write time and again for every application. Now what could run long
is refused when written, and every rule runs in a worker process within a time budget, so
GET /health/live, probed throughout each attack, keeps answering.

Black box: the agency publishes and applies over HTTP through the gateway.
"""

import uuid
from typing import Any

import httpx
import pytest

from tests.security import _rules
from tests.security.conftest import COMPLETE_PERSON, ON_BOTH_EDGES, PASSPORT, Window

pytestmark = pytest.mark.asyncio

GENEROUS = 2.0  # seconds: far above a healthy probe, far below a rule that held the loop


async def _publish(window: Window, rule: str) -> httpx.Response:
    return await window.http.post(
        "/v1/catalog/services", json=_rules.service(rule), headers=await window.auth(PASSPORT)
    )


def _refused_rule(response: httpx.Response) -> str:
    """The 422's message for the rule, after checking the problem's shape."""
    assert response.status_code == 422, response.text
    body: dict[str, Any] = response.json()
    [error] = body["errors"]
    assert error["field"] == "rules.0.expression"
    message = str(error["message"])
    assert not message.startswith("Value error"), message
    assert len(message) < 200, message
    assert len(response.content) < 1500, len(response.content)
    return message


@ON_BOTH_EDGES
async def test_the_five_level_rule_is_refused_at_write_time_without_stalling(
    window: Window,
) -> None:
    async with _rules.probing(window.url) as probe:
        response = await _publish(window, _rules.FIVE_LEVELS)
    assert "nests comprehensions" in _refused_rule(response)
    assert probe.worst < GENEROUS, probe.worst


async def test_a_long_rule_within_the_static_limits_is_cut_at_its_budget_when_written(
    window: Window,
) -> None:
    async with _rules.probing(window.url) as probe:
        response = await _publish(window, _rules.SLOW_WITHIN_LIMITS)
    assert "took longer than its budget" in _refused_rule(response)
    assert probe.worst < GENEROUS, probe.worst


async def test_a_rule_out_of_budget_on_the_form_refers_the_application_to_review(
    window: Window,
) -> None:
    published = await _publish(window, _rules.SLOW_ON_THE_FORM)
    assert published.status_code == 201, published.text
    headers = await window.auth(PASSPORT)
    async with _rules.probing(window.url) as probe:
        submitted = await window.http.post(
            "/v1/applications",
            json={
                "service_id": published.json()["id"],
                "applicant": {"national_code": COMPLETE_PERSON},
                "form": {"items": _rules.MANY_ITEMS},
            },
            headers=headers | {"Idempotency-Key": f"sec-rules-{uuid.uuid4()}"},
        )
        assert submitted.status_code == 202, submitted.text
        application = await _rules.decided(window.http, submitted.json()["id"], headers)
    assert application["state"] == "needs_review", application["state"]
    [reason] = application["decision"]["reasons"]
    assert reason["code"] == "costly:over-budget"
    assert "took longer than its budget" in reason["en"]
    assert "بودجهٔ زمانی" in reason["fa"]
    assert probe.worst < GENEROUS, probe.worst


@ON_BOTH_EDGES
async def test_a_rule_nested_500_levels_deep_is_a_422_not_a_500(window: Window) -> None:
    response = await _publish(window, "(" * 500 + "true" + ")" * 500)
    assert "nested too deeply" in _refused_rule(response)


@ON_BOTH_EDGES
async def test_a_compile_error_answers_a_short_422_without_the_engine_s_activation(
    window: Window,
) -> None:
    response = await _publish(window, "unknown_variable == 1")
    message = _refused_rule(response)
    assert "unknown_variable" in message
    assert "activation" not in response.text.lower() and "google" not in response.text
