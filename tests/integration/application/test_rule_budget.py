"""The rule pool: worker processes, each rule within its budget, decisions outside any
transaction, on SQLite and on PostgreSQL."""

import asyncio
import datetime as dt
import os
import signal
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

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


def _running(workers: int = 1, nice: int = 0) -> AbstractAsyncContextManager[rule_budget.RulePool]:
    return rule_budget.running(
        workers=workers, budget_seconds=0.5, total_seconds=2.0, memory_mb=1024, nice=nice
    )


@pytest_asyncio.fixture
async def pool() -> AsyncIterator[rule_budget.RulePool]:
    async with _running() as running:
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


@pytest_asyncio.fixture
async def two_workers() -> AsyncIterator[rule_budget.RulePool]:
    async with _running(workers=2) as running:
        yield running


def _person(birth_date: str, items: list[str]) -> dict[str, Any]:
    return rules.variables(
        applicant={"national_code": "0018392741", "birth_date": birth_date},
        form={"items": items},
        evidence={},
        today=dt.date(2026, 3, 1),
    )


SLOW_SET = [_rule(_rules.SLOW_ON_THE_FORM, "slow"), _rule(CHEAP, "cheap")]
SLOW_FAILURES = [("slow", True, "0.5"), ("cheap", False, "not run")]


def _batch() -> list[tuple[list[rules.Rule], dict[str, Any]]]:
    """Four applications: two whose rule runs out of its budget, an adult, a child."""
    return [
        (SLOW_SET, _person("1990-03-21", _rules.MANY_ITEMS)),
        ([_rule(CHEAP, "adult")], _person("1990-03-21", [])),
        ([_rule(CHEAP, "adult")], _person("2015-03-21", [])),
        (SLOW_SET, _person("1990-03-21", _rules.MANY_ITEMS)),
    ]


def _summary(failures: list[rules.Failure]) -> list[tuple[str, bool, Any]]:
    return [(f.rule.id, f.timed_out, f.detail) for f in failures]


def _expected() -> list[list[tuple[str, bool, Any]]]:
    child = _summary(rules.evaluate([_rule(CHEAP, "adult")], _person("2015-03-21", [])))
    assert child and not child[0][1]  # the child's rule fails, in time
    return [SLOW_FAILURES, [], child, SLOW_FAILURES]


async def test_a_batch_is_dealt_over_the_workers_each_set_within_its_own_budgets(
    two_workers: rule_budget.RulePool,
) -> None:
    failures = await two_workers.evaluate_many(_batch())
    assert [_summary(f) for f in failures] == _expected()  # in the batch's order
    assert await two_workers.evaluate_many([]) == []


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks


async def test_a_worker_killed_mid_batch_has_its_sets_run_again_one_at_a_time(
    two_workers: rule_budget.RulePool, caplog: pytest.LogCaptureFixture
) -> None:
    await two_workers.evaluate_many([([_rule(CHEAP)], _person("1990-03-21", []))])  # started
    workers = list(two_workers._pool._pool_manager.worker_manager.workers)
    before = {pid: _cpu_ticks(pid) for pid in workers}
    batch = asyncio.create_task(two_workers.evaluate_many(_batch()))
    busy: list[int] = []
    async with asyncio.timeout(60):  # until one worker is 0.1 s of CPU into its slow rule
        while not busy:  # polling /proc: there is no event to await
            await asyncio.sleep(0.01)
            busy = [pid for pid in workers if _cpu_ticks(pid) - before[pid] >= 10]
    os.kill(busy[0], signal.SIGKILL)
    failures = await batch
    assert [_summary(f) for f in failures] == _expected()
    assert "a worker's rule sets were stopped or died" in caplog.text


async def test_the_workers_run_at_the_configured_lower_priority() -> None:
    async with _running(nice=3) as niced:
        await niced.evaluate_many([([_rule(CHEAP)], _person("1990-03-21", []))])
        [pid] = niced._pool._pool_manager.worker_manager.workers
        assert os.getpriority(os.PRIO_PROCESS, pid) == os.getpriority(os.PRIO_PROCESS, 0) + 3


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
