"""Regenerate the SDKs' generated code from the embedded default's live merged document.

`python sdk/generate.py` (what `make sdk` runs) writes sdk/openapi.json (the document, served
by an embedded app started in-process: no server, no network), the Python client
sdk/python/src/panjereh_api (openapi-python-client) and the TypeScript types
sdk/typescript/src/schema.d.ts (openapi-typescript). `--check` writes nothing and exits 1
when any checked-in file differs from what the generators make now (the staleness test).
"""

import argparse
import asyncio
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import asgi_lifespan
import httpx

from panjereh_embedded.app import create_app

SDK = Path(__file__).resolve().parent
DOCUMENT = SDK / "openapi.json"
PYTHON_CLIENT = SDK / "python" / "src" / "panjereh_api"
TYPESCRIPT_TYPES = SDK / "typescript" / "src" / "schema.d.ts"
BIN = Path(sys.executable).parent  # the venv's tools: openapi-python-client, ruff


async def live_document(data: Path) -> dict[str, Any]:
    """GET /openapi.json of a freshly started embedded default (its data under `data`)."""
    app = create_app(data)
    async with asgi_lifespan.LifespanManager(app, startup_timeout=180, shutdown_timeout=60):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            response = await client.get("/openapi.json")
            response.raise_for_status()
            document: dict[str, Any] = response.json()
            return document


def _write_document(document: dict[str, Any], path: Path) -> None:
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False)
    path.write_text(text + "\n", encoding="utf-8")


def _python_client(document: Path, out: Path) -> None:
    env = os.environ | {"PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run(  # noqa: S603 — the venv's own generator on files of this repository
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(document),
            "--meta",
            "none",
            "--config",
            str(SDK / "python" / "generator.yaml"),
            "--output-path",
            str(out),
            "--overwrite",
        ],
        check=True,
        env=env,
        capture_output=True,
    )


def _typescript_types(document: Path, out: Path) -> None:
    generator = SDK / "typescript" / "node_modules" / ".bin" / "openapi-typescript"
    subprocess.run(  # noqa: S603 — the lockfile-pinned generator on files of this repository
        [str(generator), str(document), "--output", str(out)],
        check=True,
        capture_output=True,
    )


def generate(into: Path) -> dict[Path, Path]:
    """Generate everything under `into`; {checked-in path: generated path}."""
    document = asyncio.run(live_document(into / "data"))
    _write_document(document, into / "openapi.json")
    _python_client(into / "openapi.json", into / "panjereh_api")
    _typescript_types(into / "openapi.json", into / "schema.d.ts")
    return {
        DOCUMENT: into / "openapi.json",
        PYTHON_CLIENT: into / "panjereh_api",
        TYPESCRIPT_TYPES: into / "schema.d.ts",
    }


def differences(made: dict[Path, Path]) -> list[str]:
    """The checked-in files that differ from, lack or add to what was generated."""
    found: list[str] = []
    for committed, fresh in made.items():
        if fresh.is_dir():
            found += _tree_differences(committed, fresh)
        elif not committed.exists() or not filecmp.cmp(committed, fresh, shallow=False):
            found.append(str(committed.relative_to(SDK.parent)))
    return found


def _tree_differences(committed: Path, fresh: Path) -> list[str]:
    def files(root: Path) -> set[Path]:
        if not root.is_dir():
            return set()
        return {
            p.relative_to(root)
            for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }

    ours, theirs = files(committed), files(fresh)
    changed = {p for p in ours & theirs if not filecmp.cmp(committed / p, fresh / p, shallow=False)}
    return sorted(str((committed / p).relative_to(SDK.parent)) for p in (ours ^ theirs) | changed)


def _install(made: dict[Path, Path]) -> None:
    for committed, fresh in made.items():
        if fresh.is_dir():
            shutil.rmtree(committed, ignore_errors=True)
            shutil.copytree(fresh, committed)
        else:
            shutil.copyfile(fresh, committed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python sdk/generate.py")
    parser.add_argument("--check", action="store_true", help="only say what is stale")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        made = generate(Path(tmp))
        stale = differences(made)
        if args.check:
            for path in stale:
                print(f"stale: {path}")
            return 1 if stale else 0
        _install(made)
    return 0


if __name__ == "__main__":
    sys.exit(main())
