"""What one rate of the end-to-end benchmark cost, per decided application: CPU by process
(the cluster's, PostgreSQL's, the Kafka broker's, the generator's and the whole machine's),
PostgreSQL transactions, Kafka messages and deliveries and outbox relay rounds. A reading
before the rate and one after; the figures are the differences over the decided count."""

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import make_url

from bench import proc
from panjereh_embedded import native
from tests.infra import POSTGRES_URL

# Prometheus counters of the kit, by the label that splits them ("" for none). A counter a
# service does not export (yet) reads as missing, and its figures as n/a.
COUNTERS = {
    "panjereh_outbox_published_total": "",
    "panjereh_consumer_deliveries_total": "outcome",
    "panjereh_outbox_relay_rounds_total": "outcome",
}
DELIVERY_OUTCOMES = ("applied", "duplicate", "ignored")
ROUND_OUTCOMES = ("sent", "empty")


@dataclass
class Reading:
    processes: dict[str, float]  # the cluster's processes by name
    postgres: proc.PostgresCpu
    kafka: float | None
    generator: float  # this process's CPU when the reading began
    probing: float  # and what the reading itself took of it (left out of the generator's)
    machine: float
    transactions: int | None
    counters: dict[tuple[str, str], float]  # (counter, label value or ""): summed over services


def databases(cluster: native.Cluster) -> list[str]:
    return [str(make_url(url).database) for url in cluster.layout.databases.values()]


def take(cluster: native.Cluster) -> Reading:
    """Everything at once: /proc, then PostgreSQL, then each service's /metrics."""
    began = proc.own_seconds()
    names = databases(cluster)
    processes = {n: proc.tree_cpu_seconds(p) for n, p in cluster.status().items() if p is not None}
    kafka_pid = proc.kafka_broker()
    reading = Reading(
        processes={n: s for n, s in processes.items() if s is not None},
        postgres=proc.postgres(names),
        kafka=proc.cpu_seconds(kafka_pid) if kafka_pid is not None else None,
        generator=began,
        probing=0.0,
        machine=proc.machine_busy_seconds(),
        transactions=asyncio.run(_transactions(names)),
        counters=_counters(cluster),
    )
    reading.probing = proc.own_seconds() - began
    return reading


async def _transactions(names: list[str]) -> int | None:
    """Committed transactions of these databases so far (pg_stat_database), read through the
    server's admin database, so this reading is not one of them."""
    dsn = make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        connection = await asyncpg.connect(dsn, timeout=10)
    except (OSError, asyncpg.PostgresError):
        return None
    try:
        value = await connection.fetchval(
            "SELECT coalesce(sum(xact_commit), 0) FROM pg_stat_database"
            " WHERE datname = ANY($1::text[])",
            names,
        )
        return int(value)
    finally:
        await connection.close()


def _counters(cluster: native.Cluster) -> dict[tuple[str, str], float]:
    """The kit's counters from every service's own /metrics (open on its own port)."""
    summed: dict[tuple[str, str], float] = {}
    for name in native.SERVICES:
        try:
            text = httpx.get(cluster.layout.url(name) + "/metrics", timeout=5).text
        except httpx.HTTPError:
            continue
        for key, value in parse_counters(text).items():
            summed[key] = summed.get(key, 0.0) + value
    return summed


def parse_counters(text: str) -> dict[tuple[str, str], float]:
    """COUNTERS' samples in a Prometheus exposition, summed by their splitting label."""
    found: dict[tuple[str, str], float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name not in COUNTERS:
                continue
            key = (sample.name, sample.labels.get(COUNTERS[sample.name], ""))
            found[key] = found.get(key, 0.0) + sample.value
    return found


def per_application(before: Reading, after: Reading, decided: int) -> dict[str, Any]:
    """The rate's figures, per decided application (ms of CPU; counts); None where unknown."""
    each = max(decided, 1)

    def ms(seconds: float | None) -> float | None:
        return None if seconds is None else round(1000 * seconds / each, 1)

    point: dict[str, Any] = {
        f"cpu_ms_{n}": ms(s - before.processes.get(n, 0.0)) for n, s in after.processes.items()
    }
    pg_run = proc.grown(before.postgres.run, after.postgres.run)
    pg_shared = proc.grown(before.postgres.shared, after.postgres.shared)
    point |= {
        "cpu_ms_postgres": ms(pg_run + pg_shared),
        "cpu_ms_postgres_backends": ms(pg_run),
        "cpu_ms_postgres_shared": ms(pg_shared),
        "cpu_ms_postgres_reaped": ms(after.postgres.reaped - before.postgres.reaped),
        "postgres_backends_ended": len(set(before.postgres.run) - set(after.postgres.run)),
        "postgres_other_backends": after.postgres.others,
        "cpu_ms_kafka": ms(_less(after.kafka, before.kafka)),
        "cpu_ms_generator": ms(after.generator - before.generator - before.probing),
        "cpu_ms_machine": ms(after.machine - before.machine),
    }
    services = [f"cpu_ms_{n}" for n in after.processes if n != "simulator"]
    system = [f"cpu_ms_{n}" for n in after.processes] + ["cpu_ms_postgres", "cpu_ms_kafka"]
    point["cpu_ms_services"] = round(sum(point[k] or 0.0 for k in services), 1)
    point["cpu_ms_system"] = round(sum(point[k] or 0.0 for k in system), 1)
    point["cpu_ms_all"] = round(point["cpu_ms_system"] + (point["cpu_ms_generator"] or 0.0), 1)
    point["xacts_per_app"] = _per(_less(after.transactions, before.transactions), each)
    point |= _counter_figures(before.counters, after.counters, each)
    return point


def _less(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else after - before


def _per(count: float | None, each: int) -> float | None:
    return None if count is None else round(count / each, 2)


def _counter_figures(
    before: Mapping[tuple[str, str], float], after: Mapping[tuple[str, str], float], each: int
) -> dict[str, float | None]:
    def per(name: str, outcome: str | None = None) -> float | None:
        """The counter's growth per application (all its outcomes unless one is named)."""
        keys = [k for k in after if k[0] == name and outcome in (None, k[1])]
        if not any(k[0] == name for k in after):
            return None
        return _per(sum(after[k] - before.get(k, 0.0) for k in keys), each)

    deliveries, rounds = "panjereh_consumer_deliveries_total", "panjereh_outbox_relay_rounds_total"
    figures = {
        "events_per_app": per("panjereh_outbox_published_total"),
        "deliveries_per_app": per(deliveries),
        "relay_rounds_per_app": per(rounds),
    }
    figures |= {f"deliveries_{o}_per_app": per(deliveries, o) for o in DELIVERY_OUTCOMES}
    figures |= {f"relay_rounds_{o}_per_app": per(rounds, o) for o in ROUND_OUTCOMES}
    return figures
