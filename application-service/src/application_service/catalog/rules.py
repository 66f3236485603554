"""Decision rules as CEL expressions (cel-python), compiled and type-checked when written.

A rule is a condition an application must meet to be approved automatically. It sees:
`applicant` (national_code, mobile, birth_date, age), `form` (what the agency sent),
`evidence` (per evidence type its shareable record, or null if the registry found none),
`found` (per evidence type, a bool) and `today` (ISO date). When a rule does not hold, the
application is rejected or referred to an officer, with the rule's reason. The form has no
declared schema: a rule over it is checked with the types its use implies (form_sample).
"""

import datetime as dt
import logging
import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import celpy
from celpy.adapter import json_to_cel
from celpy.celparser import CELParseError
from celpy.evaluation import CELEvalError
from pydantic import BaseModel, ConfigDict, Field

from application_service.catalog import form_sample, rule_limits
from panjereh import evidence as evidence_records

OnFail = Literal["reject", "refer"]


class Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=60, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    expression: str = Field(min_length=1, max_length=2000)
    on_fail: OnFail = "reject"
    reason_fa: str = Field(min_length=1, max_length=300)
    reason_en: str = Field(min_length=1, max_length=300)


class RuleError(ValueError):
    """A rule that cannot be compiled, or does not type-check against its service's evidence."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index


@dataclass(frozen=True)
class Failure:
    rule: Rule
    errored: bool  # the rule could not be evaluated (e.g. a field was missing)
    detail: str = ""
    timed_out: bool = False  # it ran out of its time budget (errored too)


# celpy logs every activation at DEBUG: the applicant's data, national code included.
logging.getLogger("celpy").setLevel(logging.WARNING)
_ENV = celpy.Environment()


@lru_cache(maxsize=4096)
def _tree(expression: str) -> Any:
    return _ENV.compile(expression)


@lru_cache(maxsize=4096)
def _program(expression: str) -> celpy.Runner:
    return _ENV.program(_tree(expression))


def check(rules: Sequence[Rule], *, required_evidence: Sequence[str]) -> None:
    """Raise RuleError for the first rule that does not compile, could run long, or does not
    give a bool against a sample of the data it will see (every required type found).

    In-process: for rules we wrote (the demo seeds) and tests; an agency's rules are checked
    in the rule pool, within the budget (rule_budget.RulePool.check), rule by rule with
    check_one.
    """
    for index, rule in enumerate(rules):
        if problem := check_one(rule.expression, tuple(required_evidence)):
            raise RuleError(index, problem)


def check_one(expression: str, required_evidence: tuple[str, ...]) -> str | None:
    """Why this rule is refused (a short English message), or None if it is sound."""
    if problem := _static_problem(expression, required_evidence):
        return problem
    problems = []
    for form in form_sample.samples(expression):
        if (problem := _sample_problem(expression, required_evidence, form)) is None:
            return None
        problems.append(problem)
    return problems[0]


def _sample_problem(
    expression: str, required_evidence: tuple[str, ...], form: dict[str, Any]
) -> str | None:
    """Why the rule gives no bool on a sample of what it will see, or None if it does."""
    try:
        result = _program(expression).evaluate(_sample(required_evidence, form))
    except RecursionError:
        return "is nested too deeply to evaluate"
    except (CELEvalError, TypeError) as error:
        # celpy raises a bare TypeError for a macro over a value of the wrong type (`.all` on
        # a form field sampled as a number): that sample does not type-check, the next may.
        return f"does not type-check against the evidence and the form: {_short(error)}"
    if isinstance(result, CELEvalError):
        return f"does not type-check against the evidence and the form: {_short(result)}"
    if not isinstance(result, celpy.celtypes.BoolType):
        return f"must give true or false, not {type(result).__name__}"
    return None


def _static_problem(expression: str, required_evidence: Sequence[str]) -> str | None:
    try:
        tree = _tree(expression)
    except CELParseError as error:
        return f"does not parse: {_short(error)}"
    except RecursionError:
        return "is nested too deeply to parse"
    if costly := rule_limits.inspect(tree):
        return costly.en
    return _evidence_field_problem(expression, required_evidence)


def _short(error: Exception) -> str:
    """The evaluator's message without what it appends: its whole activation (kilobytes)."""
    text = str(error.args[0] if error.args else error)
    text = text.split(" (in activation", 1)[0].splitlines()[0] if text else type(error).__name__
    return text if len(text) <= 160 else text[:157] + "..."


_EVIDENCE_FIELD = re.compile(
    r"""evidence\s*\[\s*(?:"([^"]+)"|'([^']+)')\s*\](?:\s*\.\s*([A-Za-z_]\w*))?"""
)


def _evidence_field_problem(expression: str, required: Sequence[str]) -> str | None:
    """Every `evidence["type"].field` named anywhere, even behind a short-circuit, must exist.

    The sample evaluation alone misses the untaken side of `a || b`.
    """
    for double, single, field_name in _EVIDENCE_FIELD.findall(expression):
        code = double or single
        if code not in required:
            return f"uses evidence {code!r}, which the service does not require"
        if field_name and field_name not in evidence_records.SHAREABLE_FIELDS.get(code, ()):
            return f"evidence {code!r} has no shareable field {field_name!r}"
    return None


def evaluate(rules: Sequence[Rule], data: Mapping[str, Any]) -> list[Failure]:
    """The rules that do not hold for `data` (variables, see `variables`); never raises.

    In-process and unbounded: tests only. Decisions evaluate in the rule pool.
    """
    failures = []
    for rule in rules:
        verdict, detail = evaluate_one(rule.expression, data)
        if verdict != "true":
            failures.append(Failure(rule, errored=verdict == "error", detail=detail))
    return failures


Verdict = Literal["true", "false", "error"]


def evaluate_one(expression: str, data: Mapping[str, Any]) -> tuple[Verdict, str]:
    """One rule's verdict on `data` (plain JSON variables), with why if it errored."""
    return verdict(expression, activation(data))


def activation(data: Mapping[str, Any]) -> dict[str, Any]:
    """`data` as CEL values, converted once for all the rules of a set (nothing mutates it)."""
    return _to_cel(data)


def verdict(expression: str, converted: Mapping[str, Any]) -> tuple[Verdict, str]:
    """One rule's verdict on an activation, with why if it errored."""
    try:
        result = _program(expression).evaluate(dict(converted))
    except (CELEvalError, CELParseError) as error:
        return "error", _short(error)
    except RecursionError:
        return "error", "nested too deeply to evaluate"
    if isinstance(result, CELEvalError):
        return "error", _short(result)
    if not isinstance(result, celpy.celtypes.BoolType):
        return "error", "not a bool"
    return ("true" if bool(result) else "false"), ""


def variables(
    *,
    applicant: Mapping[str, Any],
    form: Mapping[str, Any],
    evidence: Mapping[str, Mapping[str, Any] | None],
    today: dt.date,
) -> dict[str, Any]:
    """The variables rules see, as plain JSON (what crosses into the rule pool)."""
    birth = applicant.get("birth_date")
    age = _age(dt.date.fromisoformat(birth), today) if birth else None
    return {
        "applicant": {**applicant, "age": age},
        "form": dict(form),
        "evidence": {
            code: (dict(data) if data is not None else None) for code, data in evidence.items()
        },
        "found": {code: data is not None for code, data in evidence.items()},
        "today": today.isoformat(),
    }


def _to_cel(data: Mapping[str, Any]) -> dict[str, Any]:
    converted = json_to_cel(dict(data))
    assert isinstance(converted, dict)
    return dict(converted)


def _sample(required_evidence: Sequence[str], form: dict[str, Any]) -> dict[str, Any]:
    return _to_cel(
        variables(
            applicant={
                "national_code": "0018392741",
                "mobile": "09121234567",
                "birth_date": "1990-03-21",
            },
            form=form,
            evidence={code: _sample_record(code) for code in required_evidence},
            today=dt.date(2026, 1, 1),
        )
    )


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _sample_record(code: str) -> dict[str, Any] | None:
    model = evidence_records.RECORDS.get(code)
    if model is None:
        return None
    shareable = evidence_records.SHAREABLE_FIELDS[code]
    return {
        name: _sample_value(field.annotation)
        for name, field in model.model_fields.items()
        if name in shareable
    }


def _sample_value(annotation: Any) -> Any:
    """A value of the annotated type, so type errors in rules show at write time."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _sample_value(typing.get_args(annotation)[0])
    if origin is Literal:
        return typing.get_args(annotation)[0]
    if origin in (typing.Union, types.UnionType):
        return _sample_value(next(a for a in typing.get_args(annotation) if a is not type(None)))
    samples: dict[Any, Any] = {bool: True, int: 1, float: 1.0, str: "x", dt.date: "2000-01-01"}
    return samples.get(annotation, "x")
