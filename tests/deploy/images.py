"""`make images`: every service's image built with buildah (tools/images.sh) and smoke-tested
the way a container runtime would start it, then one line per image (the edge's image has
checks of its own: tests/deploy/edge_image.py).

Each image runs from a buildah working container with chroot isolation, which shares the
host's network: the service listens on a free host port, and `migrate` reaches the local
PostgreSQL on 127.0.0.1. The checks: it runs as its non-root user (and cannot write its own
virtual environment), its size, `migrate` against a fresh database (dropped after),
`serve` answering /health/live, and SIGTERM ending it within the grace period Kubernetes
gives it (deploy/k8s/base). `python -m tests.deploy.images [NAME...]` (default: every image).
"""

import argparse
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import asyncpg
from cryptography.hazmat.primitives import serialization

from panjereh import auth
from tests.deploy import processes
from tests.deploy.dockerfiles import DEPLOY, IMAGES, ROOT, Image

SCRIPT = ROOT / "tools" / "images.sh"
POSTGRES = os.environ.get(
    "PANJEREH_IMAGES_POSTGRES", "postgresql://panjereh:panjereh@127.0.0.1:5432/postgres"
)
TAG = os.environ.get("PANJEREH_IMAGE_TAG", "dev")
BASE_IMAGE = (
    f"localhost/panjereh-base:{os.environ.get('PANJEREH_BASE_SUITE', 'bookworm')}-python3.11"
)
START_TIMEOUT = 180.0  # a loaded two-core machine starts a service in seconds; be generous


class SmokeFailure(Exception):
    """One smoke check failed; the message says what was seen."""


@dataclass
class Report:
    name: str
    build_seconds: float = 0.0
    size_bytes: int = 0
    checks: dict[str, str] = field(default_factory=dict)  # check → "ok ..." or "FAIL ..."

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(v.startswith("ok") for v in self.checks.values())

    def line(self) -> str:
        verdicts = "  ".join(f"{check}: {verdict}" for check, verdict in self.checks.items())
        return (
            f"{self.name:<21} {self.size_bytes / 1e6:6.0f} MB  "
            f"built in {self.build_seconds:5.0f} s  {verdicts}"
        )


# ---------------------------------------------------------------- buildah


def images_sh(*args: str, timeout: float = 3600) -> str:
    result = subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise SmokeFailure(f"tools/images.sh {' '.join(args[:2])}: {result.stderr.strip()[-2000:]}")
    return result.stdout


def reference(image: Image) -> str:
    return f"localhost/panjereh/{image.name}:{TAG}"


def image_size(image: Image) -> int:
    """The image's unpacked size as buildah lists it (decimal units: "287 MB")."""
    listing = json.loads(images_sh("buildah", "images", "--json", reference(image)))
    return parse_size(listing[0]["size"])


def parse_size(listed: str) -> int:
    number, unit = listed.split()
    return round(float(number) * UNITS[unit])


UNITS = {"B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}


def configured_user(ref: str) -> str:
    return images_sh(
        "buildah",
        "inspect",
        "--type",
        "image",
        "--format",
        "{{.OCIv1.Config.User}}",
        ref,
    ).strip()


@contextmanager
def container(ref: str) -> Iterator[str]:
    name = f"panjereh-smoke-{uuid.uuid4().hex[:12]}"
    images_sh("buildah", "from", "--pull=never", "--name", name, ref)
    try:
        yield name
    finally:
        images_sh("buildah", "rm", name)


def run_command(ctr: str, env: dict[str, str], *command: str) -> list[str]:
    """`buildah run` as a runtime runs the image: its user, its PATH, only these variables."""
    flags = [f"--env={key}={value}" for key, value in env.items()]
    return [str(SCRIPT), "buildah", "run", "--isolation", "chroot", *flags, ctr, "--", *command]


def run_in(ctr: str, env: dict[str, str], *command: str, timeout: float = 300) -> str:
    result = subprocess.run(
        run_command(ctr, env, *command), capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise SmokeFailure(f"exit {result.returncode}: {result.stderr.strip()[-600:]}")
    return result.stdout


# ---------------------------------------------------------------- the service's settings


def grace_seconds(image: Image) -> float:
    manifest = (DEPLOY / "k8s" / "base" / f"{image.name}.yaml").read_text(encoding="utf-8")
    found = re.search(r"terminationGracePeriodSeconds:\s*(\d+)", manifest)
    if found is None:
        raise SmokeFailure(
            f"deploy/k8s/base/{image.name}.yaml sets no terminationGracePeriodSeconds"
        )
    return float(found[1])


def uses_database(image: Image) -> bool:
    return image.name != "gateway"  # the gateway keeps no state (GatewaySettings.uses_database)


def environment(image: Image, database: str | None) -> dict[str, str]:
    """The dev profile on the in-memory bus: the image's own start, not the platform's."""
    env = {f"{image.prefix}PROFILE": "dev", f"{image.prefix}LOG_JSON": "true"}
    if image.name in SIGNING_KEYS:  # from the secret store, as compose and Kubernetes give it
        env[image.prefix + SIGNING_KEYS[image.name]] = _new_key_pem()
    if database is not None:
        env |= {
            f"{image.prefix}DATABASE_URL": f"postgresql+asyncpg://{_dsn_tail(database)}",
            f"{image.prefix}AUTO_MIGRATE": "false",
            f"{image.prefix}BUS": "memory",
        }
    return env


# A dev profile with no key generates one under .data/ in the working directory, which the
# image's user may not write (/app is root's): a deployment passes these keys.
SIGNING_KEYS = {
    "application-service": "DOSSIER_SIGNING_KEY_PEM",
    "inquiry-service": "AUDIT_SIGNING_KEY_PEM",
}


def _new_key_pem() -> str:
    pem = auth.new_signing_key().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return pem.decode()


def _dsn_tail(database: str) -> str:
    server = POSTGRES.split("://", 1)[1].rsplit("/", 1)[0]
    return f"{server}/{database}"


@contextmanager
def fresh_database(image: Image) -> Iterator[str]:
    name = f"panjereh_image_{image.name.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield name
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(POSTGRES)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _table_count(database: str) -> int:
    connection = await asyncpg.connect(f"postgresql://{_dsn_tail(database)}")
    try:
        count = await connection.fetchval(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
    finally:
        await connection.close()
    return int(count)


# ---------------------------------------------------------------- the checks


def check_user(ref: str, ctr: str) -> str:
    user = configured_user(ref)
    seen = run_in(
        ctr,
        {},
        "python",
        "-c",
        "import os; print(os.getuid(), os.getgid(), os.access('/opt/venv/bin', os.W_OK))",
    ).split()
    if user.split(":")[0] in ("", "0", "root") or seen[0] == "0":
        raise SmokeFailure(f"runs as root (USER {user!r}, uid {seen[0]})")
    if seen[2] != "False":
        raise SmokeFailure("the service user can write its virtual environment")
    return f"ok uid {seen[0]}"


def check_migrate(image: Image, ctr: str, database: str | None) -> str:
    if database is None:
        return "ok n/a (no database)"
    run_in(ctr, environment(image, database), image.cli, "migrate")
    tables = asyncio.run(_table_count(database))
    if tables == 0:
        raise SmokeFailure("migrate exited 0 but made no table")
    return f"ok {tables} tables"


def check_serve_and_stop(image: Image, ctr: str, database: str | None) -> tuple[str, str]:
    port = processes.free_port()
    command = run_command(
        ctr,
        environment(image, database),
        image.cli,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    )
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        started = time.monotonic()
        wait_live(process, port)
        serve = f"ok :{port} in {time.monotonic() - started:.1f} s"
        try:
            stop = _stop(image, process)
        except (SmokeFailure, OSError) as error:
            stop = f"FAIL {error}"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return serve, stop


def wait_live(process: subprocess.Popen[str], port: int) -> None:
    """Until `process` answers 200 on /health/live at `port` (SmokeFailure if it exits or
    START_TIMEOUT passes first)."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stderr = process.stderr.read() if process.stderr else ""
            raise SmokeFailure(f"exited {process.returncode} before answering: {stderr[-600:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SmokeFailure(f"/health/live did not answer 200 within {START_TIMEOUT:.0f} s")


def _stop(image: Image, process: subprocess.Popen[str]) -> str:
    """SIGTERM to the service (what a runtime sends the container's first process)."""
    grace = grace_seconds(image)
    target = processes.service_pid(process.pid, image.cli)
    if target is None:
        raise SmokeFailure("no service process found under buildah run")
    signalled = time.monotonic()
    os.kill(target, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        raise SmokeFailure(f"still running {grace:.0f} s after SIGTERM") from None
    took = time.monotonic() - signalled
    stderr = process.stderr.read() if process.stderr else ""
    # uvicorn re-raises the signal once it has shut down, which buildah reports as exit 1.
    by_signal = process.returncode == 1 and "subprocess exited on terminated" in stderr
    if process.returncode != 0 and not by_signal:
        raise SmokeFailure(f"exited {process.returncode} on SIGTERM: {stderr[-1500:]}")
    if "Application shutdown complete" not in stderr:
        raise SmokeFailure(f"ended without a graceful shutdown: {stderr[-1500:]}")
    return f"ok {took:.1f} s of {grace:.0f}"


# ---------------------------------------------------------------- one image, every image


def _verdict(report: Report, check: str, run: Callable[[], str]) -> None:
    try:
        report.checks[check] = run()
    except (SmokeFailure, OSError, subprocess.SubprocessError) as error:
        report.checks[check] = f"FAIL {error}"


def build_and_smoke(image: Image, *, build: bool = True) -> Report:
    report = Report(image.name)
    started = time.monotonic()
    try:
        if build:
            images_sh("build", image.name)
    except SmokeFailure as error:
        report.checks["build"] = f"FAIL {error}"
        return report
    report.build_seconds = time.monotonic() - started
    report.size_bytes = image_size(image)
    with container(reference(image)) as ctr:
        _verdict(report, "user", lambda: check_user(reference(image), ctr))
        with _database_for(image) as database:
            _verdict(report, "migrate", lambda: check_migrate(image, ctr, database))
            try:
                report.checks["serve"], report.checks["sigterm"] = check_serve_and_stop(
                    image, ctr, database
                )
            except (SmokeFailure, OSError, subprocess.SubprocessError) as error:
                report.checks["serve"] = f"FAIL {error}"
    return report


@contextmanager
def _database_for(image: Image) -> Iterator[str | None]:
    if not uses_database(image):
        yield None
        return
    with fresh_database(image) as name:
        yield name


def run(names: list[str], *, build: bool = True) -> list[Report]:
    started = time.monotonic()
    images_sh("setup")
    print(f"setup (buildah, base and uv images) in {time.monotonic() - started:.0f} s", flush=True)
    reports = []
    from tests.deploy import edge_image  # it builds on this module's helpers

    for name in names:
        if name == edge_image.NAME:  # HAProxy, no Python: checks of its own
            report = edge_image.build_and_smoke(build=build)
        else:
            report = build_and_smoke(IMAGES[name], build=build)
        print(report.line(), flush=True)
        reports.append(report)
    print(f"images: {len(names)} in {time.monotonic() - started:.0f} s", flush=True)
    return reports


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="make images", description=__doc__)
    every = [*IMAGES, "edge"]
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"of {', '.join(every)}")
    parser.add_argument("--no-build", action="store_true", help="smoke-test the built images")
    args = parser.parse_args(argv)
    names = args.names or every
    unknown = sorted(set(names) - set(every))
    if unknown:
        parser.error(f"no such image: {', '.join(unknown)}")
    reports = run(names, build=not args.no_build)
    sys.exit(0 if all(r.ok for r in reports) else 1)


if __name__ == "__main__":
    main()
