"""The edge's Dockerfile (deploy/docker/edge.Dockerfile), checked without a Docker engine:
hadolint, a Debian base as a build argument (tools/images.sh passes its own), HAProxy from
Debian's packages, a non-root user, and the master command the deployments rely on."""

import re
import subprocess
from pathlib import Path

from tests.deploy import edge_image
from tests.deploy.dockerfiles import DOCKERFILES, ROOT, global_args, parse_dockerfile
from tests.deploy.test_dockerfiles import hadolint_config, lint
from tests.edge.support import haproxy_binary

__all__ = ["hadolint_config"]  # the fixture, shared with test_dockerfiles.py

EDGE = DOCKERFILES / "edge.Dockerfile"


def problems(text: str) -> list[str]:
    instructions = parse_dockerfile(text)
    found = []
    args = global_args(instructions)
    base = args.get("DEBIAN_IMAGE")
    if base is None or not re.fullmatch(r"debian:12\.\d+-slim", base):
        found.append(f"DEBIAN_IMAGE={base} is not a specific debian:12.x-slim (HAProxy 2.6)")
    froms = [i.args for i in instructions if i.keyword == "FROM"]
    if froms != ["${DEBIAN_IMAGE}"]:
        found.append(f"FROM {froms}: one stage, from the build argument")
    runs = " ".join(i.args for i in instructions if i.keyword == "RUN")
    if "apt-get install -y --no-install-recommends haproxy=2.6.*" not in runs:
        found.append("HAProxy 2.6 is not installed from Debian's packages")
    if "COPY" in {i.keyword for i in instructions} or "ADD" in {i.keyword for i in instructions}:
        found.append("something is baked in: its files come from edge-sync at run time")
    users = [i.args for i in instructions if i.keyword == "USER"]
    if not users or users[-1] != "10001:10001":
        found.append(f"USER {users}: not uid 10001")
    cmd = " ".join(i.args for i in instructions if i.keyword == "CMD")
    for part in ('"haproxy", "-W", "-db"', '"-f", "/run/edge/haproxy.cfg"', '"-S"'):
        if part not in cmd:
            found.append(f"CMD lacks {part}")
    if "HEALTHCHECK" not in {i.keyword for i in instructions}:
        found.append("no HEALTHCHECK")
    if [i.args for i in instructions if i.keyword == "STOPSIGNAL"] != ["SIGUSR1"]:
        found.append("STOPSIGNAL is not SIGUSR1 (HAProxy's soft stop)")
    return found


def test_hadolint_finds_nothing_in_the_edge_dockerfile(hadolint_config: Path) -> None:
    assert lint(EDGE, hadolint_config) == []


def test_the_edge_dockerfile() -> None:
    assert problems(EDGE.read_text(encoding="utf-8")) == []
    script = (ROOT / "tools" / "images.sh").read_text(encoding="utf-8")
    assert '--build-arg "DEBIAN_IMAGE=' in script, "tools/images.sh does not set DEBIAN_IMAGE"


def test_the_edge_dockerfile_checks_catch_a_bad_one() -> None:
    bad = "FROM debian:latest\nRUN apt-get install -y haproxy\nCOPY haproxy.cfg /etc/\nUSER root\n"
    found = "\n".join(problems(bad))
    for expected in ("DEBIAN_IMAGE", "one stage", "HAProxy 2.6", "baked in", "USER", "CMD lacks"):
        assert expected in found, (expected, found)
    assert "HEALTHCHECK" in found and "STOPSIGNAL" in found


def test_the_smoke_tests_config_is_one_haproxy_accepts(tmp_path: Path) -> None:
    """What `make images IMAGES=edge` starts the image with, checked by the host's HAProxy."""
    config = edge_image._files(tmp_path, port=18000, stats=18404)
    assert "bind 127.0.0.1:18404" in config.read_text()
    checked = subprocess.run(
        [haproxy_binary(), "-c", "-f", str(config)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr
