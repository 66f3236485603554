"""The native mode's opt-in edge (`--edge haproxy`), without starting a cluster: where each
process listens, what the gateway is told, and the configuration and keys the edge gets."""

import os
import subprocess
from pathlib import Path

import pytest

from gateway import signing_keys
from panjereh import keyring
from panjereh_embedded import native
from tests.edge.support import haproxy_binary


def test_without_the_edge_nothing_changes(tmp_path: Path) -> None:
    layout = native.Layout(run_dir=tmp_path)
    assert "edge" not in layout.processes()
    assert layout.public_url() == layout.url("gateway") == "http://127.0.0.1:8000"
    env = native.Cluster(layout).environment("gateway")
    name = "PANJEREH_GATEWAY_TRUSTED_PROXIES"
    assert env.get(name) == os.environ.get(name)  # nothing added


def test_the_edge_takes_the_public_port_and_the_gateway_moves_in(tmp_path: Path) -> None:
    layout = native.with_edge(native.Layout(run_dir=tmp_path, replicas=2))
    assert layout.processes()[:3] == ["simulator", "gateway", "edge"]
    assert layout.processes().count("edge") == 1  # never replicated with the services
    assert layout.public_url() == "http://127.0.0.1:8000"
    assert layout.url("gateway") == "http://127.0.0.1:8010"
    env = native.Cluster(layout).environment("gateway")
    assert env["PANJEREH_GATEWAY_TRUSTED_PROXIES"] == "127.0.0.1/32"


def test_the_gateway_signs_from_a_key_set_file_it_can_rotate(tmp_path: Path) -> None:
    cluster = native.Cluster(native.Layout(run_dir=tmp_path))
    env = cluster.environment("gateway")
    assert "PANJEREH_GATEWAY_SIGNING_KEY_PEM" not in env
    path = Path(env["PANJEREH_GATEWAY_SIGNING_KEYS_FILE"])
    assert path.stat().st_mode & 0o077 == 0  # private keys: the owner's only
    keys = signing_keys.loads(path.read_text())
    # Its current key is signing-key.pem's, which the tests sign with; made once, kept.
    pem = keyring.parse_private((tmp_path / "signing-key.pem").read_bytes(), what="pem")
    assert keys.current.private.private_numbers() == pem.private_numbers()
    assert keys.next is not None and keys.current.kid == "panjereh-1"
    assert cluster.environment("gateway") == env and path.read_text() == signing_keys.dumps(keys)


def test_the_edge_command_writes_a_config_haproxy_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANJEREH_GATEWAY_MAX_BODY_BYTES", "2048")  # the gateway's env reaches it
    cluster = native.Cluster(native.with_edge(native.Layout(run_dir=tmp_path)))
    command = cluster.command("edge")
    config = Path(command[-1])
    assert command[1:4] == ["-W", "-db", "-f"]  # a master: SIGUSR2 reloads it
    text = config.read_text()
    assert "bind 127.0.0.1:8000" in text
    assert "server gateway 127.0.0.1:8010" in text
    assert "server status 127.0.0.1:8003" in text
    assert "gt 2048 }" in text
    # The key set's current key and its next one (published before it signs: rotation).
    current, upcoming = (tmp_path / "edge" / "keys" / "kids.map").read_text().splitlines()
    assert current == "panjereh-1 current" and upcoming.endswith(" next")
    checked = subprocess.run(
        [haproxy_binary(), "-c", "-f", str(config)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
