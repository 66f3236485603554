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
_BUFFERS = re.compile(r"Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?")


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
    def pages(self) -> int:
        """The 8 kB pages the whole plan touched (its top node's shared hit + read): the
        measure of a read's cost that the machine's load does not blur."""
        top = _BUFFERS.search(self.text.split("Planning:")[0])
        return int(top[1] or 0) + int(top[2] or 0) if top else 0

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


async def _sized(connection: asyncpg.Connection, plan_text: str) -> tuple[str, ...]:
    """The plan's scans, each sequential one with its table's row count: a scan of a
    catalogue-sized table is not one that grows with the applications."""
    sized = []
    for scan in scans(plan_text):
        if "Seq Scan on " in scan:
            table = scan.split(" on ", 1)[1].split()[0]
            rows = await connection.fetchval(
                "SELECT reltuples::bigint FROM pg_class WHERE relname = $1", table
            )
            scan = f"{scan} ({rows:,} rows)"
        sized.append(scan)
    return tuple(sized)


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
            plans.append(Plan(" ".join(statement.split()), text, await _sized(connection, text)))
    finally:
        await connection.close()
    return plans
