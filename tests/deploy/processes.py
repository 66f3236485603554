"""The processes of a smoke test: a free port on this machine, and the service's own
process under `buildah run` (which forks it into the chroot below its helpers)."""

import socket
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def service_pid(parent: int, cli: str) -> int | None:
    """The service's own process under `buildah run`, or None if there is none (yet)."""
    for pid in reversed(descendants(parent)):  # the deepest: buildah's helpers are above it
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        helper = Path(argv[0].decode()).name.startswith("buildah")
        if not helper and any(a.endswith(cli.encode()) for a in argv[:2]) and b"serve" in argv:
            return pid
    return None


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, each before its own children (depth first)."""
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return [grand for child in children for grand in [child, *descendants(child)]]
