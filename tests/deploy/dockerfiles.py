"""What the container checks share: the images, a Dockerfile reader and its checks, the paths
and the secret patterns. The tests are in test_dockerfiles.py and test_compose.py.
"""

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

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
        Image(
            "notification-service",
            "panjereh-notification-service",
            "notification-service",
            "notification-service",
            8005,
            "PANJEREH_NOTIFICATION_",
            "notification_service.settings:NotificationSettings",
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


def global_args(instructions: list[Instruction]) -> dict[str, str | None]:
    """The ARGs before the first FROM (the only ones a FROM may use), each with its default."""
    args: dict[str, str | None] = {}
    for instruction in instructions:
        if instruction.stage >= 0:
            break
        if instruction.keyword == "ARG":
            name, equals, default = instruction.args.partition("=")
            args[name.strip()] = default.strip().strip('"') if equals else None
    return args


_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def base_image(instruction: Instruction, args: dict[str, str | None]) -> str:
    """A FROM's image as the file builds it with no --build-arg (its ARG defaults)."""
    image = instruction.args.split()[0]
    return _REFERENCE.sub(lambda m: args.get(m[1] or m[2]) or m[0], image)


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
    args = global_args(instructions)
    for instruction in instructions:
        if instruction.keyword == "FROM":
            base = base_image(instruction, args)
            if "$" in base:
                problems.append(f"FROM {base}: a build argument without a default")
            elif not instruction.args.startswith("$"):
                problems.append(f"FROM {base} is not a build argument (tools/images.sh sets it)")
            if base.startswith("python:") and not re.fullmatch(
                r"python:3\.11\.\d+-slim-[a-z]+", base
            ):
                problems.append(f"base image {base!r} is not a specific python:3.11.x-slim tag")
        if instruction.keyword == "ADD":
            if re.search(r"\b(?:https?|git|ftp)://|\bgit@", instruction.args):
                problems.append(f"ADD fetches a URL: {instruction.args}")
            else:
                problems.append(f"ADD where COPY does: {instruction.args}")

    final_base = base_image(final[0], args)
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
