"""The end-to-end benchmark's cost readings: counters parsed from a Prometheus exposition,
n/a where a service does not export one, CPU of processes that start, end or reuse a pid,
PostgreSQL's processes told apart by their titles, the generator's core, quick runs kept
out of docs/benchmarks/."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import e2e_costs, load, proc, report

EXPOSITION = """\
# HELP panjereh_outbox_published_total Events the outbox relay published
# TYPE panjereh_outbox_published_total counter
panjereh_outbox_published_total{service="application"} 7.0
panjereh_outbox_published_created{service="application"} 1.7e9
# TYPE panjereh_consumer_deliveries_total counter
panjereh_consumer_deliveries_total{service="status",outcome="applied"} 5.0
panjereh_consumer_deliveries_total{service="compliance",outcome="applied"} 2.0
panjereh_consumer_deliveries_total{service="compliance",outcome="ignored"} 1.0
# TYPE python_gc_collections_total counter
python_gc_collections_total{generation="0"} 99.0
"""


def test_counters_are_summed_over_services_by_outcome_and_nothing_else_is_read() -> None:
    assert e2e_costs.parse_counters(EXPOSITION) == {
        ("panjereh_outbox_published_total", ""): 7.0,
        ("panjereh_consumer_deliveries_total", "applied"): 7.0,
        ("panjereh_consumer_deliveries_total", "ignored"): 1.0,
    }


def _reading(counters: dict[tuple[str, str], float], **cpu: float) -> e2e_costs.Reading:
    return e2e_costs.Reading(
        processes={"gateway": cpu.get("gateway", 0.0), "simulator": cpu.get("simulator", 0.0)},
        postgres=proc.PostgresCpu(run={1: cpu.get("postgres", 0.0)}),
        kafka=cpu.get("kafka"),
        generator=cpu.get("generator", 0.0),
        probing=cpu.get("probing", 0.0),
        machine=cpu.get("machine", 0.0),
        transactions=int(cpu["xacts"]) if "xacts" in cpu else None,
        counters=counters,
    )


def test_per_application_divides_the_growth_and_leaves_out_the_readings_own_cpu() -> None:
    before = _reading(
        {("panjereh_consumer_deliveries_total", "applied"): 10.0},
        gateway=1.0,
        postgres=2.0,
        kafka=5.0,
        generator=1.0,
        probing=0.5,
        xacts=100,
    )
    after = _reading(
        {
            ("panjereh_consumer_deliveries_total", "applied"): 30.0,
            ("panjereh_consumer_deliveries_total", "ignored"): 10.0,
        },
        gateway=3.0,
        simulator=1.0,
        postgres=4.0,
        kafka=7.0,
        generator=3.5,
        xacts=300,
    )
    point = e2e_costs.per_application(before, after, decided=10)
    assert point["cpu_ms_gateway"] == 200.0
    assert point["cpu_ms_postgres"] == point["cpu_ms_postgres_backends"] == 200.0
    assert point["cpu_ms_postgres_shared"] == 0.0
    assert point["cpu_ms_services"] == 200.0  # the simulator is not a service
    assert point["cpu_ms_system"] == 200.0 + 100.0 + 200.0 + 200.0  # + simulator, PG, Kafka
    assert point["cpu_ms_generator"] == 200.0  # 2.5 s grown, 0.5 s of it the first reading
    assert point["cpu_ms_all"] == 900.0
    assert point["xacts_per_app"] == 20.0
    assert point["deliveries_per_app"] == 3.0
    assert point["deliveries_ignored_per_app"] == 1.0
    assert point["deliveries_duplicate_per_app"] == 0.0


def test_counters_a_service_does_not_export_read_as_n_a() -> None:
    point = e2e_costs.per_application(_reading({}), _reading({}), decided=5)
    for key in ("events_per_app", "deliveries_per_app", "relay_rounds_empty_per_app"):
        assert point[key] is None
    assert point["xacts_per_app"] is None and point["cpu_ms_kafka"] is None
    assert report._cell(point["relay_rounds_per_app"]) == "n/a"


def test_cpu_of_a_started_process_counts_from_zero_and_an_ended_ones_is_lost() -> None:
    before = {1: 5.0, 2: 3.0, 3: 9.0}
    after = {1: 6.0, 3: 0.5, 4: 2.0}  # 2 ended; 3 is a new process on a reused pid; 4 started
    assert proc.grown(before, after) == pytest.approx(1.0 + 0.5 + 2.0)


def test_postgres_processes_are_told_apart_by_the_database_their_title_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    titles = {
        10: "/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main",
        11: "postgres: 15/main: checkpointer",
        12: "postgres: 15/main: panjereh t_native_status_1 127.0.0.1(5555) idle",
        13: "postgres: 15/main: panjereh panjereh_test 127.0.0.1(5556) idle",
        14: "postgres: 15/main: autovacuum worker t_native_status_1",
    }
    monkeypatch.setattr(
        proc, "_processes", lambda name: ((pid, title, float(pid)) for pid, title in titles.items())
    )
    monkeypatch.setattr(proc, "reaped_children_seconds", lambda pid: 42.0)
    reading = proc.postgres(["t_native_status_1"])
    assert reading.run == {12: 12.0, 14: 14.0}
    assert reading.shared == {10: 10.0, 11: 11.0}
    assert reading.others == 1 and reading.reaped == 42.0


@pytest.mark.parametrize(("cores", "expected"), [({0}, None), ({0, 1}, None), ({0, 1, 2, 3}, 3)])
def test_the_generator_gets_a_core_of_its_own_only_with_three_or_more(
    monkeypatch: pytest.MonkeyPatch, cores: set[int], expected: int | None
) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: cores)
    assert load.generator_core() == expected


def test_a_quick_run_writes_under_bench_results_not_docs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(report, "DOCS", tmp_path / "docs")
    monkeypatch.setattr(report, "QUICK_DOCS", tmp_path / "results")
    found = report.Report(
        name="probe",
        title="probe",
        method="m",
        sections=[],
        series={"s": [{"offered_per_s": 1, "p50_ms": 1.0, "p95_ms": 2.0, "p99_ms": 3.0}]},
        machine={},
        options={},
    )
    written = report.publish(found, quick=True)
    assert written == tmp_path / "results" / "probe.md"
    assert "Quick mode" in written.read_text()
    assert not (tmp_path / "docs").exists()


def test_a_process_trees_cpu_counts_its_living_children() -> None:
    """The application service's rule workers are its children: their CPU is its cost."""
    child = subprocess.Popen(  # burns 0.3 s of CPU, then waits to be read
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "while time.process_time() < 0.3: pass\n"
            "print('done', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "done"
        own = proc.cpu_seconds(os.getpid())
        tree = proc.tree_cpu_seconds(os.getpid())
        assert own is not None and tree is not None
        assert tree - own >= 0.25  # the child's 0.3 s, less a tick of rounding either way
    finally:
        child.communicate("")
    assert proc.tree_cpu_seconds(child.pid) is None  # ended and reaped: no such process
