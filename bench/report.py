"""How every benchmark reports: the machine it ran on, and one JSON file, one Markdown report
and one PNG plot of latency percentiles against offered load, under docs/benchmarks/.

Figures vary with the machine, so each report says which machine and how to run it again.
"""

import datetime as dt
import json
import math
import os
import platform
import shlex
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: files only; before pyplot is imported

from matplotlib import pyplot, ticker

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks"
QUICK_DOCS = ROOT / "bench" / "results"  # quick runs: git-ignored, never the published figures
PERCENTILES = ("p50", "p95", "p99")


@dataclass
class Report:
    """One benchmark's findings; `series` maps a line's label to its points (dicts with
    `offered_per_s` and `p50_ms`/`p95_ms`/`p99_ms`), which the plot draws."""

    name: str  # file stem under docs/benchmarks/ and the `BENCH=` value of `make bench`
    title: str
    method: str  # Markdown: what is measured and how
    sections: list[tuple[str, str]]  # (heading, Markdown body)
    series: Mapping[str, Sequence[Mapping[str, Any]]]
    machine: Mapping[str, str]
    options: Mapping[str, Any]
    x_label: str = "offered load (requests/s)"
    reference: tuple[float, str] | None = None  # (ms, label): a line to compare against
    styles: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # label: line style
    data: Mapping[str, Any] = field(default_factory=dict)  # extra raw figures for the JSON


def machine(**versions: str) -> dict[str, str]:
    """CPU, cores, memory, kernel, Python, date and load, plus the named software versions."""
    described = {
        "CPU": _cpu_model(),
        "cores": f"{os.cpu_count()} (this process may use {len(os.sched_getaffinity(0))})",
        "RAM": f"{_mem_total_gib():.1f} GiB",
        "kernel": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        **versions,
        "load average at start (1/5/15 min)": " / ".join(f"{v:.2f}" for v in os.getloadavg()),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    return described


def _cpu_model() -> str:
    """/proc/cpuinfo's name of the first CPU; a virtual one's name can be bare ("AMD EPYC"),
    so its family, model and clock go beside it."""
    first = Path("/proc/cpuinfo").read_text().split("\n\n")[0]
    fields = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in first.splitlines())
    )
    name = fields.get("model name") or platform.processor() or "unknown"
    details = [f"family {fields.get('cpu family', '?')}, model {fields.get('model', '?')}"]
    if "cpu MHz" in fields:
        details.append(f"{float(fields['cpu MHz']):.0f} MHz")
    if "hypervisor" in fields.get("flags", "").split():
        details.append("virtual machine")
    return f"{name} ({', '.join(details)})"


def _mem_total_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024**2
    return float("nan")


def tool_version(command: Sequence[str]) -> str:
    """The first line a tool prints about its version (some print it on stderr)."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = (done.stdout + done.stderr).strip().splitlines()
    return lines[0].strip() if lines else "unknown"


def postgres_version(url: str) -> str:
    """The server's own version string (not the client's)."""
    import asyncio

    import sqlalchemy as sa
    from sqlalchemy.ext.asyncio import create_async_engine

    async def ask() -> str:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as connection:
                return str((await connection.execute(sa.text("SHOW server_version"))).scalar())
        finally:
            await engine.dispose()

    return "PostgreSQL " + asyncio.run(ask())


def kafka_version() -> str:
    """The broker `make infra-up` runs: the version in its jar's name."""
    jars = sorted((ROOT / "deploy" / "kafka" / "libs").glob("kafka_2.13-*.jar"))
    if not jars:
        return "unknown"
    return f"Apache Kafka {jars[-1].stem.removeprefix('kafka_2.13-')} (single node, KRaft)"


def table(header: Sequence[str], rows: Iterable[Sequence[object]], *, figures: bool = True) -> str:
    """A Markdown table; the first column left-aligned, the others right-aligned if they hold
    figures."""
    lines = [
        "| " + " | ".join(header) + " |",
        "| --- |" + (" ---: |" if figures else " --- |") * (len(header) - 1),
    ]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


LATENCY_COLUMNS = (("p50 ms", "p50_ms"), ("p95 ms", "p95_ms"), ("p99 ms", "p99_ms"))


def sweep_table(
    series: Mapping[str, Sequence[Mapping[str, Any]]],
    columns: Sequence[tuple[str, str]],
    *,
    label: str = "case",
) -> str:
    """One row per measured point of every series: its label, then (header, key) columns."""
    return table(
        (label, *(header for header, _ in columns)),
        (
            (name, *(point.get(key, float("nan")) for _, key in columns))
            for name, points in series.items()
            for point in points
        ),
    )


def _cell(value: object) -> str:
    if value is None:  # a figure the system under test does not expose
        return "n/a"
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return str(value)


def publish(report: Report, *, quick: bool) -> Path:
    """Write <name>.json, <name>.md and <name>.png under docs/benchmarks/ (a quick run's under
    bench/results/, so it never overwrites the published figures); print the report."""
    where = QUICK_DOCS if quick else DOCS
    where.mkdir(parents=True, exist_ok=True)
    command = _command(report.name, quick=quick)
    plot(where / f"{report.name}.png", report)
    markdown = _markdown(report, command, quick=quick)
    (where / f"{report.name}.md").write_text(markdown)
    raw = {
        "name": report.name,
        "command": command,
        "quick": quick,
        "machine": report.machine,
        "options": report.options,
        "series": report.series,
        **report.data,
    }
    (where / f"{report.name}.json").write_text(json.dumps(raw, indent=1, ensure_ascii=False) + "\n")
    print("\n" + markdown)
    print(f"written {where / report.name}.{{md,png,json}}")
    return where / f"{report.name}.md"


def _command(name: str, *, quick: bool) -> str:
    script = shlex.join([".venv/bin/python", "-m", f"bench.{name}_bench", *sys.argv[1:]])
    make = f"make bench BENCH={name}" + (" QUICK=1" if quick else "")
    return f"`{make}` (it runs `{script}` after `make install infra-up`)"


def _markdown(report: Report, command: str, *, quick: bool) -> str:
    parts = [f"# {report.title}", report.method]
    if quick:
        parts.append(
            "**Quick mode**: short runs to prove the benchmark works; the figures are "
            "indicative only. Run without `QUICK=1` for the real ones."
        )
    parts.append(f"![latency percentiles against offered load]({report.name}.png)")
    parts += [f"## {heading}\n\n{body}" for heading, body in report.sections]
    parts.append("## Machine\n\n" + table(("", ""), report.machine.items(), figures=False))
    parts.append(
        f"## Regenerate\n\n{command}. Raw figures: [`{report.name}.json`]({report.name}.json)."
    )
    return "\n\n".join(parts) + "\n"


def plot(path: Path, report: Report) -> None:
    """One panel per percentile, one line per series; both axes logarithmic, since the
    offered rates double and latency past saturation grows by orders of magnitude."""
    figure, axes = pyplot.subplots(
        1, len(PERCENTILES), figsize=(5 * len(PERCENTILES), 4.6), sharey=True
    )
    offered = sorted({p["offered_per_s"] for points in report.series.values() for p in points})
    for axis, percentile in zip(axes, PERCENTILES, strict=True):
        for (label, points), marker in zip(report.series.items(), _MARKERS, strict=False):
            shown = [p for p in points if not math.isnan(p.get(f"{percentile}_ms", math.nan))]
            axis.plot(
                [p["offered_per_s"] for p in shown],
                [p[f"{percentile}_ms"] for p in shown],
                **{"marker": marker, "label": label, **report.styles.get(label, {})},
            )
        if report.reference is not None:
            value, label = report.reference
            axis.axhline(value, color="grey", linestyle=":", linewidth=1.5, label=label)
        axis.set(xscale="log", yscale="log", title=percentile, xlabel=report.x_label)
        # The offered rates themselves as ticks, in plain numbers, not powers of ten.
        axis.set_xticks(offered, [f"{rate:g}" for rate in offered])
        axis.xaxis.set_minor_locator(ticker.NullLocator())
        axis.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("latency (ms)")
    handles, labels = axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=min(4, len(labels)), frameon=False)
    figure.suptitle(report.title)
    rows = math.ceil(len(labels) / 4)
    figure.tight_layout(rect=(0, 0.04 + 0.05 * rows, 1, 1))
    figure.savefig(path, dpi=110)
    pyplot.close(figure)


_MARKERS = ("o", "s", "^", "v", "D", "P", "X", "*", "<", ">")
