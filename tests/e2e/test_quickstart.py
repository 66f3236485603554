"""The README's quickstart, run verbatim against both edges (tests.edges): the embedded
default served over HTTP, and the distributed mode with HAProxy in front."""

import asyncio
import json
import os
import re
from pathlib import Path

import pytest

from tests.edges import Deployment

pytestmark = pytest.mark.asyncio
README = Path(__file__).resolve().parents[2] / "README.md"


def _quickstart() -> str:
    text = README.read_text(encoding="utf-8")
    block = re.search(
        r"<!-- quickstart:begin -->\n```bash\n(.*?)```\n<!-- quickstart:end -->", text, re.S
    )
    assert block, "README has no quickstart block"
    return block.group(1)


async def test_the_readme_quickstart_works_verbatim(edge: Deployment) -> None:
    script = _quickstart()
    process = await asyncio.create_subprocess_exec(
        "bash",
        "-euo",
        "pipefail",
        "-c",
        script,
        env={**os.environ, "PANJEREH": edge.url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 180)
    assert process.returncode == 0, err.decode()
    lines = [json.loads(line) for line in out.decode().splitlines() if line.startswith("{")]
    submitted, status, inquiry = lines
    assert submitted["state"] == "collecting_evidence" and len(submitted["tracking_code"]) == 13
    assert status["tracking_code"] == submitted["tracking_code"] and status["state"] == "approved"
    assert [step["state"] for step in status["timeline"]][-1] == "approved"
    assert inquiry["status"] == "found" and inquiry["source"] == "civil-registration"
