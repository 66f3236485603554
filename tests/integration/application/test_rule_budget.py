"""The rule pool: worker processes, each rule within its budget, decisions outside any
transaction, on SQLite and on PostgreSQL."""

import datetime as dt
import uuid
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from application_service.catalog import rule_budget, rules
from tests.integration.application.conftest import Platform
from tests.security import _rules
from tests.support import bearer

pytestmark = pytest.mark.asyncio

PASSPORT = bearer("passport-police", "applications:write", "applications:read", "catalog:write")
CHEAP = "applicant.age >= 18"


def _rule(expression: str, rule_id: str = "r") -> rules.Rule:
    return rules.Rule(id=rule_id, expression=expression, reason_fa="دلیل", reason_en="reason")


@pytest_asyncio.fixture
async def pool() -> AsyncIterator[rule_budget.RulePool]:
    async with rule_budget.running(
        workers=1, budget_seconds=0.5, total_seconds=2.0, memory_mb=1024
    ) as running:
        yield running


async def test_the_pool_checks_as_rules_check_does(pool: rule_budget.RulePool) -> None:
    await pool.check([_rule(CHEAP), _rule('today > "2020-01-01"')], required_evidence=())
    with pytest.raises(rules.RuleError) as caught:
        await pool.check([_rule(CHEAP), _rule(_rules.FIVE_LEVELS)], required_evidence=())
    assert caught.value.index == 1 and "nests comprehensions" in str(caught.value)


async def test_a_rule_out_of_budget_is_interrupted_and_the_pool_goes_on(
    pool: rule_budget.RulePool,
) -> None:
    with pytest.raises(rules.RuleError) as caught:
        await pool.check([_rule(_rules.SLOW_WITHIN_LIMITS)], required_evidence=())
    assert "took longer than its budget of 0.5 s" in str(caught.value)
    data = rules.variables(
        applicant={"national_code": "0018392741", "birth_date": "1990-03-21"},
        form={"items": _rules.MANY_ITEMS},
        evidence={},
        today=dt.date(2026, 3, 1),
    )
    slow, cheap = _rule(_rules.SLOW_ON_THE_FORM, "slow"), _rule(CHEAP, "cheap")
    failures = await pool.evaluate([slow, cheap], data)
    # Interrupted at its CPU budget; the one queued behind it is not spent on (a referral).
    assert [(f.rule.id, f.timed_out, f.detail) for f in failures] == [
        ("slow", True, "0.5"),
        ("cheap", False, "not run"),
    ]
    assert await pool.evaluate([cheap], data) == []  # the worker goes on


async def test_a_set_evaluated_in_one_worker_task_fails_as_the_rules_do_one_by_one(
    pool: rule_budget.RulePool,
) -> None:
    data = rules.variables(
        applicant={"national_code": "0018392741", "birth_date": "2015-03-21"},
        form={"employees": 3},
        evidence={"birth-certificate": {"father_name": "x"}, "military-card": None},
        today=dt.date(2026, 3, 1),
    )
    rule_set = [
        _rule(CHEAP, "adult"),  # false: eleven years old
        _rule("form.employees >= 1", "employs"),  # true
        _rule('evidence["military-card"].status == "done"', "served"),  # an error: null
        _rule('today > "2020-01-01"', "dated"),  # true
    ]
    failures = await pool.evaluate(rule_set, data)
    assert failures == rules.evaluate(rule_set, data)
    assert [(f.rule.id, f.errored) for f in failures] == [("adult", False), ("served", True)]
    assert await pool.evaluate([], data) == []


@pytest.fixture(autouse=True)
def _short_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Set before the conftest's `window` starts the services (autouse fixtures come first)."""
    monkeypatch.setenv("PANJEREH_APPLICATION_RULE_BUDGET_SECONDS", "0.5")


async def test_decisions_run_the_rules_in_the_pool_and_refer_one_out_of_budget(
    window: Platform,
) -> None:
    published = await window.applications.post(
        "/v1/catalog/services", json=_rules.service(_rules.SLOW_ON_THE_FORM), headers=PASSPORT
    )
    assert published.status_code == 201, published.text
    states = {}
    for name, form in (("long", {"items": _rules.MANY_ITEMS}), ("short", {"items": ["ab"]})):
        submitted = await window.applications.post(
            "/v1/applications",
            json={
                "service_id": published.json()["id"],
                "applicant": {"national_code": "0018392741"},
                "form": form,
            },
            headers=PASSPORT | {"Idempotency-Key": uuid.uuid4().hex},
        )
        assert submitted.status_code == 202, submitted.text
        states[name] = await window.decided(submitted.json()["id"], PASSPORT, within=60)
    assert states["short"]["state"] == "approved"
    long = states["long"]
    assert long["state"] == "needs_review"
    [reason] = long["decision"]["reasons"]
    assert reason["code"] == "costly:over-budget" and "0.5 s" in reason["en"]
