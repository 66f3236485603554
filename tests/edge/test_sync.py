"""`panjereh-gateway edge-sync`, the containerised edge's files (gateway.edge_sync): the peers
that resolve, the files rewritten only when they change, a reload through HAProxy's master
socket, and HAProxy accepting what it writes for a cluster behind an ingress."""

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from gateway import edge_config, edge_files, edge_sync
from tests.edge.support import Keys, haproxy_binary

PEERS = "edge-0=edge-0.edge-peers:10000,edge-1=edge-1.edge-peers:10000"


def _sync(tmp_path: Path, jwks: dict[str, object], local: str = "edge-0") -> edge_sync.Sync:
    source = tmp_path / "jwks.json"
    source.write_text(json.dumps(jwks))
    layout = edge_config.EdgeLayout(
        bind=":8000",
        gateway_url="http://gateway:8000",
        stats_bind=":8404",
        peers=edge_sync.parse_peers(PEERS),
        local_peer=local,
        trusted_proxies=("10.0.0.0/8",),
    )
    return edge_sync.Sync(str(source), tmp_path / "edge", layout)


def test_peers_are_parsed_and_bad_ones_refused() -> None:
    assert edge_sync.parse_peers(PEERS) == (
        ("edge-0", "edge-0.edge-peers:10000"),
        ("edge-1", "edge-1.edge-peers:10000"),
    )
    for bad in ("edge-0", "edge-0=host", "=host:1"):
        with pytest.raises(ValueError, match="name=host:port"):
            edge_sync.parse_peers(bad)


def test_only_peers_that_resolve_are_written_the_local_one_always(tmp_path: Path) -> None:
    layout = _sync(tmp_path, Keys().jwks()).layout
    alone = edge_sync.reachable(layout, check=lambda host: False)
    assert alone.peers == (("edge-0", "0.0.0.0:10000"),)
    both = edge_sync.reachable(layout, check=lambda host: True)
    assert both.peers == (("edge-0", "0.0.0.0:10000"), ("edge-1", "edge-1.edge-peers:10000"))
    with pytest.raises(ValueError, match="local peer"):
        edge_sync.reachable(edge_config.EdgeLayout(local_peer="edge-9"), check=lambda host: True)


def test_files_change_only_when_keys_or_peers_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANJEREH_GATEWAY_STATUS_URL", "http://status-service:8003")
    settings = edge_sync.edge_settings()
    keys = Keys()
    sync = _sync(tmp_path, keys.jwks())
    assert edge_sync.write(sync, settings, check=lambda host: False) is True
    config = (sync.directory / "haproxy.cfg").read_text()
    assert "server status status-service:8003" in config
    assert f"{sync.directory}/keys/kids.map" in config
    assert "set-src hdr_ip(x-forwarded-for,-1) if { src 10.0.0.0/8 }" in config
    assert edge_sync.write(sync, settings, check=lambda host: False) is False
    assert edge_sync.write(sync, settings, check=lambda host: True) is True  # a peer came
    assert "peer edge-1 edge-1.edge-peers:10000" in (sync.directory / "haproxy.cfg").read_text()
    rotated = Keys(current=keys.next)
    Path(sync.jwks).write_text(json.dumps(rotated.jwks()))
    assert edge_sync.write(sync, settings, check=lambda host: True) is True  # a rotation
    assert edge_sync.write(sync, settings, check=lambda host: True) is False


def test_the_edge_reads_the_gateway_settings_without_its_secrets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [n for n in os.environ if n.startswith("PANJEREH_GATEWAY_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("PANJEREH_GATEWAY_PROFILE", "production")
    monkeypatch.setenv("PANJEREH_GATEWAY_RATE_LIMIT_PER_IP", "7/second")
    assert edge_sync.edge_settings().rate_limit_per_ip == "7/second"


def test_haproxy_accepts_the_cluster_config(tmp_path: Path) -> None:
    sync = _sync(tmp_path, Keys().jwks())
    # edge-1's name stands for a replica that resolves; HAProxy resolves it at start.
    sync = edge_sync.Sync(
        sync.jwks,
        sync.directory,
        edge_config.EdgeLayout(
            bind=":8000",  # -c checks, never binds
            gateway_url="http://127.0.0.1:8010",
            stats_bind=":8404",
            peers=(("edge-0", "127.0.0.1:10000"), ("edge-1", "localhost:10001")),
            local_peer="edge-0",
            trusted_proxies=("10.0.0.0/8", "192.168.0.0/16"),
        ),
    )
    edge_sync.write(sync, edge_sync.edge_settings())
    config = sync.directory / "haproxy.cfg"
    checked = subprocess.run(
        [haproxy_binary(), "-c", "-f", str(config)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    assert "WARNING" not in checked.stdout + checked.stderr


def test_a_reload_goes_through_the_master_socket(tmp_path: Path) -> None:
    path = tmp_path / "master.sock"
    heard: list[bytes] = []
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        server.listen(1)

        def master() -> None:
            conn, _ = server.accept()
            with conn:
                heard.append(conn.recv(100))

        thread = threading.Thread(target=master)
        thread.start()
        edge_files.reload_master(path)
        thread.join(timeout=10)
    assert heard == [b"reload\n"]


def test_the_command_runs_beside_the_edge_without_the_gateway_secrets(tmp_path: Path) -> None:
    """The production profile's settings, none of its secrets: `edge-sync --once` writes both."""
    source = tmp_path / "jwks.json"
    source.write_text(json.dumps(Keys().jwks()))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANJEREH_")}
    env["PANJEREH_GATEWAY_PROFILE"] = "production"
    cli = Path(sys.executable).parent / "panjereh-gateway"
    command = [str(cli), "edge-sync", "--jwks", str(source), "--gateway-url", "http://gateway:8000"]
    command += ["--dir", str(tmp_path / "edge"), "--peers", "edge-0=edge-0.edge-peers:10000"]
    done = subprocess.run(
        [*command, "--local-peer", "edge-0", "--once"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "edge" / "keys" / "kids.map").read_text().startswith("panjereh-1 ")
    assert "server gateway gateway:8000\n" in (tmp_path / "edge" / "haproxy.cfg").read_text()
