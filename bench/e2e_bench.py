"""End to end, open loop: applications at fixed rates through the gateway, every service its
own process on real PostgreSQL and Kafka (the native mode of `make up`, on fresh databases and
topics); the latency from the moment a submission was due to the moment the applicant can see
its decision in the status service. Not a test: it prints figures and writes
docs/benchmarks/e2e.{md,png,json}.

Usage: .venv/bin/python -m bench.e2e_bench [--rates 5 10 25 50 75 100] [--seconds 20]
       [--client aiohttp|httpx] [--quick]
Needs `make infra-up`. Load only ever goes to 127.0.0.1. The sweep stops after the first
rate with errors or a p99 far over the 1 s target, which higher rates would only repeat.

Open loop: submissions are scheduled at fixed instants and never wait for earlier ones, and
latency counts from the scheduled instant, so a slow system cannot hide its queue (no
coordinated omission). The service is passport issuance: three evidence types per
application (national ID card, birth certificate, military service card), each fetched from
the registry simulator over HTTP.
"""

import argparse
import asyncio
import collections
import functools
import os
import random
import time
from pathlib import Path
from typing import Any

from bench import cluster, e2e_client, e2e_costs, load, pyspy, report
from panjereh_embedded import native
from panjereh_sdk import ApiError, Panjereh

TERMINAL = {"approved", "rejected", "failed", "cancelled", "needs_review"}
TARGET_MS = 1000
SETTLE = 2.0  # seconds after a rate for its trailing work, and PostgreSQL's counters, to land


async def _one(panjereh: Panjereh, code: str, due: float) -> float | str:
    """Submit at `due`; seconds from `due` until the status service shows the decision, or
    why it never showed ("POST 503", "GET 0": 0 for no answer at all)."""
    await load.at(due)
    try:
        submitted = await panjereh.submit("passport-issuance", code)
    except ApiError as error:
        return f"POST {error.status}"
    except e2e_client.NO_ANSWER:
        return "POST 0"
    etag = None
    while True:
        try:
            # The first poll asks at once; the next ones long-poll with the ETag.
            poll = await panjereh.status(
                submitted.tracking_code, code, etag=etag, wait=10 if etag else 0
            )
        except ApiError as error:
            if error.status != 404:
                return f"GET {error.status}"
            await asyncio.sleep(0.2)  # not projected yet; poll gently, as an app would
            continue
        except e2e_client.NO_ANSWER:
            return "GET 0"
        if poll.status is not None:  # None: 304, nothing changed during the long-poll
            etag = poll.etag
            if str(poll.status.state) in TERMINAL:
                return time.monotonic() - due


async def _run_rate(
    url: str, rate: float, seconds: float, rng: random.Random, kind: str
) -> dict[str, Any]:
    codes = [cluster.national_code(rng) for _ in range(int(rate * seconds))]
    async with e2e_client.opened(kind, url) as panjereh:
        results = await load.open_loop(rate, seconds, lambda n, due: _one(panjereh, codes[n], due))
    latencies = sorted(r for r in results if isinstance(r, float))
    causes = collections.Counter(r for r in results if isinstance(r, str))
    return {
        "offered_per_s": rate,
        "submitted": len(codes),
        "decided": len(latencies),
        "errors": len(codes) - len(latencies),
        "success": round(len(latencies) / len(codes), 4) if codes else 0.0,
        "error_causes": ", ".join(f"{n} × {cause}" for cause, n in causes.most_common()) or "",
        **load.percentiles(latencies),
    }


def _measure(
    running: native.Cluster,
    rate: float,
    *,
    seconds: float,
    rng: random.Random,
    kind: str,
    profile: Path | None = None,
) -> dict[str, Any]:
    """One rate with a fresh token (they last 15 minutes), and what it cost per decided
    application (e2e_costs: CPU by process, transactions, messages, deliveries, rounds);
    with `profile`, every Python process of the cluster sampled by py-spy meanwhile."""
    url = running.layout.public_url()
    before = e2e_costs.take(running)
    if profile is None:
        point = asyncio.run(_run_rate(url, rate, seconds, rng, kind))
    else:
        pids = {n: p for n, p in running.status().items() if p is not None and n != "edge"}
        with pyspy.recording(pids, profile / f"{rate:g}", seconds):
            point = asyncio.run(_run_rate(url, rate, seconds, rng, kind))
    time.sleep(SETTLE)
    return point | e2e_costs.per_application(before, e2e_costs.take(running), point["decided"])


def _sections(points: list[dict[str, Any]], options: argparse.Namespace) -> list[tuple[str, str]]:
    sustained = [p["offered_per_s"] for p in points if p["errors"] == 0 and p["p99_ms"] < TARGET_MS]
    best = f"{max(sustained):g} applications/s" if sustained else "none of the rates measured"
    series = {"passport issuance": points}
    columns = [
        ("offered /s", "offered_per_s"),
        ("submitted", "submitted"),
        ("decided", "decided"),
        ("errors", "errors"),
        *report.LATENCY_COLUMNS,
        ("errors by cause", "error_causes"),
    ]
    edge = ("edge",) if options.edge != "none" else ()
    processes = (*edge, "gateway", *native.SERVICES, "simulator", "postgres", "kafka", "generator")
    cpu_columns = [
        ("offered /s", "offered_per_s"),
        *((f"{name} ms", f"cpu_ms_{name}") for name in processes),
        ("services ms", "cpu_ms_services"),
        ("all but generator ms", "cpu_ms_system"),
        ("all ms", "cpu_ms_all"),
        ("machine ms", "cpu_ms_machine"),
    ]
    work_columns = [
        ("offered /s", "offered_per_s"),
        ("PG xacts", "xacts_per_app"),
        ("Kafka messages", "events_per_app"),
        ("deliveries", "deliveries_per_app"),
        *((o, f"deliveries_{o}_per_app") for o in e2e_costs.DELIVERY_OUTCOMES),
        ("relay rounds", "relay_rounds_per_app"),
        *((o, f"relay_rounds_{o}_per_app") for o in e2e_costs.ROUND_OUTCOMES),
    ]
    postgres_columns = [
        ("offered /s", "offered_per_s"),
        ("run backends ms", "cpu_ms_postgres_backends"),
        ("shared processes ms", "cpu_ms_postgres_shared"),
        ("backends ended", "postgres_backends_ended"),
        ("reaped ms (any database)", "cpu_ms_postgres_reaped"),
        ("other databases' backends", "postgres_other_backends"),
    ]
    return [
        (
            f"Open loop, {options.seconds:g} s per rate (the sweep stops after the first rate "
            f"with errors or a p99 over {options.p99_limit_ms / 1000:g} s)",
            report.sweep_table(series, columns, label="service")
            + f"\n\n**Highest rate sustained with p99 under 1 s and no errors: {best}.**",
        ),
        (
            "Where the CPU goes: milliseconds of CPU per decided application, by process "
            "(from /proc around each rate, its trailing work included)",
            report.sweep_table(series, cpu_columns, label="service") + "\n\n" + CPU_NOTE,
        ),
        (
            "Work per decided application: PostgreSQL transactions, Kafka messages and "
            "deliveries, outbox relay rounds",
            report.sweep_table(series, work_columns, label="service") + "\n\n" + WORK_NOTE,
        ),
        (
            "PostgreSQL's CPU, how well it could be seen",
            report.sweep_table(series, postgres_columns, label="service") + "\n\n" + PG_NOTE,
        ),
    ]


CPU_NOTE = """\
*services* is the edge (HAProxy, with its worker), the gateway and the five services, each
with its child processes (the application service's rule workers); *all but generator* adds
the registry simulator, PostgreSQL and Kafka; *all* adds the generator (this process).
*machine* is every core's busy time from /proc/stat over the same interval: well above
*all*, other load shared the machine (PostgreSQL and Kafka serve anyone else's runs too)."""

WORK_NOTE = """\
*PG xacts*: `pg_stat_database.xact_commit` summed over the run's four databases, read
through another database before and after each rate. *Kafka messages*: the services'
`panjereh_outbox_published_total`; *deliveries* (applied, duplicate, ignored):
`panjereh_consumer_deliveries_total`; *relay rounds* (sent, empty):
`panjereh_outbox_relay_rounds_total`, all read from each service's own `/metrics`. n/a: the
services do not export that counter."""

PG_NOTE = """\
PostgreSQL's column above is the CPU of the backends serving the run's databases (told apart
by the database their process title names) plus the postmaster's and the auxiliary
processes' (checkpointer, background writer, WAL writer, autovacuum launcher), which work for
every database on the server: on a server others use too, the shared part is partly theirs.
Backends of other databases (other runs on the same server) are left out. A backend that
ends between the two readings takes the CPU it used since the first one with it (*backends
ended*, normally 0: the services keep pooled connections); the postmaster's reaped-children
total keeps it, but for every database, so it is shown apart and not added."""


METHOD = """\
Applications submitted through {entry} at fixed rates, every service its own process
(the native mode of `make up`) on fresh PostgreSQL databases and Kafka topics; the latency
runs from the instant a submission was due to the instant the applicant can see its
decision in the status service (long-polling it with `?wait=10` and its ETag, as an app
would; polling every 200 ms while the status is not projected yet). Open loop: submissions
are scheduled at fixed instants and never wait for earlier ones, so a slow system cannot
hide its queue. The service is passport issuance: three evidence types per application
(national ID card, birth certificate, military service card), each fetched from the
registry simulator over HTTP. The generator (this process: the Python SDK, never retrying,
over {client}'s connection pool) {placement}.
Costs are read just before each rate and {settle:g} s after its last decision (its trailing
work, and PostgreSQL's statistics, which backends report at most once a second), and
divided by the decided applications."""


def _placement(core: int | None) -> str:
    if core is None:
        return (
            f"shares the machine's {os.cpu_count()} cores with the system (with fewer than 3, a "
            "core of its own would starve the system); its own CPU is measured beside it"
        )
    return (
        f"runs alone on core {core}, the cluster's processes on the others (PostgreSQL and "
        "Kafka, started before, are not pinned)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", type=float, nargs="+", default=[5, 10, 25, 50, 75, 100])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--p99-limit-ms", type=float, default=5 * TARGET_MS)
    parser.add_argument("--client", choices=e2e_client.KINDS, default="aiohttp")
    parser.add_argument("--quick", action="store_true", help="3 s per rate: to try it")
    parser.add_argument(
        "--edge",
        choices=("haproxy", "none"),
        default="haproxy",
        help="what clients come in through: HAProxy, as the distributed mode runs (default), "
        "or the Python gateway alone",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        help="py-spy every Python process during each rate, into DIR/<rate>/<process>.txt "
        "(sampling costs CPU: a profiled run's figures are not the benchmark's)",
    )
    options = parser.parse_args()
    if options.quick:
        options.seconds, options.warmup = 3, 2
    core = load.generator_core()
    described = cluster.machine() | {"generator": _placement(core)}
    rng = random.Random(1405)  # noqa: S311 — synthetic national codes, reproducible
    others = None if core is None else os.sched_getaffinity(0) - {core}
    edge = "" if options.edge == "none" else options.edge
    with cluster.running(core=others, edge=edge) as running:
        if core is not None:
            os.sched_setaffinity(0, {core})
        measure = functools.partial(
            _measure,
            running,
            seconds=options.seconds,
            rng=rng,
            kind=options.client,
            profile=options.profile,
        )
        # Warm at the lowest rate: a higher one would leave a queue for the first point.
        measure(min(options.rates), seconds=options.warmup, profile=None)
        points = load.sweep(
            options.rates, measure, p99_limit_ms=options.p99_limit_ms, min_success=1.0
        )
    entry = (
        "the Python gateway alone"
        if options.edge == "none"
        else "HAProxy in front of the gateway (`native up --edge haproxy`, as the distributed "
        "mode runs)"
    )
    method = METHOD.format(
        entry=entry, client=options.client, placement=_placement(core), settle=SETTLE
    )
    report.publish(
        report.Report(
            name="e2e",
            title="End to end: submission to decision visible in the status service",
            method=method,
            sections=_sections(points, options),
            series={"passport issuance": points},
            machine=described,
            options=vars(options) | {"profile": options.profile and str(options.profile)},
            x_label="offered load (applications/s)",
            reference=(TARGET_MS, "1 s target"),
        ),
        quick=options.quick,
    )


if __name__ == "__main__":
    main()
