"""Open-loop HTTP load with vegeta (Go): a fixed arrival rate, whatever the answers' pace.

Vegeta starts a new worker whenever every worker is waiting, so requests leave on schedule
even when the server queues them; its latency runs from sending to the whole answer.
Installed into .tools/bin from the Go module proxy if missing; pinned to the generator's core.
"""

import base64
import json
import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import report
from bench.load import GENERATOR_CORE, pinned
from bench.report import ROOT

VERSION = "v12.13.0"
BINARY = ROOT / ".tools" / "bin" / "vegeta"
GO = "/usr/local/go/bin/go"
COLUMNS = (  # of the report's tables: (header, key of a point)
    ("offered /s", "offered_per_s"),
    ("achieved /s", "achieved_per_s"),
    ("success", "success"),
    *report.LATENCY_COLUMNS,
)


@dataclass(frozen=True)
class Target:
    url: str
    method: str = "GET"
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None


def ensure() -> Path:
    if not BINARY.exists():
        subprocess.run(
            [GO, "install", f"github.com/tsenart/vegeta/v12@{VERSION}"],
            env={**os.environ, "GOBIN": str(BINARY.parent)},
            check=True,
        )
    return BINARY


def write_targets(path: Path, targets: Sequence[Target]) -> Path:
    """Vegeta's JSON target format, one per line; it takes them in turn."""
    lines = []
    for target in targets:
        line: dict[str, Any] = {
            "method": target.method,
            "url": target.url,
            "header": {name: [value] for name, value in target.headers.items()},
        }
        if target.body is not None:
            line["body"] = base64.b64encode(target.body).decode()
        lines.append(json.dumps(line))
    path.write_text("\n".join(lines) + "\n")
    return path


def attack(targets: Path, rate: float, seconds: float, *, timeout: float = 10) -> dict[str, Any]:
    """`rate` requests/s for `seconds`; the figures of what came back."""
    binary = str(ensure())
    attacker = subprocess.Popen(
        pinned(
            GENERATOR_CORE,
            [
                binary,
                "attack",
                "-format=json",
                f"-targets={targets}",
                f"-rate={rate:g}/s",
                f"-duration={seconds:g}s",
                f"-timeout={timeout:g}s",
            ],
        ),
        stdout=subprocess.PIPE,
    )
    try:
        reported = subprocess.run(
            pinned(GENERATOR_CORE, [binary, "report", "-type=json"]),
            stdin=attacker.stdout,
            capture_output=True,
            check=True,
        )
    finally:
        assert attacker.stdout is not None
        attacker.stdout.close()
        attacker.wait()
    return _point(rate, json.loads(reported.stdout))


def _point(rate: float, figures: Mapping[str, Any]) -> dict[str, Any]:
    latency = figures["latencies"]  # nanoseconds
    return {
        "offered_per_s": rate,
        "achieved_per_s": round(figures["throughput"], 1),  # successes / (sending + last wait)
        "requests": figures["requests"],
        "success": round(figures["success"], 4),  # 2xx and 3xx
        **{f"p{q}_ms": round(latency[f"{q}th"] / 1e6, 3) for q in (50, 90, 95, 99)},
        "max_ms": round(latency["max"] / 1e6, 3),
        "status_codes": figures["status_codes"],
        "errors": (figures.get("errors") or [])[:5],
    }
