"""Readable operationIds, the method names of every generated client (`submitApplication`,
not FastAPI's `submit_v1_applications_post`), for every service from one rule.

A route may name its operation itself (`operation_id=`); otherwise its id is made of its
function's name and its path: a GET named for what it reads gets `get` before it
(`services` → `getServices`, `access_log` → `getAccessLog`), a route whose name is a verb
alone gets the resource of its path after it (`review` on /applications/{id}/review →
`reviewApplication`), and any other name is used as it is (`list_disputes` → `listDisputes`).
The gateway's merge keeps them unique across services (gateway.openapi)."""

import re

from fastapi.routing import APIRoute

# First words that already say what a GET does.
_GET_VERBS = frozenset({"get", "list", "find", "search", "stream", "verify", "download", "read"})


def operation_id(route: APIRoute) -> str:
    words = [w for w in route.name.split("_") if w]
    method = sorted(route.methods or {"GET"})[0]
    if method == "GET" and words and words[0] not in _GET_VERBS:
        words = ["get", *words]
    elif len(words) == 1:
        noun = _resource(route.path, plural=method == "GET")
        if noun and noun[:5].lower() not in words[0]:  # `inquire`, not `inquireInquiry`
            words.append(noun)
    return camel(words)


def camel(words: list[str]) -> str:
    parts = [p for w in words for p in re.split(r"[-_]", w) if p]
    return parts[0].lower() + "".join(p[:1].upper() + p[1:] for p in parts[1:]) if parts else ""


def _resource(path: str, *, plural: bool) -> str:
    """The resource the path acts on: its last segment if that names a collection
    (`/catalog/services`), else the collection before the action at its end
    (`/applications/{id}/review` → `application`); '' for a path of none."""
    segments = [s for s in path.strip("/").split("/") if s and s != "v1"]
    statics = [i for i, s in enumerate(segments) if not s.startswith("{")]
    if not statics:
        return ""
    last = statics[-1]
    action = last == len(segments) - 1 and last > 0 and segments[last - 1].startswith("{")
    named = segments[statics[-2]] if action and len(statics) > 1 else segments[last]
    return named if plural and not action else _singular(named)


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
