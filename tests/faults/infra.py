"""A private Kafka broker and a private PostgreSQL server for the faults that kill them.

Other engineers use the shared broker on :9092 and the shared PostgreSQL on :5432, so a
scenario that SIGKILLs the broker or restarts the database server gets its own, on free
ports under the scenario's directory, and removes their data when it ends (logs stay).
"""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Self

from tests.support import free_port

ROOT = Path(__file__).resolve().parents[2]
INFRA_SH = ROOT / "deploy" / "local" / "infra.sh"
PG_USER = PG_PASSWORD = "panjereh"  # a throwaway server on a throwaway port


class _Managed:
    """Started on entering the block, stopped (and its data removed) on leaving it."""

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


class PrivateKafka(_Managed):
    """A single-node KRaft broker started by `deploy/local/infra.sh kafka-up`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.controller_port = _another_free_port(self.port)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start it (formatting its storage only the first time); return once it answers."""
        self.root.mkdir(parents=True, exist_ok=True)
        server_log = self.root / "kafka" / "server.log"
        if server_log.exists():  # kafka-up empties it: keep what the killed broker wrote
            with open(self.root / "kafka" / "server-before.log", "ab") as kept:
                kept.write(server_log.read_bytes())
        env = {
            **os.environ,
            "PANJEREH_INFRA_DIR": str(self.root),
            "PANJEREH_KAFKA_PORT": str(self.port),
            "PANJEREH_KAFKA_CONTROLLER_PORT": str(self.controller_port),
        }
        with open(self.root / "infra.log", "ab") as log:
            subprocess.run(
                [str(INFRA_SH), "kafka-up"],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                check=True,
                timeout=180,
            )

    def kill(self) -> None:
        """SIGKILL the broker (no shutdown, unflushed pages lost to the process) and wait."""
        pid = self._pid()
        if pid is not None:
            _signal_and_wait(pid, signal.SIGKILL, within=30)

    def stop(self) -> None:
        pid = self._pid()
        if pid is not None and not _signal_and_wait(pid, signal.SIGTERM, within=30):
            _signal_and_wait(pid, signal.SIGKILL, within=30)
        shutil.rmtree(self.root / "kafka" / "data", ignore_errors=True)

    def _pid(self) -> int | None:
        path = self.root / "kafka" / "pid"
        return int(path.read_text()) if path.exists() else None


class PrivatePostgres(_Managed):
    """A PostgreSQL server of our own (Debian's binaries), with the `panjereh` login role.

    The server runs as the `postgres` user, so its directory belongs to it and the
    directories above must let it through (the campaign makes its own with mode 0711)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.port = free_port()
        self.bin = _postgres_bin()

    @property
    def admin_url(self) -> str:
        """What `databases()` creates the services' databases through."""
        return f"postgresql+asyncpg://{PG_USER}:{PG_PASSWORD}@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        """Start it (creating the cluster and the role the first time); return once it
        accepts connections (after crash recovery, when it was crashed)."""
        fresh = not (self.data / "PG_VERSION").exists()
        if fresh:
            self._initdb()
        self._pg_ctl("start", "-w", "-t", "120", "-l", str(self.root / "postgres.log"))
        if fresh:
            self._as_postgres(
                str(self.bin / "psql"),
                *("-h", str(self.root), "-p", str(self.port), "-d", "postgres", "-q"),
                *("-v", "ON_ERROR_STOP=1", "-c"),
                f"CREATE ROLE {PG_USER} LOGIN CREATEDB PASSWORD '{PG_PASSWORD}'",
            )

    def crash(self) -> None:
        """Immediate stop: every backend killed, no checkpoint; the next start recovers from
        the WAL, as after a power cut or the OOM killer (harsher than a fast restart)."""
        self._pg_ctl("stop", "-m", "immediate", "-w", "-t", "60")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._pg_ctl("stop", "-m", "fast", "-w", "-t", "60")
        shutil.rmtree(self.data, ignore_errors=True)

    def _initdb(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        closed = [p for p in self.root.parents if not os.stat(p).st_mode & 0o001]
        if os.geteuid() == 0 and closed:
            raise PermissionError(f"the postgres user cannot enter {closed[0]}")
        _give_to_postgres(self.root)
        self._as_postgres(
            str(self.bin / "initdb"),
            *("-D", str(self.data), "-U", "postgres", "-E", "UTF8", "--locale=C"),
            *("--auth-local=trust", "--auth-host=scram-sha-256"),
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.root}'\nmax_connections = 200\n"
            )

    def _pg_ctl(self, *args: str) -> None:
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), *args)

    def _as_postgres(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        with open(self.root / "commands.log", "ab") as log:
            subprocess.run(
                [*prefix, *command],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                check=True,
                timeout=180,
            )


def _postgres_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=_version)
    if not versions:
        raise FileNotFoundError("no PostgreSQL server binaries; run `make infra-up` first")
    return versions[-1].parent


def _version(pg_ctl: Path) -> int:
    return int(pg_ctl.parent.parent.name.split(".")[0])


def _give_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def _another_free_port(taken: int) -> int:
    while (port := free_port()) == taken:
        pass
    return port


def _signal_and_wait(pid: int, signum: int, *, within: float) -> bool:
    """Signal the process; True once it is gone (a zombie counts: nobody may reap it)."""
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if _gone(pid):
            return True
        time.sleep(0.1)
    return False


def _gone(pid: int) -> bool:
    try:
        # The state is the field after the parenthesised command name.
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return True
    return state in ("Z", "X")
