"""A real HAProxy running the generated configuration, in front of stub backends that say
who they are and what reached them; the keys and tokens the tests present to it."""

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric import ec

from gateway import edge_config, edge_files, routing
from gateway.settings import GatewaySettings
from panjereh import auth
from tests.infra import unavailable
from tests.support import free_port

CURRENT_KID, NEXT_KID = "panjereh-1", "panjereh-2"
BACKENDS = (routing.GATEWAY, *sorted({upstream for _, upstream in routing.ROUTES}))


def haproxy_binary() -> str:
    found = shutil.which("haproxy")
    if found is None:
        unavailable("HAProxy", "no haproxy binary; run `make infra-up` (deploy/local/infra.sh)")
    assert found is not None
    return found


class _Echo(BaseHTTPRequestHandler):
    """Answers every request with its backend's name, the path and the headers it got."""

    name = "stub"

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        body = json.dumps(
            {
                "backend": self.name,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
            }
        ).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        if self.path.endswith("/own-headers"):  # a service's own header stays as it set it
            self.send_header("x-frame-options", "SAMEORIGIN")
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def stub_backends() -> Iterator[dict[str, str]]:
    """One echo server per backend; their URLs by name."""
    servers = []
    for name in BACKENDS:
        handler = type(f"Echo_{name}", (_Echo,), {"name": name})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append((name, server))
    try:
        yield {name: f"http://127.0.0.1:{server.server_address[1]}" for name, server in servers}
    finally:
        for _, server in servers:
            server.shutdown()
            server.server_close()


@dataclass
class Keys:
    current: ec.EllipticCurvePrivateKey = field(default_factory=auth.new_signing_key)
    next: ec.EllipticCurvePrivateKey = field(default_factory=auth.new_signing_key)

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        return {
            "keys": [
                *auth.public_jwks(self.current, kid=CURRENT_KID)["keys"],
                *auth.public_jwks(self.next, kid=NEXT_KID)["keys"],
            ]
        }

    def token(
        self,
        *scopes: str,
        client: str = "client-a",
        key: ec.EllipticCurvePrivateKey | None = None,
        kid: str = CURRENT_KID,
        ttl: float = 900,
    ) -> str:
        issuer = auth.TokenIssuer(key or self.current, kid=kid, ttl=dt.timedelta(seconds=ttl))
        return issuer.issue(client_id=client, agency_id="passport-police", scopes=scopes)


@dataclass
class Edge:
    url: str
    metrics_url: str
    log: Path
    keys_dir: Path
    pid: int

    def take_keys(self, jwks: dict[str, Any]) -> None:
        """What `panjereh-gateway edge-keys --reload-pidfile` does: the key files, then a
        graceful reload of the master (only when the edge runs with `master_worker`)."""
        if edge_files.write_keys(jwks, self.keys_dir):
            os.kill(self.pid, signal.SIGUSR2)

    def client(self, source: str = "127.0.0.1") -> httpx.Client:
        """A client whose requests come from `source` (any 127.x address: one per test's IP)."""
        transport = httpx.HTTPTransport(local_address=source)
        return httpx.Client(base_url=self.url, transport=transport, timeout=10)

    def log_lines(self) -> list[str]:
        return [line for line in self.log.read_text().splitlines() if line.startswith("{")]


def settings_for(backends: dict[str, str], **overrides: object) -> GatewaySettings:
    urls = {f"{name}_url": url for name, url in backends.items() if name != routing.GATEWAY}
    return GatewaySettings(profile="dev", **urls, **overrides)  # type: ignore[arg-type]


@contextmanager
def running_edge(
    folder: Path,
    settings: GatewaySettings,
    backends: dict[str, str],
    keys: Keys,
    *,
    master_worker: bool = False,
) -> Iterator[Edge]:
    """HAProxy with the generated configuration and `keys`' files, until the block ends;
    with `master_worker`, as a master (-W) that SIGUSR2 reloads gracefully."""
    binary = haproxy_binary()
    port, stats, peer = free_port(), free_port(), free_port()
    layout = edge_config.EdgeLayout(
        bind=f"127.0.0.1:{port}",
        gateway_url=backends[routing.GATEWAY],
        keys_dir=str(folder / "keys"),
        stats_bind=f"127.0.0.1:{stats}",
        peers=(("edge-1", f"127.0.0.1:{peer}"),),
    )
    edge_files.write_keys(keys.jwks(), folder / "keys")
    config = folder / "haproxy.cfg"
    edge_files.write_config(edge_config.render(settings, layout), config)
    log = folder / "haproxy.log"
    with open(log, "wb") as output:
        mode = ["-W"] if master_worker else []
        process = subprocess.Popen(
            [binary, *mode, "-db", "-f", str(config)], stdout=output, stderr=output
        )
    try:
        _wait_listening(process, f"http://127.0.0.1:{stats}/metrics", log)
        metrics = f"http://127.0.0.1:{stats}/metrics"
        yield Edge(f"http://127.0.0.1:{port}", metrics, log, folder / "keys", process.pid)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_listening(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"haproxy ended ({process.returncode}): {log.read_text()}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise TimeoutError(f"haproxy did not answer on {url}: {log.read_text()}")
