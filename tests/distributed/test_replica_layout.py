"""The native launcher's replicas (`--replicas N`): names, ports, and which processes
`down` and `status` know. No processes are started."""

import os
from pathlib import Path

import pytest

from panjereh_embedded import native


def test_a_second_replica_is_named_after_its_service_and_listens_ten_ports_up() -> None:
    layout = native.Layout(run_dir=Path("unused"), replicas=2)
    assert layout.processes() == [
        "simulator",
        "gateway",
        "application",
        "inquiry",
        "status",
        "compliance",
        "notification",
        "application-2",
        "inquiry-2",
        "status-2",
        "compliance-2",
        "notification-2",
    ]
    assert layout.url("notification-2") == "http://127.0.0.1:8015"
    assert layout.url("status-2") == "http://127.0.0.1:8013"
    assert layout.port("application") == 8001 and layout.port("gateway") == 8000
    assert layout.replicas_of("inquiry") == ["inquiry", "inquiry-2"]


def test_an_explicit_port_wins_over_the_derived_one() -> None:
    layout = native.Layout(run_dir=Path("x"), replicas=2, ports={"status": 5000, "status-2": 7})
    assert layout.port("status-2") == 7
    assert native.Layout(run_dir=Path("unused"), ports={"status": 5000}).port("status-3") == 5020


@pytest.mark.parametrize(
    ("name", "split"),
    [
        ("status", ("status", 1)),
        ("status-2", ("status", 2)),
        ("gateway", ("gateway", 1)),
        ("simulator", ("simulator", 1)),
        ("status-x", ("status-x", 1)),  # not a replica: no such service
        ("gateway-2", ("gateway-2", 1)),  # the gateway has no replicas
    ],
)
def test_process_names_split_into_service_and_replica(name: str, split: tuple[str, int]) -> None:
    assert native.split_replica(name) == split


def test_a_replica_runs_its_services_command_and_environment(tmp_path: Path) -> None:
    cluster = native.Cluster(native.Layout(run_dir=tmp_path, replicas=2))
    command = cluster.command("compliance-2")
    assert Path(command[0]).name == "compliance-service" and command[-1] == "8014"
    first, second = cluster.environment("compliance"), cluster.environment("compliance-2")
    assert second == first  # one database, one consumer group
    assert second["PANJEREH_COMPLIANCE_DATABASE_URL"].endswith("/panjereh_compliance")


def test_down_and_status_know_the_replicas_of_an_earlier_run(tmp_path: Path) -> None:
    """`up --replicas 3` then a plain `down`: the third replicas are stopped too."""
    (tmp_path / "status-3.pid").write_text(str(os.getpid()))
    (tmp_path / "signing-key.pem").write_text("not a process")
    cluster = native.Cluster(native.Layout(run_dir=tmp_path))
    assert list(cluster.status()) == [*native.Layout(run_dir=tmp_path).processes(), "status-3"]
    assert cluster.status()["status-3"] == os.getpid()


def test_the_command_line_takes_a_replica_count() -> None:
    with pytest.raises(SystemExit):
        native.main(["up", "--replicas", "0"])


def test_the_notification_service_asks_shahkar_and_links_track_through_the_gateway(
    tmp_path: Path,
) -> None:
    layout = native.Layout(run_dir=tmp_path, ports={**native.Layout(tmp_path).ports, "gateway": 7})
    env = native.Cluster(layout).environment("notification")
    assert env["PANJEREH_NOTIFICATION_SMS_INQUIRY_URL"] == "http://127.0.0.1:7"
    assert env["PANJEREH_NOTIFICATION_SMS_PUBLIC_BASE_URL"] == "http://127.0.0.1:7"
    assert env["PANJEREH_NOTIFICATION_DATABASE_URL"].endswith("/panjereh_notification")
    gateway = native.Cluster(layout).environment("gateway")
    assert gateway["PANJEREH_GATEWAY_NOTIFICATION_URL"] == "http://127.0.0.1:8005"
