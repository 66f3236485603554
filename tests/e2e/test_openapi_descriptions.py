"""Every operation of the merged document teaches (issue 18: 4 of 30 had a description, and
an agency developer could not tell from the document who may call what): each has a
description that says who may call it (the scope the route needs, or that it needs no
bearer token), and the bodies a developer writes first carry examples that the schema
accepts, with sandbox national codes whose check digit holds."""

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import pytest_asyncio

from gateway import routing
from panjereh import auth, identity
from tests.e2e.live_document import live_document

pytestmark = pytest.mark.asyncio
METHODS = {"get", "put", "post", "patch", "delete"}
EVERY_SCOPE = {*auth.SCOPES, auth.CITIZEN_SCOPE}
NO_TOKEN = re.compile(r"\bpublic\b|\bno (bearer )?token\b", re.IGNORECASE)
# The request bodies and answers a new integrator writes or reads first.
EXAMPLE_BODIES = (
    "submitApplication",
    "reviewApplication",
    "registerService",
    "decideRequest",
    "subscribeWebhook",
)
# Whole answers whose fields are never null: FastAPI drops the nulls of an example
# (exclude_none), so an answer with a null field gets its examples on its fields.
EXAMPLE_ANSWERS = (("submitApplication", "202"), ("createToken", "200"))


@pytest_asyncio.fixture
async def document(tmp_path: Path) -> AsyncIterator[dict[str, Any]]:
    yield await live_document(tmp_path / "data")


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method.upper(), path, operation


def _by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {op["operationId"]: op for _, _, op in _operations(document)}


def _bearer(operation: dict[str, Any]) -> bool:
    return any("HTTPBearer" in requirement for requirement in operation.get("security", []))


def _scopes_needed(method: str, path: str) -> set[str]:
    """The scopes the edge asks for on this route (one of them), or every scope if none is
    named there (a gateway route such as /metrics checks its own)."""
    concrete = re.sub(r"\{[^}]+\}", "x1", path)
    return set(routing.scopes_for(method, concrete)) or EVERY_SCOPE


async def test_every_operation_has_a_description_beyond_its_summary(
    document: dict[str, Any],
) -> None:
    bare = [
        f"{method} {path}"
        for method, path, op in _operations(document)
        if len((op.get("description") or "").strip()) < 60
        or op.get("description", "").strip() == op.get("summary", "").strip()
    ]
    assert not bare, f"{len(bare)} operations without a description: {bare}"


async def test_each_description_says_who_may_call_it(document: dict[str, Any]) -> None:
    unsaid = []
    for method, path, op in _operations(document):
        description = op.get("description", "")
        if _bearer(op):
            if not any(f"`{scope}`" in description for scope in _scopes_needed(method, path)):
                unsaid.append(f"{method} {path}: names none of {_scopes_needed(method, path)}")
        elif not op.get("security") and not NO_TOKEN.search(description):
            unsaid.append(f"{method} {path}: does not say it needs no token")
    assert not unsaid, unsaid


def _examples(document: dict[str, Any], media: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    schema = media["schema"]
    found = list(media.get("examples", {}).values()) if "examples" in media else []
    if "example" in media:
        found.append(media["example"])
    ref = schema.get("$ref")
    if ref:
        found += document["components"]["schemas"][ref.rsplit("/", 1)[1]].get("examples", [])
    return schema, found


def _check(document: dict[str, Any], where: str, media: dict[str, Any]) -> None:
    schema, examples = _examples(document, media)
    assert examples, f"{where} has no example"
    # The document's own components resolve the references ("#/components/…").
    root = {**schema, "components": document["components"]}
    for example in examples:
        jsonschema.Draft202012Validator(root).validate(example)
        for code in _national_codes(example):
            assert identity.normalize_national_code(code) == code, (where, code)


def _national_codes(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "national_code" and isinstance(item, str):
                yield item
            yield from _national_codes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _national_codes(item)


async def test_the_first_bodies_and_answers_have_examples_their_schemas_accept(
    document: dict[str, Any],
) -> None:
    operations = _by_id(document)
    for operation_id in EXAMPLE_BODIES:
        media = operations[operation_id]["requestBody"]["content"]["application/json"]
        _check(document, f"{operation_id} body", media)
    for operation_id, status in EXAMPLE_ANSWERS:
        media = operations[operation_id]["responses"][status]["content"]["application/json"]
        _check(document, f"{operation_id} {status}", media)


async def test_an_example_the_schema_refuses_is_caught(document: dict[str, Any]) -> None:
    """The check above can fail: a submission example with a bad check digit, or without
    its applicant, is refused."""
    media = _by_id(document)["submitApplication"]["requestBody"]["content"]["application/json"]
    ref = media["schema"]["$ref"].rsplit("/", 1)[1]
    good = document["components"]["schemas"][ref]["examples"][0]
    broken = {**good, "applicant": {**good["applicant"], "national_code": "0018392742"}}
    document["components"]["schemas"][ref]["examples"] = [broken]
    with pytest.raises(identity.InvalidNationalCode):
        _check(document, "broken", media)
    document["components"]["schemas"][ref]["examples"] = [{"service_id": "passport-issuance"}]
    with pytest.raises(jsonschema.ValidationError):
        _check(document, "broken", media)
