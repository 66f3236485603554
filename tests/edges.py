"""The server under test of the black-box suites, on either edge (issue 20): the embedded
default (one process; its gateway dispatches straight to the mounted apps) or the
distributed mode (the native cluster on real PostgreSQL and Kafka, every service its own
process, HAProxy in front). The `edge` fixture (tests/conftest.py) starts one of each per
session, lazily; a test speaks to it by URL with the sandbox's public demo clients only.

Both run with the same limits: no client limit the suites could reach, and a small limit per
address (`PER_IP` an hour), so the hostile burst trips it however fast the machine (an hour
is longer than any run). Every test speaks from an address of its own on the loopback network
(`next_address`), so one test's requests never spend another's budget.
"""

import contextlib
import itertools
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import requests
from cryptography.hazmat.primitives import serialization
from requests.adapters import HTTPAdapter

from gateway.clients import DEMO_CLIENTS
from panjereh import auth
from tests.support import free_port

EDGES = ("embedded", "haproxy")
ROOT = Path(__file__).resolve().parents[1]
PER_IP = 200  # unauthenticated requests an address may send in an hour, on both edges
UNREACHABLE = "1000000/minute"  # a limit no suite reaches: limits are under test in one place
ENVIRONMENT = {
    "PANJEREH_GATEWAY_RATE_LIMIT_PER_CLIENT": UNREACHABLE,
    "PANJEREH_GATEWAY_RATE_LIMIT_PER_IP": f"{PER_IP}/hour",
    "PANJEREH_GATEWAY_TOKEN_ATTEMPTS_PER_IP": UNREACHABLE,
    "PANJEREH_GATEWAY_LOG_LEVEL": "WARNING",
}
SECRETS = {client_id: secret for client_id, secret, _, _ in DEMO_CLIENTS}
_TOKEN_LIFE = 600  # seconds a cached token is used: well inside its 900 s
_ADDRESSES = itertools.count(1)


def next_address() -> str:
    """A loopback address no test of this process has used (127.0.0.0/8 is all ours)."""
    n = next(_ADDRESSES)
    return f"127.77.{n // 250}.{n % 250 + 1}"


@dataclass
class Deployment:
    """A running platform: where it answers, and (as its operator) the key its tokens are
    signed with, for tokens no client could get (expired ones) and nothing else."""

    name: str
    url: str
    signing_key: Path
    _tokens: dict[tuple[str, str | None], tuple[float, str]] = field(default_factory=dict)

    def token(self, client_id: str, scope: str | None = None) -> str:
        """A demo client's token (minted at first use, again once it is getting old)."""
        minted, token = self._tokens.get((client_id, scope), (0.0, ""))
        if time.monotonic() - minted < _TOKEN_LIFE:
            return token
        form = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": SECRETS[client_id],
            **({"scope": scope} if scope else {}),
        }
        transport = httpx.HTTPTransport(local_address=next_address())
        with httpx.Client(base_url=self.url, transport=transport, timeout=60) as client:
            response = client.post("/v1/oauth/token", data=form)
        assert response.status_code == 200, response.text
        token = str(response.json()["access_token"])
        self._tokens[(client_id, scope)] = (time.monotonic(), token)
        return token

    def bearer(self, client_id: str, scope: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(client_id, scope)}"}

    def key(self) -> Any:
        return serialization.load_pem_private_key(self.signing_key.read_bytes(), password=None)

    def client(self, **options: Any) -> httpx.AsyncClient:
        """An HTTP client of the platform speaking from an address of its own."""
        transport = httpx.AsyncHTTPTransport(local_address=next_address())
        return httpx.AsyncClient(base_url=self.url, transport=transport, timeout=60, **options)


class _From(HTTPAdapter):
    """requests' adapter whose connections come from one loopback address."""

    def __init__(self, address: str) -> None:
        self._address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self._address, 0)
        super().init_poolmanager(*args, **kwargs)


def session_from(address: str) -> requests.Session:
    """A requests session (schemathesis') speaking from `address`."""
    session = requests.Session()
    session.mount("http://", _From(address))
    return session


@contextlib.contextmanager
def deployed(name: str, run_dir: Path) -> Iterator[Deployment]:
    """The platform on edge `name`, running until the block ends; everything it made is
    stopped, dropped or deleted after (databases now, topics at the session's end)."""
    # The test process's HTTP clients log every URL they ask for (httpx; urllib3 the status
    # and length too, "200 13418" reading as a national code), and the API's URLs hold
    # national codes (an access log by person): the platform's own logging quiets them too.
    for chatty in ("httpx", "urllib3"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    key = run_dir / "signing-key.pem"
    if name == "embedded":
        _write_key(key)
        with _embedded(run_dir, key) as url:
            yield Deployment(name, url, key)
    else:
        with _distributed(run_dir) as url:
            yield Deployment(name, url, key)


def _write_key(path: Path) -> None:
    pem = auth.new_signing_key().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.touch(mode=0o600)
    path.write_bytes(pem)


@contextlib.contextmanager
def _embedded(run_dir: Path, key: Path) -> Iterator[str]:
    port = free_port()
    log = run_dir / "server.log"
    command = [sys.executable, "-m", "tests.embedded_server", str(port), str(run_dir), str(key)]
    with open(log, "w") as output:
        server = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **ENVIRONMENT}, stdout=output, stderr=output
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _healthy(url, server, log)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=60)
    problems = log.read_text(errors="replace")
    assert "Traceback" not in problems, problems[-4000:]


def _healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180  # a loaded machine takes its time importing it all
    while time.monotonic() < deadline and server.poll() is None:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/health", timeout=10).status_code == 200:
                return
        time.sleep(0.2)
    raise AssertionError(f"the embedded window did not become healthy: {log.read_text()[-4000:]}")


@contextlib.contextmanager
def _distributed(run_dir: Path) -> Iterator[str]:
    # Imported here: the native mode's helpers are for this edge only.
    from tests.native_support import edge_cluster

    with edge_cluster(run_dir, **ENVIRONMENT) as cluster:
        yield cluster.layout.public_url()
