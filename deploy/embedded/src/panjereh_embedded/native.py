"""The native multi-process mode: every service its own uvicorn process on this machine.

For machines without Docker (`make up` / `make down`): the gateway, the five services and the
registry simulator each run as a process, against the PostgreSQL and Kafka that
`make infra-up` provides, the gateway routing to them over HTTP. Each service's migrations
run first as the one-shot `<service> migrate`, as they would in a Kubernetes Job.

With `--replicas 2` each consuming service runs twice, as a Deployment of two pods would: the
second replica (process `<service>-2`, on its service's port + 10, e.g. `status-2` on 8013)
shares the first's database and Kafka consumer group, so the group splits the partitions
between them. The gateway routes to the first replica.

`python -m panjereh_embedded.native up|down|status [--run-dir .run] [--replicas N]`
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from cryptography.hazmat.primitives import serialization

from panjereh import auth

SERVICES = {  # name: (command line, env prefix, port)
    "application": ("application-service", "PANJEREH_APPLICATION_", 8001),
    "inquiry": ("inquiry-service", "PANJEREH_INQUIRY_", 8002),
    "status": ("status-service", "PANJEREH_STATUS_", 8003),
    "compliance": ("compliance-service", "PANJEREH_COMPLIANCE_", 8004),
    "notification": ("notification-service", "PANJEREH_NOTIFICATION_", 8005),
}
GATEWAY_PORT, SIMULATOR_PORT = 8000, 8090
REPLICA_PORT_STEP = 10  # replica n of a service listens on its port + 10 × (n - 1)
LOCAL_POSTGRES = "postgresql+asyncpg://panjereh:panjereh@127.0.0.1:5432"


@dataclass
class Layout:
    """Where everything listens and keeps its state; the defaults are `make up`'s."""

    run_dir: Path
    databases: Mapping[str, str] = field(
        default_factory=lambda: {name: f"{LOCAL_POSTGRES}/panjereh_{name}" for name in SERVICES}
    )
    kafka: str = "127.0.0.1:9092"
    topic_prefix: str = ""
    ports: Mapping[str, int] = field(
        default_factory=lambda: {
            **{name: port for name, (_, _, port) in SERVICES.items()},
            "gateway": GATEWAY_PORT,
            "simulator": SIMULATOR_PORT,
        }
    )
    extra_env: Mapping[str, str] = field(default_factory=dict)
    replicas: int = 1  # processes of each service in SERVICES, one consumer group

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port(name)}"

    def port(self, name: str) -> int:
        """A process's port: as `ports` says, else (a replica) its service's port + 10 × (n-1)."""
        if name in self.ports:
            return self.ports[name]
        service, replica = split_replica(name)
        return self.ports[service] + REPLICA_PORT_STEP * (replica - 1)

    def replicas_of(self, service: str) -> list[str]:
        """The process names of a service: `status`, then `status-2`, …"""
        return [replica_name(service, n) for n in range(1, self.replicas + 1)]

    def processes(self) -> list[str]:
        """Every process, in start order: simulator, gateway, the first replicas, the others."""
        consumers = [replica_name(s, n) for n in range(1, self.replicas + 1) for s in SERVICES]
        return ["simulator", "gateway", *consumers]


def replica_name(service: str, replica: int) -> str:
    return service if replica == 1 else f"{service}-{replica}"


def split_replica(name: str) -> tuple[str, int]:
    """`status-2` → (`status`, 2); `status` → (`status`, 1)."""
    service, _, replica = name.rpartition("-")
    if service in SERVICES and replica.isdigit():
        return service, int(replica)
    return name, 1


@dataclass(frozen=True)
class Interruption:
    exited_after: float  # seconds from the signal to the end of the process
    ready_after: float  # seconds from its restart to the gateway's /health answering 200


class Cluster:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.logs = layout.run_dir / "logs"

    # --- the processes ---

    def command(self, name: str) -> list[str]:
        bin_dir = Path(sys.executable).parent
        port = str(self.layout.port(name))
        if name == "simulator":
            return [sys.executable, "-m", "inquiry_service.simulator", "--port", port]
        if name == "gateway":
            return [str(bin_dir / "panjereh-gateway"), "serve", "--port", port]
        return [str(bin_dir / SERVICES[split_replica(name)[0]][0]), "serve", "--port", port]

    def environment(self, name: str) -> dict[str, str]:
        """A process's environment; every replica of a service gets its service's."""
        layout = self.layout
        name = split_replica(name)[0]
        env = {**os.environ, **layout.extra_env}
        if name == "gateway":
            env.update(
                PANJEREH_GATEWAY_PROFILE="dev",
                PANJEREH_GATEWAY_SIGNING_KEY_PEM=self._signing_key(),
                **{f"PANJEREH_GATEWAY_{s.upper()}_URL": layout.url(s) for s in SERVICES},
            )
        elif name in SERVICES:
            prefix = SERVICES[name][1]
            env.update(
                {
                    prefix + "PROFILE": "dev",
                    prefix + "DATABASE_URL": layout.databases[name],
                    prefix + "AUTO_MIGRATE": "false",
                    prefix + "BUS": "kafka",
                    prefix + "KAFKA_BOOTSTRAP_SERVERS": layout.kafka,
                    prefix + "KAFKA_TOPIC_PREFIX": layout.topic_prefix,
                    prefix + "AUTH_JWKS_URL": layout.url("gateway") + "/.well-known/jwks.json",
                }
            )
            if name == "inquiry":
                env.update(
                    PANJEREH_INQUIRY_REGISTRY_MODE="http",
                    PANJEREH_INQUIRY_EXCHANGE_BASE_URL=layout.url("simulator"),
                )
            if name == "notification":  # Shahkar through the gateway; /track links to it
                env.update(
                    PANJEREH_NOTIFICATION_SMS_INQUIRY_URL=layout.url("gateway"),
                    PANJEREH_NOTIFICATION_SMS_PUBLIC_BASE_URL=layout.url("gateway"),
                )
        return env

    def _signing_key(self) -> str:
        """One key for the cluster's life, so a restarted gateway's tokens still verify."""
        path = self.layout.run_dir / "signing-key.pem"
        if not path.exists():
            pem = auth.new_signing_key().private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            path.touch(mode=0o600)
            path.write_bytes(pem)
        return path.read_text()

    def migrate(self, name: str) -> None:
        cli = str(Path(sys.executable).parent / SERVICES[name][0])
        subprocess.run(  # noqa: S603 — our own console script, no shell
            [cli, "migrate"], env=self.environment(name), check=True, capture_output=True
        )

    def start(self, name: str) -> int:
        """Start one process (detached from this one); its pid."""
        port = self.layout.port(name)
        if _listening(port):  # something else would answer in its place: refuse, loudly
            raise RuntimeError(f"port {port} for {name} is taken; `make down` or free it")
        self.logs.mkdir(parents=True, exist_ok=True)
        with open(self.logs / f"{name}.log", "ab") as log:
            process = subprocess.Popen(  # noqa: S603 — our own console scripts, no shell
                self.command(name),
                env=self.environment(name),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # `make up` returns; the process stays
            )
        self._pid_file(name).write_text(str(process.pid))
        return process.pid

    def up(self, *, timeout: float = 120) -> None:
        """Migrate, then start the simulator, the gateway and the services; wait until ready."""
        self.layout.run_dir.mkdir(parents=True, exist_ok=True)
        for name in SERVICES:
            self.migrate(name)
        for name in self.layout.processes():
            if self.pid(name) is None:
                self.start(name)
        self.wait_ready(timeout=timeout)

    def wait_ready(self, *, timeout: float = 120) -> None:
        """Until the gateway's /health answers 200 (it asks the first replicas), and every
        further replica's own /health/ready does."""
        deadline = time.monotonic() + timeout
        waiting = [self.layout.url("gateway") + "/health"] + [
            self.layout.url(name) + "/health/ready"
            for name in self.layout.processes()
            if split_replica(name)[1] > 1
        ]
        while waiting and time.monotonic() < deadline:
            if _get(waiting[0]) == 200:
                waiting.pop(0)
            else:
                time.sleep(0.3)
        if waiting:
            raise TimeoutError(f"{waiting[0]} not ready after {timeout} s; see {self.logs}")

    def signal(self, name: str, signum: int) -> int | None:
        pid = self.pid(name)
        if pid is not None:
            os.kill(pid, signum)
        return pid

    def wait_exit(self, name: str, pid: int, *, timeout: float) -> bool:
        """Wait for the process to end; True if it did within `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _alive(pid):
                self._pid_file(name).unlink(missing_ok=True)
                return True
            time.sleep(0.1)
        return False

    def interrupt(
        self, name: str, signum: int, *, down_for: float = 0.0, grace: float = 30.0
    ) -> Interruption:
        """A fault and its healing: signal one process, wait for it to end (within `grace`),
        leave it down `down_for` seconds, start it again and wait until all is ready."""
        pid = self.signal(name, signum)
        if pid is None:
            raise RuntimeError(f"{name} is not running")
        signalled = time.monotonic()
        if not self.wait_exit(name, pid, timeout=grace):
            raise TimeoutError(f"{name} still runs {grace} s after signal {signum}")
        exited_after = time.monotonic() - signalled
        time.sleep(down_for)
        restarted = time.monotonic()
        self.start(name)
        self.wait_ready()
        return Interruption(exited_after, time.monotonic() - restarted)

    def stop(self, name: str, *, grace: float = 30) -> None:
        """SIGTERM (graceful: consumers stop, handlers finish, offsets commit), then SIGKILL."""
        pid = self.signal(name, signal.SIGTERM)
        if pid is not None and not self.wait_exit(name, pid, timeout=grace):
            os.kill(pid, signal.SIGKILL)
            self.wait_exit(name, pid, timeout=5)

    def down(self) -> None:
        """Stop every process, replicas first (also those of a run with more replicas)."""
        for name in reversed(self._known()):
            self.stop(name)

    def pid(self, name: str) -> int | None:
        path = self._pid_file(name)
        if not path.exists():
            return None
        pid = int(path.read_text())
        return pid if _alive(pid) else None

    def status(self) -> dict[str, int | None]:
        return {name: self.pid(name) for name in self._known()}

    def _known(self) -> list[str]:
        """The layout's processes, and any other replica a pid file names, in start order."""
        names = self.layout.processes()
        found = sorted(
            (split_replica(path.stem)[1], path.stem)
            for path in self.layout.run_dir.glob("*.pid")
            if path.stem not in names and split_replica(path.stem)[0] in SERVICES
        )
        return names + [name for _, name in found]

    def _pid_file(self, name: str) -> Path:
        return self.layout.run_dir / f"{name}.pid"


def _alive(pid: int) -> bool:
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)  # reap it if it is our child and ended
        if waited == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _get(url: str) -> int | None:
    try:
        return httpx.get(url, timeout=2).status_code
    except httpx.HTTPError:
        return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m panjereh_embedded.native")
    parser.add_argument("command", choices=("up", "down", "status"))
    parser.add_argument("--run-dir", default=os.environ.get("PANJEREH_RUN_DIR", ".run"))
    parser.add_argument(
        "--replicas",
        type=int,
        choices=range(1, 10),
        default=int(os.environ.get("PANJEREH_NATIVE_REPLICAS", "1")),
        help="processes of each service, in one consumer group (default 1)",
    )
    args = parser.parse_args(argv)
    cluster = Cluster(Layout(run_dir=Path(args.run_dir), replicas=args.replicas))
    if args.command == "up":
        cluster.up()
        print(f"Panjereh is up: {cluster.layout.url('gateway')} (logs in {cluster.logs})")
    elif args.command == "down":
        cluster.down()
    else:
        print(json.dumps(cluster.status(), indent=2))


if __name__ == "__main__":
    main()
