"""The merged OpenAPI document passes a real linter (Redocly CLI's recommended rules) with no
error: what agencies' client generators read must declare its security, servers and errors
(issue 18: generated clients sent no token, `redocly lint` reported 31 errors)."""

import json
import os
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from panjereh_embedded.app import create_app
from tests.support import LifespanManager

pytestmark = pytest.mark.asyncio
REDOCLY = Path(__file__).parents[2] / "tools" / "node" / "node_modules" / ".bin" / "redocly"


_SERVED: list[str] = []  # the document as the embedded default served it, fetched once


@pytest_asyncio.fixture
async def document(tmp_path: Path) -> AsyncIterator[dict[str, Any]]:
    if not _SERVED:
        async with LifespanManager(create_app(tmp_path / "data")) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as c:
                _SERVED.append((await c.get("/openapi.json")).text)
    yield json.loads(_SERVED[0])  # each test its own copy


def _lint(path: Path) -> list[dict[str, Any]]:
    assert REDOCLY.exists(), "the linter is missing: run `make install` (npm ci in tools/node)"
    run = subprocess.run(
        [str(REDOCLY), "lint", str(path), "--format=json"],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"},
        check=False,
    )
    start = run.stdout.find("{")
    assert start >= 0, f"no report from the linter: {run.stdout[-2000:]} {run.stderr[-2000:]}"
    problems: list[dict[str, Any]] = json.loads(run.stdout[start:])["problems"]
    return problems


async def test_the_merged_document_lints_with_no_error(
    document: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(document, ensure_ascii=False))
    errors = [p for p in _lint(path) if p["severity"] == "error"]
    assert not errors, "\n".join(f"{p['ruleId']}: {p['message']}" for p in errors)


async def test_the_linter_finds_an_error_in_a_broken_document(
    document: dict[str, Any], tmp_path: Path
) -> None:
    # The check above can fail: the same document with its security schemes gone does.
    del document["components"]["securitySchemes"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document, ensure_ascii=False))
    assert any(p["ruleId"] == "security-defined" for p in _lint(path))


async def test_secured_operations_take_a_bearer_or_oauth2_token_and_public_ones_none(
    document: dict[str, Any],
) -> None:
    schemes = document["components"]["securitySchemes"]
    token_url = schemes["oauth2"]["flows"]["clientCredentials"]["tokenUrl"]
    assert schemes["HTTPBearer"]["scheme"] == "bearer" and token_url == "/v1/oauth/token"
    assert document["servers"]
    operations = {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }
    assert operations[("POST", "/v1/applications")]["security"] == [
        {"HTTPBearer": []},
        {"oauth2": []},
    ]
    assert operations[("GET", "/v1/status/{tracking_code}")]["security"] == []
    assert "401" in operations[("POST", "/v1/applications")]["responses"]
    assert "429" in operations[("GET", "/v1/status/{tracking_code}")]["responses"]
