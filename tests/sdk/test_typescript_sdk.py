"""Issue 18, Must show 2 (the TypeScript half): the TypeScript SDK (sdk/typescript), compiled
with its pinned tsc and run by Node as an integrator would (examples/flow.ts), does the
agency's day against the embedded default over real HTTP — a token, a submission with
Persian digits, the status long-polled to a referral, a 304 on the unchanged ETag, the
officer's review, a typed problem — and then a burst past a tiny rate limit, every 429
waited out per Retry-After."""

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from panjereh_embedded.app import create_app
from tests.support import serve

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(900)]
SDK = Path(__file__).resolve().parents[2] / "sdk" / "typescript"
AGENCY = ("passport-police-backend", "demo-passport-police-secret")
REFERRED, CODE = "exit-permit-review", "۰۰۱۸۳۹۲۷۴۱"
BURST = 5


async def _run(*command: str, within: float) -> str:
    """Run `command` off the served app's event loop; its output, or a failure showing it."""
    process = await asyncio.create_subprocess_exec(
        *command, cwd=SDK, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    try:
        out, _ = await asyncio.wait_for(process.communicate(), within)
    except TimeoutError:
        process.kill()
        raise
    text = out.decode("utf-8", "replace")
    assert process.returncode == 0, f"{command[:2]} failed:\n{text[-6000:]}"
    return text


def _steps(out: str) -> dict[str, dict[str, Any]]:
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return {line["step"]: line for line in lines}


async def test_the_typescript_sdk_runs_the_day_and_waits_out_429s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    node, tsc = shutil.which("node"), SDK / "node_modules" / ".bin" / "tsc"
    assert node and tsc.exists(), "run `make install` (npm ci in sdk/typescript)"
    # The package's own dist/ (git-ignored): Node finds openapi-fetch from there.
    await _run(str(tsc), "-p", ".", within=600)
    monkeypatch.setenv("PANJEREH_GATEWAY_RATE_LIMIT_PER_CLIENT", "3/5seconds")
    async with serve(create_app(tmp_path / "data")) as url:
        flow = SDK / "dist" / "examples" / "flow.js"
        out = await _run(node, str(flow), url, *AGENCY, REFERRED, CODE, str(BURST), within=600)
    steps = _steps(out)
    assert steps["decided"]["state"] == "needs_review", out
    unchanged = steps["unchanged"]
    assert unchanged["not_modified"] is True and unchanged["etag"] == unchanged["was"]
    assert steps["reviewed"] == {"step": "reviewed", "state": "approved", "tokens": 1}
    refused = steps["refused"]
    assert refused["status"] == 422 and any("national_code" in f for f in refused["fields"])
    burst = steps["burst"]
    assert len(set(burst["ids"])) == BURST, "every submission of the burst went through"
    assert burst["retried"].get("429", 0) >= 1 and burst["waited"] > 0, burst
