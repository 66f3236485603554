"""Sample values for the form fields a rule reads, so a rule over the form can be checked.

The form is whatever the agency sends: it has no declared schema, so a field's type is
read from how the rule uses it. A field compared with a literal takes that literal's type
(`form.employees >= 1` → an int, `form.purpose == "travel"` → a string); a field the rule
uses otherwise is tried as each JSON type in turn. A rule that gives no bool under any of
those samples is refused, naming the form; one that reads a field the agency then does
not send errors at decision time and goes to an officer (rules.evaluate_one).
"""

import re
from collections.abc import Iterator
from typing import Any

_FIELD = r"""form\s*(?:\.\s*([A-Za-z_]\w*)|\[\s*(?:"([^"]+)"|'([^']+)')\s*\])"""
_LITERAL = r"""(true|false|-?\d+\.\d*(?:[eE][-+]?\d+)?|-?\d+u?|"[^"]*"|'[^']*')"""
_OPERATOR = r"(?:==|!=|>=|<=|>|<)"
_COMPARED = re.compile(rf"{_FIELD}\s*{_OPERATOR}\s*{_LITERAL}")
_COMPARED_BACKWARDS = re.compile(rf"{_LITERAL}\s*{_OPERATOR}\s*{_FIELD}")
_ANY = re.compile(_FIELD)

# What an untyped field is tried as, in turn: a small list keeps the check cheap (celpy
# spends about a millisecond per evaluation).
_UNTYPED: tuple[Any, ...] = (1, "x", True, 1.0)


def samples(expression: str) -> Iterator[dict[str, Any]]:
    """Forms to check the rule against, most likely first; one empty form if it reads none."""
    typed = _typed_fields(expression)
    untyped = [name for name in _fields(expression) if name not in typed]
    if not untyped:
        yield typed
        return
    for value in _UNTYPED:
        yield typed | dict.fromkeys(untyped, value)


def _fields(expression: str) -> list[str]:
    return list(dict.fromkeys(_name(match) for match in _ANY.findall(expression)))


def _typed_fields(expression: str) -> dict[str, Any]:
    typed: dict[str, Any] = {}
    for *field, literal in _COMPARED.findall(expression):
        typed.setdefault(_name(tuple(field)), _value(literal))
    for literal, *field in _COMPARED_BACKWARDS.findall(expression):
        typed.setdefault(_name(tuple(field)), _value(literal))
    return typed


def _name(groups: tuple[str, ...]) -> str:
    return next(group for group in groups if group)


def _value(literal: str) -> Any:
    if literal in ("true", "false"):
        return literal == "true"
    if literal[0] in "\"'":
        return literal[1:-1]
    if "." in literal or "e" in literal.lower():
        return float(literal)
    return int(literal.rstrip("u"))
