"""Cost as the data grows: the same reads at 10 thousand and at 1 million applications.

Usage: .venv/bin/python -m bench.growth_bench [--sizes 10000 1000000] [--requests 300]
       [--reuse] [--keep] [--quick]

For each size, the bulk loader (bench.seed) fills the four services' PostgreSQL databases
(`growth_<size>_<service>`, created and migrated by the services' own migrations) by COPY;
the services start on them by their own create_app and lifespan, and each read below is
asked serially (one at a time: the cost of one query, not throughput) over httpx's ASGI
transport. Then the SQL that one request of each ran is run again under
EXPLAIN (ANALYZE, BUFFERS). The databases are dropped at the end unless --keep; --reuse
keeps a complete earlier seed of the same size instead of seeding again.
"""

import argparse
import asyncio
import json
import os
import statistics
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench import report
from bench.seed import explain, inputs, load, services

DEFAULT_ADMIN = "postgresql+asyncpg://panjereh:panjereh@127.0.0.1:5432/panjereh_test"
BUDGET_MS = 50.0
Ask = Callable[[int], Awaitable[httpx.Response]]


@dataclass(frozen=True)
class Case:
    name: str
    service: str
    expect: int
    ask: Ask


def cases(running: services.Running, given: inputs.Inputs) -> list[Case]:
    """The reads of issue 19's item 8, each varying its input from request to request."""
    c = running.clients
    people, agencies = given.people, given.agencies
    overseer = services.bearer("legal-basis-office", "compliance:read")
    ministry = services.bearer("ministry", "compliance:read")

    def person(i: int) -> inputs.Person:
        return people[i % len(people)]

    def agency(i: int) -> inputs.Agency:
        return agencies[i % len(agencies)]

    return [
        Case("status lookup, miss", "status", 404, lambda i: c["status"].get(
            f"/v1/status/{given.unknown_codes[i % len(given.unknown_codes)]}",
            headers={"X-National-Code": person(i).national_code})),
        Case("agency applications, first page", "application", 200, lambda i: c["application"].get(
            "/v1/applications", params={"limit": 50},
            headers=services.bearer(agency(i).agency_id, "applications:read"))),
        Case("agency applications, deep page", "application", 200, lambda i: c["application"].get(
            "/v1/applications", params={"limit": 50, "cursor": agency(i).deep_cursor},
            headers=services.bearer(agency(i).agency_id, "applications:read"))),
        Case("agency access log (inquiry)", "inquiry", 200, lambda i: c["inquiry"].get(
            "/v1/inquiries/access-log", params={"national_code": person(i).national_code},
            headers=services.bearer(person(i).agency_id, "inquiries:read"))),
        Case("citizen access log of an application (status)", "status", 200,
             lambda i: c["status"].get(
                 f"/v1/status/{person(i).tracking_code}/access-log",
                 headers={"X-National-Code": person(i).national_code})),
        Case("person's access history (status, oversight)", "status", 200,
             lambda i: c["status"].get(
                 "/v1/oversight/access-history",
                 params={"national_code": person(i).national_code}, headers=overseer)),
        Case("compliance summary", "compliance", 200,
             lambda i: c["compliance"].get("/v1/compliance/summary", headers=ministry)),
    ]  # fmt: skip


def _percentile(ordered: Sequence[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def measure(case: Case, *, requests: int, warmup: int) -> dict[str, Any]:
    """Serial latencies of `requests` asks (after `warmup`), and how many got another status."""
    for i in range(warmup):
        await case.ask(requests + i)
    latencies, errors = [], 0
    for i in range(requests):
        started = time.perf_counter()
        response = await case.ask(i)
        latencies.append((time.perf_counter() - started) * 1000)
        errors += response.status_code != case.expect
    ordered = sorted(latencies)
    return {
        "requests": requests,
        "errors": errors,
        "mean_ms": statistics.fmean(ordered),
        "p50_ms": _percentile(ordered, 0.50),
        "p95_ms": _percentile(ordered, 0.95),
        "p99_ms": _percentile(ordered, 0.99),
        "max_ms": ordered[-1],
    }


async def plans(running: services.Running, urls: Mapping[str, str], case: Case) -> list[Any]:
    """What one request of `case` ran, explained with ANALYZE on the same database."""
    with running.statements[case.service].capturing() as seen:
        await case.ask(7)
    return [
        {
            "statement": p.statement,
            "plan": p.text,
            "scans": list(p.scans),
            "seq": p.sequential,
            "execution_ms": p.execution_ms,
            "pages": p.pages,
        }
        for p in await explain.explain(urls[case.service], list(seen))
    ]


async def one_size(admin: str, size: int, options: argparse.Namespace) -> dict[str, Any]:
    prefix = f"{options.prefix}{_label(size)}_"
    urls = load.database_urls(admin, prefix)
    note = await load.seeded_before(urls["application"]) if options.reuse else None
    if note is None or note.get("applications") != size:
        seeded = await load.load(admin, prefix=prefix, applications=size)
        note = {"applications": size, "seconds": round(seeded.seconds, 1), "counts": seeded.counts}
    else:
        note["reused"] = True
    given = await inputs.draw(urls)
    async with services.running(urls) as running:
        found: dict[str, Any] = {"size": size, "seed": note, "cases": {}}
        for case in cases(running, given):
            figures = await measure(case, requests=options.requests, warmup=options.warmup)
            figures["load_1min"] = os.getloadavg()[0]  # the machine is shared: how busy it was
            figures["plans"] = await plans(running, urls, case)
            figures["sql_ms"] = sum(p["execution_ms"] for p in figures["plans"])
            figures["pages"] = sum(p["pages"] for p in figures["plans"])
            found["cases"][case.name] = figures
            print(f"{size:>9} {case.name:<48} p50 {figures['p50_ms']:6.2f} ms  "
                  f"p99 {figures['p99_ms']:6.2f} ms  errors {figures['errors']}")  # fmt: skip
    found["table_sizes"] = await inputs.table_sizes(urls)
    if not options.keep:
        await load.drop_databases(admin, urls)
    return found


def _label(size: int) -> str:
    return f"{size // 1_000_000}m" if size % 1_000_000 == 0 else f"{size // 1000}k"


METHOD = """\
Issue 19, item 8: the reads whose cost must not grow with the data, at a small and a large
database. The bulk loader (`bench/seed/`) creates each service's PostgreSQL database with
the service's own Alembic migrations (indexes included) and fills it by COPY
(`copy_records_to_table`): per application, its row in the application service, its status
view, three inquiries with their audit entries hash-chained as
`inquiry_service.audit.append` chains them (the chain verifies with the service's own
verifier), three access-history rows, and its compliance facts, with the tallies per service
and day. ~20 agencies and 50 services (skewed: a few carry most traffic), national codes
with valid check digits (about two applications per person), tracking codes as the service
makes them, submissions over a year, states mixed (mostly decided). Then `VACUUM ANALYZE`.

Each service then starts by its own `create_app` and lifespan on its seeded database, and
each read is asked **serially** over httpx's ASGI transport (the whole request path:
routing, auth with a signed token, the repository's SQL, serialisation), each request with
another input (another agency, person or unknown code). One request of each is then
captured (SQLAlchemy's `before_cursor_execute`) and its SELECTs run again under
`EXPLAIN (ANALYZE, BUFFERS)`. The budget is a p99 under 50 ms at 1 million applications."""


def _sections(results: Sequence[Mapping[str, Any]], options: argparse.Namespace) -> list[Any]:
    sizes = [r["size"] for r in results]
    names = list(results[0]["cases"])
    shown = (("p50 ms", "p50_ms"), ("p99 ms", "p99_ms"), ("SQL ms", "sql_ms"), ("pages", "pages"))
    header = ["read", *(f"{label} at {s:,}" for s in sizes for label, _ in shown)]
    rows = [[name, *(r["cases"][name][key] for r in results for _, key in shown)] for name in names]
    largest = results[-1]
    verdict = [
        (name, f"{c['p99_ms']:.1f}", "yes" if c["p99_ms"] < BUDGET_MS else "**no**",
         c["errors"], f"{c['sql_ms']:.2f}", c["pages"], f"{c['load_1min']:.1f}",
         "; ".join(dict.fromkeys(s for p in c["plans"] for s in p["scans"])))
        for name, c in largest["cases"].items()
    ]  # fmt: skip
    seeding = [
        (f"{r['size']:,}", r["seed"].get("seconds", "–"), _provenance(r),
         ", ".join(f"{k} {v}" for k, v in r["table_sizes"].items()))
        for r in results
    ]  # fmt: skip
    return [
        (
            f"Latency, serial, {options.requests} requests per read and size",
            report.table(header, rows),
        ),
        (
            f"At {largest['size']:,} applications: budget {BUDGET_MS:g} ms, and how each "
            "table was read",
            report.table(
                (
                    "read",
                    "p99 ms",
                    "under budget",
                    "wrong status",
                    "SQL ms (EXPLAIN ANALYZE)",
                    "pages touched",
                    "load average",
                    "scans",
                ),
                verdict,
            ),
        ),
        (
            "Seeding (COPY; databases created and migrated by the services' migrations)",
            report.table(("applications", "seconds", "provenance", "database sizes"), seeding),
        ),
        ("Reading the figures", READING + "\n\n" + _growth(results)),
        *(_plans_section(r) for r in results),
    ]


READING = """\
The wall-clock figures are those of a shared 2-core machine: the load average beside each
read says how busy it was (other work ran at the same time), and under such load a request
that costs a few milliseconds waits for a core. What grows with the data, and what an index
decides, is the SQL's own cost: PostgreSQL's execution time under EXPLAIN ANALYZE and the
pages the plan touched (shared buffers hit + read). A sequential scan is named with its
table's size: only tables of catalogue size (services, agencies, the tallies per service
and day) are read whole; none of them grows with the applications."""


def _growth(results: Sequence[Mapping[str, Any]]) -> str:
    """How the pages each read touches changed from the smallest size to the largest."""
    small, large = results[0], results[-1]
    if small is large:
        return "One size only: nothing to compare."
    factor = large["size"] / small["size"]
    lines = [f"From {small['size']:,} to {large['size']:,} applications ({factor:g}×):"]
    for name, case in large["cases"].items():
        before, after = small["cases"][name]["pages"], case["pages"]
        grew = "grew with the data" if after > 3 * max(before, 1) else "flat"
        sequential = [s for p in case["plans"] for s in p["scans"] if "Seq Scan" in s]
        lines.append(
            f"- {name}: {before} → {after} pages ({grew})"
            + (f"; whole reads: {', '.join(sequential)}" if sequential else "; no sequential scan")
        )
    return "\n".join(lines)


def _provenance(result: Mapping[str, Any]) -> str:
    seeded = "seeded by an earlier run" if result["seed"].get("reused") else "seeded by this run"
    return seeded + ("; measured by an earlier run (--earlier)" if result.get("earlier") else "")


def _plans_section(result: Mapping[str, Any]) -> tuple[str, str]:
    parts = []
    for name, case in result["cases"].items():
        parts.append(f"### {name}")
        for plan in case["plans"]:
            parts.append(f"```sql\n{plan['statement']}\n```\n```\n{plan['plan']}\n```")
    return (
        f"Plans at {result['size']:,} applications (EXPLAIN ANALYZE, BUFFERS)",
        "\n\n".join(parts),
    )


def publish(results: Sequence[Mapping[str, Any]], options: argparse.Namespace, admin: str) -> None:
    series = {
        name: [{"offered_per_s": r["size"], **{k: v for k, v in r["cases"][name].items()
                                               if k != "plans"}} for r in results]
        for name in results[0]["cases"]
    }  # fmt: skip
    report.publish(
        report.Report(
            name="growth",
            title="Cost as the data grows: serial latency of the reads, small and large database",
            method=METHOD,
            sections=_sections(results, options),
            series=series,
            machine=report.machine(postgres=report.postgres_version(admin)),
            options=vars(options),
            x_label="applications in the database",
            reference=(BUDGET_MS, f"{BUDGET_MS:g} ms budget"),
            data={"results": results},
        ),
        quick=options.quick,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--prefix", default="growth_")
    parser.add_argument("--reuse", action="store_true", help="keep a complete earlier seed")
    parser.add_argument("--keep", action="store_true", help="do not drop the databases")
    parser.add_argument("--quick", action="store_true", help="2 k and 20 k, 50 requests")
    parser.add_argument(
        "--earlier",
        help="a growth.json whose results stand for the sizes not measured in this run",
    )
    parser.add_argument(
        "--nice", type=int, default=0, help="run at this nice value (a shared, busy machine)"
    )
    options = parser.parse_args()
    if options.nice:
        os.nice(options.nice)
    if options.quick:
        options.sizes, options.requests, options.warmup = [2_000, 20_000], 50, 5
    admin = os.environ.get("PANJEREH_TEST_POSTGRES_URL", DEFAULT_ADMIN)

    async def run() -> list[dict[str, Any]]:
        return [await one_size(admin, size, options) for size in sorted(options.sizes)]

    results = asyncio.run(run())
    if options.earlier:
        measured = {r["size"] for r in results}
        earlier = json.loads(Path(options.earlier).read_text())["results"]
        results += [{**r, "earlier": True} for r in earlier if r["size"] not in measured]
    publish(sorted(results, key=lambda r: r["size"]), options, admin)


if __name__ == "__main__":
    main()
