"""Where an application's time goes between the services, at one fixed rate: the outbox and
inbox timestamps of every event the run made (written at the producer's commit, stamped when
the relay sent it, stamped when each consumer applied it), read from the run's own databases
before the cluster is dropped. Not a test; it prints, per event type, the median and p95 of
the relay's wait (created → sent) and of each consumer's (sent → applied).

Usage: .venv/bin/python -m bench.pipeline_probe [--rate 25] [--seconds 20] [--edge haproxy]
Needs `make infra-up`. Load only ever goes to 127.0.0.1."""

import argparse
import asyncio
import collections
import random
import statistics
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from bench import cluster, e2e_bench
from panjereh_embedded import native


async def _rows(cluster_: native.Cluster) -> tuple[dict[str, Any], list[Any]]:
    """Every outbox row (by event id) and every inbox row, over the run's databases."""
    outbox: dict[str, Any] = {}
    inbox: list[Any] = []
    for service, url in cluster_.layout.databases.items():
        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        connection = await asyncpg.connect(dsn)
        try:
            for row in await connection.fetch(
                "SELECT event_id, type, key, created_at, sent_at FROM outbox"
            ):
                outbox[row["event_id"]] = (service, row)
            inbox += await connection.fetch(
                "SELECT consumer, event_id, event_type, applied_at FROM inbox"
            )
        finally:
            await connection.close()
    return outbox, inbox


def _ms(values: list[float]) -> str:
    if not values:
        return "-"
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
    return f"{1000 * statistics.median(values):7.0f} {1000 * p95:7.0f}"


def report(outbox: dict[str, Any], inbox: list[Any]) -> str:
    relay: dict[str, list[float]] = collections.defaultdict(list)
    for _, row in outbox.values():
        if row["sent_at"] is not None:
            relay[row["type"]].append((row["sent_at"] - row["created_at"]).total_seconds())
    consumed: dict[tuple[str, str], list[float]] = collections.defaultdict(list)
    for row in inbox:
        found = outbox.get(row["event_id"])
        if found is None or found[1]["sent_at"] is None:
            continue
        lag = (row["applied_at"] - found[1]["sent_at"]).total_seconds()
        consumed[(row["event_type"], row["consumer"])].append(lag)
    lines = [f"{'relay: created → sent (ms p50 p95)':70} n", ""]
    lines += [f"{kind:55} {_ms(v)} {len(v):6}" for kind, v in sorted(relay.items())]
    lines += ["", f"{'consumed: sent → applied (ms p50 p95)':70} n", ""]
    lines += [
        f"{(kind + ' → ' + consumer)[:55]:55} {_ms(v)} {len(v):6}"
        for (kind, consumer), v in sorted(consumed.items())
    ]
    return "\n".join(lines)


STAGES = (  # (label, event type suffix, "created" | "sent" | a consumer's name prefix)
    ("submitted", "application.submitted.v1", "created"),
    ("evidence requested", "evidence.requested.v1", "created"),
    ("requests applied (inquiry)", "evidence.requested.v1", "inquiry"),
    ("evidence retrieved", "evidence.retrieved.v1", "created"),
    ("retrieved applied (application)", "evidence.retrieved.v1", "application"),
    ("decided", "application.decided.v1", "created"),
    ("decided sent", "application.decided.v1", "sent"),
    ("decided applied (status)", "application.decided.v1", "status"),
)


def timeline(outbox: dict[str, Any], inbox: list[Any]) -> str:
    """Per application (the events' key), the last instant each stage was reached, as ms
    after its submission: the median and p95 over the run's applications."""
    applied: dict[tuple[str, str], Any] = {}
    for row in inbox:
        applied[(row["event_id"], row["consumer"].split("-")[0])] = row["applied_at"]
    reached: dict[str, dict[str, Any]] = collections.defaultdict(dict)
    for event_id, (_, row) in outbox.items():
        for label, suffix, when in STAGES:
            if not row["type"].endswith(suffix):
                continue
            if when == "created":
                instant = row["created_at"]
            elif when == "sent":
                instant = row["sent_at"]
            else:
                instant = applied.get((event_id, when))
            if instant is not None:
                stages = reached[row["key"]]
                stages[label] = max(stages.get(label, instant), instant)
    lines = [f"{'stage (ms after submitted, p50 p95)':40}"]
    for label, _, _ in STAGES[1:]:
        lags = [
            (s[label] - s["submitted"]).total_seconds()
            for s in reached.values()
            if "submitted" in s and label in s
        ]
        lines.append(f"{label:40} {_ms(lags)} {len(lags):6}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=25)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--edge", choices=("haproxy", "none"), default="haproxy")
    options = parser.parse_args()
    rng = random.Random(1405)  # noqa: S311 — synthetic national codes, reproducible
    with cluster.running(edge="" if options.edge == "none" else options.edge) as running:
        url = running.layout.public_url()
        asyncio.run(e2e_bench._run_rate(url, 5, 5, rng, "aiohttp"))  # warm
        point = asyncio.run(e2e_bench._run_rate(url, options.rate, options.seconds, rng, "aiohttp"))
        print({k: point[k] for k in ("decided", "errors", "p50_ms", "p95_ms", "p99_ms")})
        rows = asyncio.run(_rows(running))
        print(report(*rows))
        print(timeline(*rows))


if __name__ == "__main__":
    main()
