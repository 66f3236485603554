"""EXPLAIN (ANALYZE, BUFFERS) of the statements a request ran, and how each table was read."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

_SCAN = re.compile(
    r"(?P<kind>Parallel Seq Scan|Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan"
    r"|Bitmap Heap Scan)"
    r"(?: Backward)?(?: using (?P<index>\S+))? on (?P<table>\S+)"
)

_EXECUTION = re.compile(r"Execution Time: ([\d.]+) ms")


@dataclass(frozen=True)
class Plan:
    statement: str
    text: str  # the plan as PostgreSQL prints it
    scans: tuple[str, ...]  # "Index Scan on applications (ix_…)", one per scan node

    @property
    def execution_ms(self) -> float:
        """What PostgreSQL spent running it (its "Execution Time" line)."""
        found = _EXECUTION.search(self.text)
        return float(found[1]) if found else float("nan")

    @property
    def sequential(self) -> bool:
        return any("Seq Scan" in scan for scan in self.scans)


def scans(plan_text: str) -> tuple[str, ...]:
    """Each scan node of a plan: its kind, table and index (a bitmap scan names its index)."""
    found = []
    for match in _SCAN.finditer(plan_text):
        if match["kind"] == "Bitmap Index Scan":  # "… on <index>": it names no table
            found.append(f"Bitmap Index Scan ({match['table']})")
        else:
            index = f" ({match['index']})" if match["index"] else ""
            found.append(f"{match['kind']} on {match['table']}{index}")
    return tuple(found)


def _reads(statement: str) -> bool:
    return statement.lstrip().upper().startswith(("SELECT", "WITH"))


async def explain(url: str, statements: Iterable[tuple[str, Any]]) -> list[Plan]:
    """The plans of the SELECTs among `statements`, run again under EXPLAIN ANALYZE."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    plans = []
    try:
        for statement, parameters in statements:
            if not _reads(statement):
                continue
            arguments = list(parameters or ())
            rows = await connection.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", *arguments)
            text = "\n".join(row[0] for row in rows)
            plans.append(Plan(" ".join(statement.split()), text, scans(text)))
    finally:
        await connection.close()
    return plans
