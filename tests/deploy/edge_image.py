"""`make images IMAGES=edge`: the edge's image (HAProxy from Debian's packages, no Python)
built with tools/images.sh and smoke-tested as a runtime would start it: its non-root user,
its size, HAProxy 2.6 with OpenSSL (jwt_verify), a configuration written by `edge-sync`
accepted (`haproxy -c`), the master answering /health/live on its metrics port, and SIGUSR1
(the image's STOPSIGNAL: a soft stop) ending it within the grace period deploy/k8s gives it."""

import json
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from gateway import edge_config, edge_sync
from tests.deploy import processes
from tests.deploy.images import (
    SCRIPT,
    TAG,
    Report,
    SmokeFailure,
    configured_user,
    container,
    images_sh,
    parse_size,
    run_in,
    wait_live,
)
from tests.edge.support import Keys

NAME = "edge"
REFERENCE = f"localhost/panjereh/{NAME}:{TAG}"
GRACE_SECONDS = 50.0  # deploy/k8s/base/edge.yaml's terminationGracePeriodSeconds


def _files(directory: Path, port: int, stats: int) -> Path:
    """What edge-sync writes beside the edge, for a gateway on a port nothing listens on."""
    jwks = directory / "jwks.json"
    jwks.write_text(json.dumps(Keys().jwks()))
    layout = edge_config.EdgeLayout(
        bind=f"127.0.0.1:{port}",
        gateway_url="http://127.0.0.1:9",
        stats_bind=f"127.0.0.1:{stats}",
        peers=(("edge-0", f"127.0.0.1:{processes.free_port()}"),),
        local_peer="edge-0",
    )
    edge_sync.write(edge_sync.Sync(str(jwks), directory, layout), edge_sync.edge_settings())
    return directory / "haproxy.cfg"


def _run(ctr: str, directory: Path, *command: str) -> list[str]:
    mount = f"--volume={directory}:{directory}"  # the same path inside: the config names it
    return [str(SCRIPT), "buildah", "run", "--isolation", "chroot", mount, ctr, "--", *command]


def check_haproxy(ctr: str) -> str:
    version = run_in(ctr, {}, "haproxy", "-vv")
    if "HAProxy version 2.6" not in version or "OpenSSL" not in version:
        raise SmokeFailure(f"not HAProxy 2.6 with OpenSSL: {version[:200]}")
    return "ok " + version.split()[2]


def check_config_serve_and_stop(ctr: str) -> tuple[str, str, str]:
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        os.chmod(directory, 0o755)
        port, stats = processes.free_port(), processes.free_port()
        config = _files(directory, port, stats)
        for path in directory.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)  # the image's user reads them
        checked = subprocess.run(
            _run(ctr, directory, "haproxy", "-c", "-f", str(config)),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if checked.returncode != 0:
            raise SmokeFailure(f"haproxy -c: {checked.stderr.strip()[-600:]}")
        command = ["haproxy", "-W", "-db", "-f", str(config)]
        process = subprocess.Popen(
            _run(ctr, directory, *command),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            started = time.monotonic()
            wait_live(process, stats)
            serve = f"ok :{stats} in {time.monotonic() - started:.1f} s"
            stop = _stop(process)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    return "ok", serve, stop


def _master(parent: int) -> int | None:
    """HAProxy's master under `buildah run`: the shallowest haproxy (its workers are below)."""
    for pid in processes.descendants(parent):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if Path(argv[0].decode()).name == "haproxy" and b"-W" in argv:
            return pid
    return None


def _stop(process: subprocess.Popen[str]) -> str:
    master = _master(process.pid)
    if master is None:
        raise SmokeFailure("no HAProxy master found under buildah run")
    signalled = time.monotonic()
    os.kill(master, signal.SIGUSR1)
    try:
        process.wait(timeout=GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        raise SmokeFailure(f"still running {GRACE_SECONDS:.0f} s after SIGUSR1") from None
    return f"ok {time.monotonic() - signalled:.1f} s of {GRACE_SECONDS:.0f}"


def build_and_smoke(*, build: bool = True) -> Report:
    report = Report(NAME)
    started = time.monotonic()
    try:
        if build:
            images_sh("build", NAME)
    except SmokeFailure as error:
        report.checks["build"] = f"FAIL {error}"
        return report
    report.build_seconds = time.monotonic() - started
    listing = json.loads(images_sh("buildah", "images", "--json", REFERENCE))
    report.size_bytes = parse_size(listing[0]["size"])
    with container(REFERENCE) as ctr:
        try:
            user = configured_user(REFERENCE)
            uid = run_in(ctr, {}, "id", "-u").strip()
            ok = user == "10001:10001" and uid == "10001"
            report.checks["user"] = f"ok uid {uid}" if ok else f"FAIL USER {user!r}, uid {uid}"
            report.checks["haproxy"] = check_haproxy(ctr)
            (
                report.checks["config"],
                report.checks["serve"],
                report.checks["sigusr1"],
            ) = check_config_serve_and_stop(ctr)
        except (SmokeFailure, OSError, subprocess.SubprocessError) as error:
            report.checks["smoke"] = f"FAIL {error}"
    return report
