"""CPU time from /proc: of one process, of PostgreSQL's processes (told apart by the database
their title names), of the Kafka broker, of this process and of the whole machine.

Only what a process has used while it lives can be read: the CPU of a process that exits
between two readings is gone, except what its parent reaps into its own children's total
(PostgreSQL's postmaster reaps every backend, of whatever database).
"""

import os
import resource
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
# Titles of PostgreSQL's own processes, which work for every database on the server.
POSTGRES_AUXILIARIES = (
    "checkpointer",
    "background writer",
    "walwriter",
    "autovacuum launcher",
    "logical replication launcher",
    "archiver",
    "startup",
    "walsender",
    "walreceiver",
)


def _stat(pid: int | str) -> tuple[str, list[str]] | None:
    """(command name, the fields after it) of /proc/<pid>/stat; None once it has ended."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    name, _, rest = text.partition(" (")[2].rpartition(")")
    return name, rest.split()


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU the process (all its threads) has used; None once it has ended."""
    stat = _stat(pid)
    if stat is None:
        return None
    fields = stat[1]
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def tree_cpu_seconds(pid: int) -> float | None:
    """CPU of the process and of all its descendants, living or ended and waited for: each
    process's own time plus what it reaped. A service's helpers (the application service's
    rule workers under a forkserver, HAProxy's worker under its master) are its cost too, and
    a child that ends between two readings moves from its own total into its parent's, so
    the sum stays continuous. None once the process has ended."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(entry.name)) is not None:
            children.setdefault(int(stat[1][1]), []).append(int(entry.name))  # ppid
    total, found, todo = 0.0, False, [pid]
    while todo:
        current = todo.pop()
        stat = _stat(current)
        if stat is None:
            continue
        found = found or current == pid
        fields = stat[1]
        total += sum(int(v) for v in fields[11:15]) / TICKS  # utime stime cutime cstime
        todo.extend(children.get(current, []))
    return total if found else None


def reaped_children_seconds(pid: int) -> float | None:
    """CPU of the process's children that ended and were waited for (cutime + cstime)."""
    stat = _stat(pid)
    if stat is None:
        return None
    fields = stat[1]
    return (int(fields[13]) + int(fields[14])) / TICKS


def _cmdline(pid: int | str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return ""


def _processes(command_name: str) -> Iterator[tuple[int, str, float]]:
    """(pid, command line, CPU seconds) of every live process with this command name."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        stat = _stat(entry.name)
        if stat is None or stat[0] != command_name:
            continue
        fields = stat[1]
        yield int(entry.name), _cmdline(entry.name), (int(fields[11]) + int(fields[12])) / TICKS


@dataclass
class PostgresCpu:
    """One reading of PostgreSQL's processes, per pid (seconds of CPU so far)."""

    run: dict[int, float] = field(default_factory=dict)  # backends of the run's databases
    shared: dict[int, float] = field(default_factory=dict)  # postmaster and auxiliaries
    others: int = 0  # backends of other databases (other load on the server): left out
    reaped: float = 0.0  # the postmaster's ended children, of any database


def postgres(databases: Collection[str]) -> PostgresCpu:
    """PostgreSQL's processes: a backend's title names its database
    ("postgres: 15/main: user database 127.0.0.1(5555) idle"), the postmaster's is its binary."""
    reading = PostgresCpu()
    for pid, title, seconds in _processes("postgres"):
        words = title.split()
        if not title.startswith("postgres:"):  # the postmaster: its command line is its binary
            reading.shared[pid] = seconds
            reading.reaped = reaped_children_seconds(pid) or 0.0
        elif any(name in words for name in databases):
            reading.run[pid] = seconds
        elif any(title.rstrip().endswith(aux) for aux in POSTGRES_AUXILIARIES):
            reading.shared[pid] = seconds
        else:
            reading.others += 1
    return reading


def kafka_broker() -> int | None:
    """The broker's pid: the java process whose main class is kafka.Kafka."""
    for pid, command, _ in _processes("java"):
        if "kafka.Kafka" in command.split():
            return pid
    return None


def own_seconds() -> float:
    """This process's CPU, all threads."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def machine_busy_seconds() -> float:
    """CPU every core of the machine has spent not idle (nor waiting for I/O), from /proc/stat."""
    first = Path("/proc/stat").read_text().splitlines()[0].split()
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in first[1:9])
    return (user + nice + system + irq + softirq + steal) / TICKS


def grown(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU the processes used between two readings; one that started meanwhile counts from
    zero, one that ended is lost (a reused pid that shows less than before counts from zero)."""
    total = 0.0
    for pid, seconds in after.items():
        earlier = before.get(pid, 0.0)
        total += seconds - earlier if seconds >= earlier else seconds
    return total
