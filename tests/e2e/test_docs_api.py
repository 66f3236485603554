"""docs/api.md, the contract in the repository's own words, names every operation of the
live merged OpenAPI document and no other (its index between the `operations` markers).

`python -m tests.e2e.test_docs_api` rewrites that index from the live document; the prose
above it is written by hand."""

import asyncio
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from panjereh_embedded.app import create_app
from tests.support import LifespanManager

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
BEGIN, END = "<!-- operations:begin -->", "<!-- operations:end -->"
_LINE = re.compile(r"^- `(?P<method>[A-Z]+) (?P<path>/\S*)`")


async def _document(data: Path) -> dict[str, Any]:
    async with LifespanManager(create_app(data)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            document: dict[str, Any] = (await client.get("/openapi.json")).json()
            return document


def _operations(document: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(tag, method, path, summary), in the document's order."""
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            tag = (operation.get("tags") or ["other"])[0]
            found.append((tag, method.upper(), path, operation.get("summary", "")))
    return found


def _index(document: dict[str, Any]) -> str:
    lines: list[str] = []
    operations = _operations(document)
    for tag in dict.fromkeys(op[0] for op in operations):
        lines += ["", f"**{tag}**", ""]
        lines += [f"- `{m} {p}` — {s}" for t, m, p, s in operations if t == tag]
    return "\n".join([BEGIN, *lines, "", END])


def _listed(text: str) -> set[tuple[str, str]]:
    block = text.split(BEGIN, 1)[1].split(END, 1)[0]
    return {
        (match["method"], match["path"])
        for line in block.splitlines()
        if (match := _LINE.match(line.strip()))
    }


@pytest.mark.asyncio
async def test_the_page_names_every_operation_and_no_other(tmp_path: Path) -> None:
    document = await _document(tmp_path / "data")
    live = {(method, path) for _, method, path, _ in _operations(document)}
    listed = _listed(DOC.read_text(encoding="utf-8"))
    hint = "run `.venv/bin/python -m tests.e2e.test_docs_api` and describe what changed above"
    assert live - listed == set(), f"docs/api.md lacks {sorted(live - listed)}: {hint}"
    assert listed - live == set(), f"docs/api.md names {sorted(listed - live)}: {hint}"


def test_the_index_reader_sees_what_the_writer_wrote() -> None:
    document = {"paths": {"/v1/x/{id}": {"get": {"tags": ["t"], "summary": "s"}}}}
    assert _listed(_index(document)) == {("GET", "/v1/x/{id}")}
    assert _listed(f"{BEGIN}\n- GET /v1/x\n{END}") == set()  # only `code` lines count


def _rewrite() -> None:
    with tempfile.TemporaryDirectory() as data:
        document = asyncio.run(_document(Path(data) / "data"))
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    DOC.write_text(head + _index(document) + rest.split(END, 1)[1], encoding="utf-8")


if __name__ == "__main__":
    _rewrite()
    sys.exit(0)
