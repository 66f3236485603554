"""The edge's configuration as its containers generate it (compose and Kubernetes), for the
checks in test_edge.py: the `panjereh-gateway edge-sync` command a container runs, parsed by
the real command line, run with that container's environment, then checked by HAProxy."""

import argparse
import json
import os
import re
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from gateway import edge_sync
from tests.edge.support import Keys, haproxy_binary

SYNC = ["panjereh-gateway", "edge-sync"]
_SERVER = re.compile(r"^(    server \S+ )(\S+):(\d+)", re.M)


def sync_args(command: list[str], env: Mapping[str, str]) -> argparse.Namespace:
    """`command` parsed as the CLI parses it, `$(VAR)` expanded as the kubelet does."""
    assert command[:2] == SYNC, command
    parser = argparse.ArgumentParser()
    edge_sync.add_parser(parser.add_subparsers(dest="command"))
    words = [re.sub(r"\$\((\w+)\)", lambda m: env[m[1]], word) for word in command[1:]]
    return parser.parse_args(words)


def generate(
    args: argparse.Namespace,
    env: Mapping[str, str],
    directory: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    """The haproxy.cfg that `args` writes under `env` (the gateway's settings), keys from a
    JWKS file standing for the gateway's; the peers that do not resolve here are left out,
    as edge-sync leaves them out anywhere."""
    jwks = directory / "jwks.json"
    jwks.write_text(json.dumps(Keys().jwks()))
    with monkeypatch.context() as patched:
        for name in [n for n in os.environ if n.startswith("PANJEREH_")]:
            patched.delenv(name)
        for name, value in env.items():
            patched.setenv(name, value)
        settings = edge_sync.edge_settings()
    edge_sync.write(
        edge_sync.Sync(str(jwks), directory / "edge", edge_sync.layout_from(args)), settings
    )
    return (directory / "edge" / "haproxy.cfg").read_text()


def upstreams(config: str) -> list[tuple[str, int]]:
    return [(host, int(port)) for _, host, port in _SERVER.findall(config)]


def haproxy_accepts(config: str, directory: Path, served: Callable[[str, int], bool]) -> None:
    """HAProxy's own check of `config`. Each server's name must be one the deployment serves
    on that port (`served`); only then is it swapped for 127.0.0.1, as names of a cluster do
    not resolve here (HAProxy resolves them at start)."""
    for host, port in upstreams(config):
        assert served(host, port), f"the edge routes to {host}:{port}, which nothing serves"
    path = directory / "checked.cfg"
    path.write_text(_SERVER.sub(r"\g<1>127.0.0.1:\3", config))
    checked = subprocess.run(
        [haproxy_binary(), "-c", "-f", str(path)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr
    assert "WARNING" not in checked.stdout + checked.stderr, checked.stderr
