"""Issue 18: the checked-in SDK code is what `make sdk` makes now from the live document (the
Python client panjereh_api, the TypeScript types, sdk/openapi.json): a change to the document
that was not followed by `make sdk` fails here. Generation is offline (an in-process app, the
pinned generators) and reproducible: the files it compares were made by an earlier run."""

import asyncio
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(900)]
ROOT = Path(__file__).resolve().parents[2]


async def test_the_checked_in_sdks_are_what_the_generators_make_now() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "sdk" / "generate.py"),
        "--check",
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 800)
    stale = [line for line in out.decode().splitlines() if line.startswith("stale:")]
    assert process.returncode == 0 and not stale, (
        f"run `make sdk` and commit what changed: {stale or err.decode()[-3000:]}"
    )
