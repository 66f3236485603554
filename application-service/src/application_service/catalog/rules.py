"""Decision rules as CEL expressions (cel-python), compiled and type-checked when written.

A rule is a condition an application must meet to be approved automatically. It sees:
`applicant` (national_code, mobile, birth_date, age), `form` (what the agency sent),
`evidence` (per evidence type its shareable record, or null if the registry found none),
`found` (per evidence type, a bool) and `today` (ISO date). When a rule does not hold, the
application is rejected or referred to an officer, with the rule's reason.
"""

import datetime as dt
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


_ENV = celpy.Environment()


@lru_cache(maxsize=4096)
def _program(expression: str) -> celpy.Runner:
    return _ENV.program(_ENV.compile(expression))


def check(rules: Sequence[Rule], *, required_evidence: Sequence[str]) -> None:
    """Raise RuleError for the first rule that does not compile or does not give a bool
    against a sample of the data it will see (every required type found)."""
    sample = activation(
        applicant={
            "national_code": "0018392741",
            "mobile": "09121234567",
            "birth_date": "1990-03-21",
        },
        form={},
        evidence={code: _sample_record(code) for code in required_evidence},
        today=dt.date(2026, 1, 1),
    )
    for index, rule in enumerate(rules):
        _check_evidence_fields(index, rule.expression, required_evidence)
        try:
            program = _program(rule.expression)
        except CELParseError as error:
            raise RuleError(index, f"does not parse: {str(error).splitlines()[0]}") from error
        try:
            result = program.evaluate(sample)
        except CELEvalError as error:
            raise RuleError(
                index, f"does not type-check against the evidence: {error.args[0]}"
            ) from error
        if isinstance(result, CELEvalError):
            raise RuleError(index, f"does not type-check against the evidence: {result.args[0]}")
        if not isinstance(result, celpy.celtypes.BoolType):
            raise RuleError(index, f"must give true or false, not {type(result).__name__}")


_EVIDENCE_FIELD = re.compile(r'evidence\[\s*"([^"]+)"\s*\](?:\.([A-Za-z_]\w*))?')


def _check_evidence_fields(index: int, expression: str, required: Sequence[str]) -> None:
    """Every `evidence["type"].field` named anywhere, even behind a short-circuit, must exist.

    The sample evaluation alone misses the untaken side of `a || b`.
    """
    for code, field_name in _EVIDENCE_FIELD.findall(expression):
        if code not in required:
            raise RuleError(index, f"uses evidence {code!r}, which the service does not require")
        if field_name and field_name not in evidence_records.SHAREABLE_FIELDS.get(code, ()):
            raise RuleError(index, f"evidence {code!r} has no shareable field {field_name!r}")


def evaluate(rules: Sequence[Rule], data: Mapping[str, Any]) -> list[Failure]:
    """The rules that do not hold for `data` (an activation); never raises."""
    failures = []
    for rule in rules:
        try:
            result = _program(rule.expression).evaluate(data)
        except (CELEvalError, CELParseError) as error:
            failures.append(
                Failure(rule, errored=True, detail=str(error.args[0] if error.args else error))
            )
            continue
        if isinstance(result, CELEvalError):
            failures.append(Failure(rule, errored=True, detail=str(result.args[0])))
        elif not isinstance(result, celpy.celtypes.BoolType):
            failures.append(Failure(rule, errored=True, detail="not a bool"))
        elif not bool(result):
            failures.append(Failure(rule, errored=False))
    return failures


def activation(
    *,
    applicant: Mapping[str, Any],
    form: Mapping[str, Any],
    evidence: Mapping[str, Mapping[str, Any] | None],
    today: dt.date,
) -> dict[str, Any]:
    """The variables rules see, as CEL values."""
    birth = applicant.get("birth_date")
    age = _age(dt.date.fromisoformat(birth), today) if birth else None
    variables = json_to_cel(
        {
            "applicant": {**applicant, "age": age},
            "form": dict(form),
            "evidence": {
                code: (dict(data) if data is not None else None) for code, data in evidence.items()
            },
            "found": {code: data is not None for code, data in evidence.items()},
            "today": today.isoformat(),
        }
    )
    assert isinstance(variables, dict)
    return dict(variables)


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _sample_record(code: str) -> dict[str, Any] | None:
    model = evidence_records.RECORDS.get(code)
    if model is None:
        return None
    shareable = evidence_records.SHAREABLE_FIELDS[code]
    return {
        name: _sample(field.annotation)
        for name, field in model.model_fields.items()
        if name in shareable
    }


def _sample(annotation: Any) -> Any:
    """A value of the annotated type, so type errors in rules show at write time."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _sample(typing.get_args(annotation)[0])
    if origin is Literal:
        return typing.get_args(annotation)[0]
    if origin in (typing.Union, types.UnionType):
        return _sample(next(a for a in typing.get_args(annotation) if a is not type(None)))
    samples: dict[Any, Any] = {bool: True, int: 1, float: 1.0, str: "x", dt.date: "2000-01-01"}
    return samples.get(annotation, "x")
