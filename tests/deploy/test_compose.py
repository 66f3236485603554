"""deploy/compose.yml, checked without a Docker engine: against the vendored Compose
Specification schema, against what the services really read from their environment, and
for committed secrets. Every check also runs on a deliberately bad input.
"""

import importlib
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.deploy.dockerfiles import (
    COMPOSE_FILE,
    COMPOSE_SCHEMA,
    DEPLOY,
    DOCKERFILES,
    IMAGES,
    PRIVATE_KEY,
    PURE_REFERENCE,
    ROOT,
    SECRET_NAME,
    SIMULATOR,
    SIMULATOR_PREFIX,
    SIMULATOR_SETTINGS,
    Image,
)

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
        if dockerfile.name == "edge.Dockerfile":  # HAProxy: no Python, no settings class
            assert service["image"].startswith("panjereh/edge:"), name
            built.add("edge")
            continue
        image = _image_of(service)
        assert image is not None, name
        assert service["image"].startswith(f"panjereh/{image.name}:"), name
        built.add(image.name)
    assert built == set(IMAGES) | {"edge"}


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


def test_compose_publishes_only_the_edge(compose: dict[str, Any]) -> None:
    published = {name: s["ports"] for name, s in _services(compose).items() if s.get("ports")}
    assert list(published) == ["edge"], published
    assert published["edge"] == ["127.0.0.1:8000:8000"], "loopback only: a dev stack"
    for name, service in _services(compose).items():
        assert service.get("network_mode") != "host", name
        assert not service.get("privileged"), name


def _secret_problems(environment: dict[str, Any], where: str) -> list[str]:
    problems = []
    for variable, value in environment.items():
        text = "" if value is None else str(value)
        if PRIVATE_KEY.search(text):
            problems.append(f"{where}: {variable} holds a private key")
        # A *_FILE variable names where a secret is mounted (a path), never the secret.
        mounted = variable.endswith("_FILE") and text.startswith("/run/secrets/")
        if SECRET_NAME.search(variable) and not PURE_REFERENCE.fullmatch(text) and not mounted:
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
            "OK_KEYS_FILE": "/run/secrets/panjereh/signing-keys.json",
            "SIGNING_KEYS": "/run/secrets/panjereh/signing-keys.json",  # not a *_FILE
            "KEY_FILE": "/etc/key.pem",  # a file, but not a mounted secret
        },
        "bad",
    )
    assert len(problems) == 8, problems
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
    for upstream in ("APPLICATION", "INQUIRY", "STATUS", "COMPLIANCE", "NOTIFICATION"):
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
        "panjereh_notification",
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
