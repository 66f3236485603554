"""The Kubernetes manifests (deploy/k8s), the Grafana dashboard (deploy/grafana) and the
operations guide (docs/operations.md), checked offline.

Rendering. kubectl/kustomize is not assumed, so `render()` is a tiny Kustomize that does
exactly what deploy/k8s uses, and fails on anything else in a kustomization.yaml rather than
ignoring it:

- `resources`: files (every YAML document in them) and directories (rendered recursively);
- `namespace`: set on every namespaced object;
- `patches` with `path` only: strategic merge patches matched by kind and name. Maps merge
  recursively and `null` deletes a key; the lists Kubernetes merges by key merge by that key
  (containers, initContainers, env and volumes by `name`, volumeMounts by `mountPath`), the
  patch's items first as kustomize orders them; every other list is replaced whole (as
  Kubernetes does for lists without a merge key, such as an Ingress's rules or an HPA's
  metrics). JSON 6902 patches, `$patch` directives, generators, name prefixes and label
  transformers are not supported (and not used);
- `images`: newName, newTag, digest.

Where `kubectl` is on PATH, one test compares this rendering with `kubectl kustomize`.

Every rendered object (and each file of deploy/k8s/ops) is validated with
kubernetes-validate's offline JSON schemas for Kubernetes K8S_VERSION in strict mode (unknown
fields fail too); one test proves the validator runs by feeding it a broken Deployment.
"""

import copy
import json
import os
import re
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

import kubernetes_validate
import limits
import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
DASHBOARD = ROOT / "deploy" / "grafana" / "panjereh.json"
OPERATIONS = ROOT / "docs" / "operations.md"
POLICY = ROOT / "compliance-service" / "src" / "compliance_service" / "policy.yaml"
SOURCES = [
    ROOT / "shared" / "src",
    ROOT / "gateway" / "src",
    *(ROOT / name / "src" for name in ("application-service", "inquiry-service")),
    *(ROOT / name / "src" for name in ("status-service", "compliance-service")),
]

K8S_VERSION = "1.33.0"  # preStop `sleep` needs 1.30+; the schemas are bundled, no network
OVERLAYS = {
    "base": K8S / "base",
    "dev": K8S / "overlays" / "dev",
    "production": K8S / "overlays" / "production",
}
SUPPORTED_KUSTOMIZATION_KEYS = {"apiVersion", "kind", "namespace", "resources", "patches", "images"}
CLUSTER_SCOPED = {"Namespace"}
MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "env": "name",
    "volumes": "name",
    "volumeMounts": "mountPath",
}


@dataclass(frozen=True)
class Service:
    prefix: str
    cli: str
    port: int
    settings: str  # module:class


SERVICES = {
    "gateway": Service(
        "PANJEREH_GATEWAY_", "panjereh-gateway", 8000, "gateway.settings:GatewaySettings"
    ),
    "application-service": Service(
        "PANJEREH_APPLICATION_",
        "application-service",
        8001,
        "application_service.settings:ApplicationSettings",
    ),
    "inquiry-service": Service(
        "PANJEREH_INQUIRY_", "inquiry-service", 8002, "inquiry_service.settings:InquirySettings"
    ),
    "status-service": Service(
        "PANJEREH_STATUS_", "status-service", 8003, "status_service.settings:StatusSettings"
    ),
    "compliance-service": Service(
        "PANJEREH_COMPLIANCE_",
        "compliance-service",
        8004,
        "compliance_service.settings:ComplianceSettings",
    ),
}
BACKENDS = [name for name in SERVICES if name != "gateway"]
AUTOSCALED = {"gateway", "status-service", "inquiry-service"}
NON_PANJEREH_ENV = {"FORWARDED_ALLOW_IPS"}  # read by uvicorn, not by the settings classes


# --- the tiny Kustomize ------------------------------------------------------------------


def load_documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def strategic_merge(base: Any, patch: Any, field: str | None = None) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = copy.deepcopy(base)
        for key, value in patch.items():
            if value is None:
                merged.pop(key, None)
            elif key in merged:
                merged[key] = strategic_merge(merged[key], value, key)
            else:
                merged[key] = copy.deepcopy(value)
        return merged
    if isinstance(base, list) and isinstance(patch, list) and field in MERGE_KEYS:
        # As kustomize orders them: the patch's items (merged) first, then the base's others.
        key = MERGE_KEYS[field]
        olds = {item[key]: item for item in base}
        merged_list = [
            strategic_merge(olds[item[key]], item) if item[key] in olds else copy.deepcopy(item)
            for item in patch
        ]
        patched = {item[key] for item in patch}
        return merged_list + [copy.deepcopy(i) for i in base if i[key] not in patched]
    return copy.deepcopy(patch)


def _split_image(image: str) -> tuple[str, str]:
    """("name", "@digest" or ":tag" or "")."""
    if "@" in image:
        name, digest = image.split("@", 1)
        return name, "@" + digest
    name, _, tag = image.rpartition(":")
    if name and "/" not in tag:
        return name, ":" + tag
    return image, ""


def pod_spec(obj: dict[str, Any]) -> dict[str, Any] | None:
    if obj["kind"] in ("Deployment", "Job", "StatefulSet", "DaemonSet"):
        spec: dict[str, Any] = obj["spec"]["template"]["spec"]
        return spec
    return None


def containers(obj: dict[str, Any]) -> list[dict[str, Any]]:
    spec = pod_spec(obj)
    return [] if spec is None else spec.get("initContainers", []) + spec["containers"]


def render(directory: Path) -> list[dict[str, Any]]:
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text(encoding="utf-8"))
    unsupported = set(kustomization) - SUPPORTED_KUSTOMIZATION_KEYS
    assert not unsupported, f"{directory}: the test's renderer does not support {unsupported}"
    objects: list[dict[str, Any]] = []
    for entry in kustomization.get("resources", []):
        path = (directory / entry).resolve()
        objects += render(path) if path.is_dir() else load_documents(path)
    for patch_entry in kustomization.get("patches", []):
        assert set(patch_entry) == {"path"}, f"only `patches: - path:` is supported: {patch_entry}"
        for patch in load_documents(directory / patch_entry["path"]):
            key = (patch["kind"], patch["metadata"]["name"])
            matches = [
                i for i, o in enumerate(objects) if (o["kind"], o["metadata"]["name"]) == key
            ]
            assert len(matches) == 1, f"{patch_entry['path']}: no single target for {key}"
            objects[matches[0]] = strategic_merge(objects[matches[0]], patch)
    for image in kustomization.get("images", []):
        for obj in objects:
            for container in containers(obj):
                name, suffix = _split_image(container["image"])
                if name != image["name"]:
                    continue
                if "newTag" in image:
                    suffix = ":" + str(image["newTag"])
                if "digest" in image:
                    suffix = "@" + image["digest"]
                container["image"] = image.get("newName", name) + suffix
    if namespace := kustomization.get("namespace"):
        for obj in objects:
            if obj["kind"] not in CLUSTER_SCOPED:
                obj["metadata"]["namespace"] = namespace
    return objects


RENDERED = {name: render(path) for name, path in OVERLAYS.items()}


def one(objects: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    found = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind}/{name}, found {len(found)}"
    return found[0]


def of_kind(objects: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [o for o in objects if o["kind"] == kind]


@dataclass(frozen=True)
class SecretRef:
    name: str
    key: str
    optional: bool


def effective_env(objects: list[dict[str, Any]], container: dict[str, Any]) -> dict[str, Any]:
    """A container's environment: envFrom ConfigMaps, then env (values, ConfigMap keys, Secrets)."""
    env: dict[str, Any] = {}
    for source in container.get("envFrom", []):
        assert set(source) == {"configMapRef"}, "only ConfigMaps are loaded whole"
        env.update(one(objects, "ConfigMap", source["configMapRef"]["name"]).get("data", {}))
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = item["value"]
            continue
        source = item["valueFrom"]
        if "configMapKeyRef" in source:
            ref = source["configMapKeyRef"]
            env[item["name"]] = one(objects, "ConfigMap", ref["name"])["data"][ref["key"]]
        else:
            ref = source["secretKeyRef"]
            env[item["name"]] = SecretRef(ref["name"], ref["key"], ref.get("optional", False))
    return env


def selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


def quantity(value: str | int) -> float:
    """CPU in cores or memory in bytes, from a Kubernetes quantity."""
    text = str(value)
    units = {"m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    for suffix, factor in units.items():
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * factor
    return float(text)


def minimum_replicas(objects: list[dict[str, Any]], deployment: dict[str, Any]) -> int:
    name = deployment["metadata"]["name"]
    for hpa in of_kind(objects, "HorizontalPodAutoscaler"):
        if hpa["spec"]["scaleTargetRef"]["name"] == name:
            return int(hpa["spec"]["minReplicas"])
    return int(deployment["spec"].get("replicas", 1))


# --- validation against the Kubernetes schemas ---------------------------------------------


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_every_rendered_object_is_valid_kubernetes(overlay: str) -> None:
    objects = RENDERED[overlay]
    assert objects
    for obj in objects:
        kubernetes_validate.validate(obj, K8S_VERSION, strict=True)
    names = [(o["kind"], o["metadata"]["name"]) for o in objects]
    assert len(names) == len(set(names)), "duplicate objects"


def test_the_ops_manifests_are_valid_kubernetes() -> None:
    files = sorted((K8S / "ops").glob("*.yaml"))
    assert files
    for path in files:
        for obj in load_documents(path):
            kubernetes_validate.validate(obj, K8S_VERSION, strict=True)


def test_the_validator_really_runs() -> None:
    deployment = copy.deepcopy(one(RENDERED["base"], "Deployment", "status-service"))
    kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)
    broken = copy.deepcopy(deployment)
    broken["spec"]["replicas"] = "three"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, K8S_VERSION, strict=True)
    misspelt = copy.deepcopy(deployment)
    misspelt["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(misspelt, K8S_VERSION, strict=True)


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_the_tiny_renderer_agrees_with_kubectl_kustomize(overlay: str) -> None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed; the tiny renderer stands alone")
    result = subprocess.run(
        [kubectl, "kustomize", str(OVERLAYS[overlay])],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0 and "unknown command" in result.stderr:
        pytest.skip("this kubectl has no kustomize")
    assert result.returncode == 0, result.stderr
    documents = [o for o in yaml.safe_load_all(result.stdout) if o]
    theirs = {(o["kind"], o["metadata"]["name"]): o for o in documents}
    ours = {(o["kind"], o["metadata"]["name"]): o for o in RENDERED[overlay]}
    assert sorted(ours) == sorted(theirs)
    for key, obj in ours.items():
        assert obj == theirs[key], f"{key} differs from kubectl kustomize"


# --- workloads -----------------------------------------------------------------------------


def _check_pod_security(obj: dict[str, Any]) -> None:
    spec = pod_spec(obj)
    assert spec is not None
    name = obj["metadata"]["name"]
    pod_context = spec.get("securityContext", {})
    assert pod_context.get("seccompProfile", {}).get("type") == "RuntimeDefault", name
    assert spec.get("automountServiceAccountToken") is False, name
    for container in spec["containers"]:
        context = container.get("securityContext", {})
        assert context.get("runAsNonRoot", pod_context.get("runAsNonRoot")) is True, name
        assert context.get("allowPrivilegeEscalation") is False, name
        assert context.get("readOnlyRootFilesystem") is True, name
        assert context.get("capabilities", {}).get("drop") == ["ALL"], name
        assert "privileged" not in context, name
        for kind in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(container.get("resources", {}).get(kind, {})), name


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_deployments_are_probed_sized_and_locked_down(overlay: str) -> None:
    objects = RENDERED[overlay]
    deployments = of_kind(objects, "Deployment")
    assert sorted(d["metadata"]["name"] for d in deployments) == sorted(SERVICES)
    for deployment in deployments:
        name = deployment["metadata"]["name"]
        _check_pod_security(deployment)
        spec = deployment["spec"]["template"]["spec"]
        assert spec["terminationGracePeriodSeconds"] >= 30, name
        (container,) = spec["containers"]
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            assert container[probe]["httpGet"]["port"] == "http", (name, probe)
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live", name
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready", name
        pre_stop = container["lifecycle"]["preStop"]["sleep"]["seconds"]
        assert 0 < pre_stop < spec["terminationGracePeriodSeconds"] - 20, name  # uvicorn: 20 s
        strategy = deployment["spec"]["strategy"]["rollingUpdate"]
        assert strategy["maxUnavailable"] == 0, name


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_each_service_runs_its_cli_on_its_port(overlay: str) -> None:
    objects = RENDERED[overlay]
    for name, service in SERVICES.items():
        (container,) = one(objects, "Deployment", name)["spec"]["template"]["spec"]["containers"]
        port = str(service.port)
        assert container["command"] == [service.cli, "serve", "--host", "0.0.0.0", "--port", port]
        assert container["ports"] == [
            {"name": "http", "containerPort": service.port, "protocol": "TCP"}
        ]
        assert container["image"].startswith(f"panjereh/{name}:")
        (service_port,) = one(objects, "Service", name)["spec"]["ports"]
        assert (service_port["port"], service_port["targetPort"]) == (service.port, "http")
    gateway = one(objects, "ConfigMap", "gateway-config")["data"]
    for upstream in BACKENDS:
        key = f"PANJEREH_GATEWAY_{upstream.removesuffix('-service').upper()}_URL"
        assert gateway[key] == f"http://{upstream}:{SERVICES[upstream].port}"


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_every_deployment_has_a_service_and_a_disruption_budget(overlay: str) -> None:
    objects = RENDERED[overlay]
    pods = {
        (o["kind"], o["metadata"]["name"]): o["spec"]["template"]["metadata"]["labels"]
        for o in objects
        if pod_spec(o) is not None
    }
    for deployment in of_kind(objects, "Deployment"):
        name = deployment["metadata"]["name"]
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
        service = one(objects, "Service", name)
        budget = one(objects, "PodDisruptionBudget", name)
        for selector in (service["spec"]["selector"], budget["spec"]["selector"]["matchLabels"]):
            # Exactly this Deployment's pods: never a migration Job's, never another's.
            assert [key for key, pod in pods.items() if selects(selector, pod)] == [
                ("Deployment", name)
            ]
        assert budget["spec"].get("maxUnavailable") == 1 or budget["spec"].get("minAvailable")


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_gateway_status_and_inquiry_autoscale_on_cpu(overlay: str) -> None:
    objects = RENDERED[overlay]
    hpas = of_kind(objects, "HorizontalPodAutoscaler")
    assert {h["metadata"]["name"] for h in hpas} == AUTOSCALED
    for hpa in hpas:
        assert hpa["apiVersion"] == "autoscaling/v2"
        target = hpa["spec"]["scaleTargetRef"]
        assert (target["kind"], target["name"]) == ("Deployment", hpa["metadata"]["name"])
        deployment = one(objects, "Deployment", target["name"])
        # An applied replica count would undo the autoscaler on every `kubectl apply`.
        assert "replicas" not in deployment["spec"]
        assert any(
            m["type"] == "Resource" and m["resource"]["name"] == "cpu"
            for m in hpa["spec"]["metrics"]
        )
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_migrations_run_as_jobs_and_never_at_start_up(overlay: str) -> None:
    objects = RENDERED[overlay]
    for name in BACKENDS:
        service = SERVICES[name]
        job = one(objects, "Job", f"{name}-migrate")
        _check_pod_security(job)
        (container,) = job["spec"]["template"]["spec"]["containers"]
        assert container["command"] == [service.cli, "migrate"]
        assert "ttlSecondsAfterFinished" in job["spec"]
        (server,) = one(objects, "Deployment", name)["spec"]["template"]["spec"]["containers"]
        assert container["image"] == server["image"]
        # The same settings (the production profile checks every secret before any command).
        assert effective_env(objects, container) == effective_env(objects, server)
        assert effective_env(objects, server)[f"{service.prefix}AUTO_MIGRATE"] == "false"


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_the_compliance_policy_comes_from_a_configmap(overlay: str) -> None:
    objects = RENDERED[overlay]
    policy = one(objects, "ConfigMap", "compliance-policy")["data"]["policy.yaml"]
    assert policy == POLICY.read_text(encoding="utf-8"), "the ConfigMap's copy is stale"
    deployment = one(objects, "Deployment", "compliance-service")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    path = Path(effective_env(objects, container)["PANJEREH_COMPLIANCE_POLICY_FILE"])
    (mount,) = [m for m in container["volumeMounts"] if m["name"] == "policy"]
    # A directory mount, never subPath: subPath mounts never see an edited ConfigMap.
    assert (mount["mountPath"], "subPath" in mount) == (str(path.parent), False)
    (volume,) = [
        v for v in deployment["spec"]["template"]["spec"]["volumes"] if v["name"] == "policy"
    ]
    assert volume["configMap"]["name"] == "compliance-policy"
    assert path.name == "policy.yaml"


# --- configuration -------------------------------------------------------------------------


def _settings_class(service: Service) -> Any:
    module, _, name = service.settings.partition(":")
    return getattr(import_module(module), name)


def _secret_value(ref: SecretRef) -> str:
    """A stand-in with no demo marker, of the kind the real secret holds."""
    if ref.key == "database-url":
        return f"postgresql+asyncpg://svc:{secrets.token_hex(8)}@postgres.example:5432/db"
    if ref.key == "signing-key-pem":
        key = ec.generate_private_key(ec.SECP256R1())
        return key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
    if ref.key == "clients-json":
        return "[]"
    return secrets.token_urlsafe(32)


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_the_configuration_is_what_each_service_reads_and_accepts(
    overlay: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every variable names a real setting, and the settings class accepts the whole set."""
    objects = RENDERED[overlay]
    for name, service in SERVICES.items():
        (container,) = one(objects, "Deployment", name)["spec"]["template"]["spec"]["containers"]
        env = effective_env(objects, container)
        settings_class = _settings_class(service)
        for variable in env:
            if variable in NON_PANJEREH_ENV:
                continue
            assert variable.startswith(service.prefix), (name, variable)
            field = variable.removeprefix(service.prefix).lower()
            assert field in settings_class.model_fields, f"{name}: {variable} is no setting"
        with monkeypatch.context() as patched:
            for variable in list(os.environ):
                if variable.startswith("PANJEREH_"):
                    patched.delenv(variable)
            for variable, value in env.items():
                if isinstance(value, SecretRef):
                    if value.optional:
                        continue  # the dev overlay: the demo default applies
                    value = _secret_value(value)
                patched.setenv(variable, value)
            settings = settings_class()
        expected_profile = "dev" if overlay == "dev" else "production"
        assert settings.profile == expected_profile, name
        if name != "gateway":  # the gateway has neither a database nor a bus
            assert settings.bus == "kafka" and settings.auto_migrate is False, name
        assert settings.auth_jwks_url in (None, "http://gateway:8000/.well-known/jwks.json")
        for variable, value in env.items():
            if re.search(r"_(RATE_LIMIT_PER_\w+|TOKEN_ATTEMPTS_PER_IP|MISSES_PER_\w+)$", variable):
                assert limits.parse(value), variable
            if variable.endswith("RATE_LIMIT_STORAGE"):
                assert value.startswith("async+memory://"), "no Redis client is installed"


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_the_services_agree_on_the_kafka_layout(overlay: str) -> None:
    """One cluster, one prefix, one layout: a topic is created by whichever service is first."""
    objects = RENDERED[overlay]
    layouts = set()
    for name in BACKENDS:
        service = SERVICES[name]
        (container,) = one(objects, "Deployment", name)["spec"]["template"]["spec"]["containers"]
        env = effective_env(objects, container)
        layouts.add(
            tuple(
                env[service.prefix + key]
                for key in (
                    "KAFKA_BOOTSTRAP_SERVERS",
                    "KAFKA_TOPIC_PREFIX",
                    "KAFKA_TOPIC_PARTITIONS",
                    "KAFKA_REPLICATION_FACTOR",
                )
            )
        )
    assert len(layouts) == 1, layouts


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_the_first_apply_step_is_everything_but_the_servers(overlay: str) -> None:
    """docs/operations.md applies `-l 'app.kubernetes.io/component notin (server)'` first."""
    objects = RENDERED[overlay]
    servers = [
        o
        for o in objects
        if o["metadata"].get("labels", {}).get("app.kubernetes.io/component") == "server"
    ]
    assert sorted((o["kind"], o["metadata"]["name"]) for o in servers) == sorted(
        ("Deployment", name) for name in SERVICES
    )
    for obj in objects:
        for container in containers(obj):
            assert not container["image"].endswith(":latest") and ":" in container["image"]


def test_production_sets_profile_replication_and_sizes() -> None:
    base, production = RENDERED["base"], RENDERED["production"]
    for name, service in SERVICES.items():
        deployment = one(production, "Deployment", name)
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        env = effective_env(production, container)
        assert env[f"{service.prefix}PROFILE"] == "production", name
        if name != "gateway":
            assert env[f"{service.prefix}KAFKA_REPLICATION_FACTOR"] == "3", name
            assert env[f"{service.prefix}KAFKA_TOPIC_PARTITIONS"] == "12", name
        floor = 3 if name in ("gateway", "status-service") else 2
        assert minimum_replicas(production, deployment) >= floor, name
        (small,) = one(base, "Deployment", name)["spec"]["template"]["spec"]["containers"]
        for kind in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                assert quantity(container["resources"][kind][resource]) >= quantity(
                    small["resources"][kind][resource]
                ), (name, kind, resource)
        assert quantity(container["resources"]["requests"]["cpu"]) > quantity(
            small["resources"]["requests"]["cpu"]
        ), name
    for name in AUTOSCALED:
        assert (
            one(production, "HorizontalPodAutoscaler", name)["spec"]["maxReplicas"]
            > one(base, "HorizontalPodAutoscaler", name)["spec"]["maxReplicas"]
        )


def test_production_creates_the_topics_replicated_three_times() -> None:
    production = RENDERED["production"]
    job = one(production, "Job", "kafka-topics")
    _check_pod_security(job)
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert container["image"].startswith("apache/kafka:")
    env = effective_env(production, container)
    assert (env["REPLICATION_FACTOR"], env["PARTITIONS"]) == ("3", "12")
    assert (
        env["BOOTSTRAP"]
        == effective_env(
            production,
            one(production, "Deployment", "application-service")["spec"]["template"]["spec"][
                "containers"
            ][0],
        )["PANJEREH_APPLICATION_KAFKA_BOOTSTRAP_SERVERS"]
    )
    script = container["command"][-1]
    assert "--if-not-exists" in script and "--replication-factor" in script
    topics = import_module("panjereh.events").TOPICS
    for topic in topics:
        assert topic in script, topic
    assert "retention.ms=-1" in script  # the compliance replay needs the whole history
    assert not any(
        o["kind"] == "Job" and o["metadata"]["name"] == "kafka-topics" for o in RENDERED["base"]
    )


# --- secrets and network -------------------------------------------------------------------


def _secret_refs(objects: list[dict[str, Any]]) -> set[tuple[str, str]]:
    refs = set()
    for obj in objects:
        for container in containers(obj):
            for value in effective_env(objects, container).values():
                if isinstance(value, SecretRef):
                    refs.add((value.name, value.key))
    return refs


def test_no_secret_values_are_committed() -> None:
    for overlay, objects in RENDERED.items():
        for obj in objects:
            assert obj["kind"] != "Secret", f"{overlay}: a Secret is rendered"
    for path in sorted(K8S.rglob("*.y*ml")):
        for obj in load_documents(path):
            if obj.get("kind") == "Secret":
                assert not obj.get("data") and not obj.get("stringData"), path
        text = path.read_text(encoding="utf-8")
        assert "BEGIN EC PRIVATE KEY" not in text and "BEGIN PRIVATE KEY" not in text, path
        assert "$argon2" not in text, path


def test_every_referenced_secret_is_documented() -> None:
    guide = OPERATIONS.read_text(encoding="utf-8")
    refs = _secret_refs(RENDERED["production"])
    assert ("gateway-secrets", "signing-key-pem") in refs
    for name, key in sorted(refs):
        assert name in guide and key in guide, f"docs/operations.md does not name {name}/{key}"


def _from_gateway_or_monitoring(rule: dict[str, Any]) -> bool:
    for peer in rule["from"]:
        pods = peer.get("podSelector", {}).get("matchLabels", {})
        namespaces = peer.get("namespaceSelector", {}).get("matchLabels", {})
        if pods.get("app.kubernetes.io/name") == "gateway" and "namespaceSelector" not in peer:
            continue
        if (
            namespaces == {"kubernetes.io/metadata.name": "monitoring"}
            and "podSelector" not in peer
        ):
            continue
        return False
    return True


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_network_policies_deny_by_default_and_open_only_what_is_needed(overlay: str) -> None:
    policies = {
        p["metadata"]["name"]: p["spec"] for p in of_kind(RENDERED[overlay], "NetworkPolicy")
    }
    deny = policies["default-deny"]
    assert deny["podSelector"] == {} and {"Ingress", "Egress"} <= set(deny["policyTypes"])
    assert "ingress" not in deny and "egress" not in deny
    (gateway_rule,) = policies["gateway"]["ingress"]
    assert "from" not in gateway_rule  # the ingress controller, wherever it runs
    assert [p["port"] for p in gateway_rule["ports"]] == [8000]
    for name in BACKENDS:
        selected = [
            p
            for p in policies.values()
            if p["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/name") == name
            and "ingress" in p
        ]
        assert selected, name
        for policy in selected:
            for rule in policy["ingress"]:
                assert _from_gateway_or_monitoring(rule), name
                assert [p["port"] for p in rule["ports"]] == [SERVICES[name].port], name
    # Policies selecting every pod must not open ingress.
    for name, policy in policies.items():
        if policy["podSelector"] == {}:
            assert "ingress" not in policy, name
    open_egress = {
        (port["protocol"], port["port"])
        for policy in policies.values()
        if policy["podSelector"] == {}
        for rule in policy.get("egress", [])
        if "to" not in rule
        for port in rule["ports"]
    }
    assert {("UDP", 53), ("TCP", 53), ("TCP", 5432), ("TCP", 9092)} <= open_egress


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_the_ingress_exposes_only_the_public_paths_of_the_gateway(overlay: str) -> None:
    (ingress,) = of_kind(RENDERED[overlay], "Ingress")
    paths = [p for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]]
    assert {p["backend"]["service"]["name"] for p in paths} == {"gateway"}
    exposed = {p["path"] for p in paths}
    assert {"/v1", "/.well-known", "/track", "/dashboard"} <= exposed
    assert not exposed & {"/", "/metrics", "/health", "/health/live"}


# --- Grafana -------------------------------------------------------------------------------

PROMQL_WORDS = {
    "sum",
    "max",
    "min",
    "avg",
    "count",
    "rate",
    "irate",
    "increase",
    "histogram_quantile",
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "and",
    "or",
    "unless",
    "bool",
    "clamp_min",
    "clamp_max",
    "vector",
    "topk",
    "bottomk",
}
METRIC_CALL = re.compile(
    r"""\b(Counter|Histogram|Gauge)\(\s*"(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)"\s*,\s*"""
    r"""(?:"[^"]*"\s*)+,\s*\[(?P<labels>[^\]]*)\]""",
    re.DOTALL,
)


def metrics_in_the_code() -> dict[str, tuple[str, set[str]]]:
    """Exposed name -> (type, labels), grepped from the services' and the kit's source."""
    found: dict[str, tuple[str, set[str]]] = {}
    for source in SOURCES:
        for path in source.rglob("*.py"):
            for match in METRIC_CALL.finditer(path.read_text(encoding="utf-8")):
                kind, name = match[1], match["name"]
                labels = set(re.findall(r'"([^"]+)"', match["labels"]))
                if kind == "Counter":
                    found[name.removesuffix("_total") + "_total"] = (kind, labels)
                elif kind == "Histogram":
                    for suffix in ("_bucket", "_sum", "_count"):
                        found[name + suffix] = (
                            kind,
                            labels | ({"le"} if suffix == "_bucket" else set()),
                        )
                else:
                    found[name] = (kind, labels)
    return found


def _panels(panels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    flat = []
    for panel in panels:
        flat.append(panel)
        flat += _panels(panel.get("panels", []))
    return flat


def promql_names(expr: str) -> tuple[set[str], set[str]]:
    """(metric names, label names) an expression uses."""
    labels: set[str] = set()
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # strings carry no names
    for matchers in re.findall(r"\{([^}]*)\}", text):
        labels |= set(re.findall(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)", matchers))
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)  # ranges, $__rate_interval
    for grouping in re.findall(r"\b(?:by|without|on|ignoring)\s*\(([^)]*)\)", text):
        labels |= {label.strip() for label in grouping.split(",") if label.strip()}
    text = re.sub(r"\b(?:by|without|on|ignoring)\s*\([^)]*\)", " ", text)
    words = set(re.findall(r"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*", text))
    return words - PROMQL_WORDS, labels


def test_the_dashboard_loads_and_queries_only_metrics_the_code_exposes() -> None:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    assert 36 <= dashboard["schemaVersion"] <= 41
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["DS_PROMETHEUS"]["type"] == "datasource"
    assert variables["DS_PROMETHEUS"]["query"] == "prometheus"
    known = metrics_in_the_code()
    assert "panjereh_gateway_request_seconds_bucket" in known  # the grep itself works
    used: set[str] = set()
    panels = [p for p in _panels(dashboard["panels"]) if p["type"] != "row"]
    ids = [p["id"] for p in _panels(dashboard["panels"])]
    assert len(ids) == len(set(ids))
    for panel in panels:
        assert panel["datasource"]["uid"] == "${DS_PROMETHEUS}", panel["title"]
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == "${DS_PROMETHEUS}", panel["title"]
            names, labels = promql_names(target["expr"])
            assert names, target["expr"]
            unknown = names - set(known)
            assert not unknown, f"{panel['title']}: {unknown} are no metrics of the code"
            allowed = set().union(*(known[name][1] for name in names))
            assert labels <= allowed, f"{panel['title']}: no labels {labels - allowed}"
            used |= {re.sub(r"_(bucket|sum|count)$", "", name) for name in names}
    # The panels the operations guide promises.
    for metric in (
        "panjereh_gateway_requests_total",
        "panjereh_gateway_request_seconds",
        "panjereh_status_freshness_seconds",
        "panjereh_outbox_relay_lag_seconds",
        "panjereh_outbox_errors_total",
        "panjereh_compliance_share",
        "panjereh_compliance_target_on_track",
        "panjereh_compliance_target_days_left",
    ):
        assert metric in used, metric
    exprs = " ".join(t["expr"] for p in panels for t in p["targets"])
    assert "histogram_quantile(0.99, sum by (route, le)" in exprs
    assert "histogram_quantile(0.5, sum by (route, le)" in exprs


# --- the operations guide ------------------------------------------------------------------


def test_the_operations_guide_lists_every_setting() -> None:
    guide = OPERATIONS.read_text(encoding="utf-8")
    for name, service in SERVICES.items():
        assert service.prefix in guide, name
        for field in _settings_class(service).model_fields:
            assert f"`{field.upper()}`" in guide, f"docs/operations.md: {name} {field.upper()}"
    for command in (
        "kubectl apply -k deploy/k8s/overlays/production",
        "deploy/compose.yml",
        "make up",
        "make down",
        "make infra-up",
        "pg_dump",
        "verify-audit",
        "compliance-rebuild",
        "deploy/grafana/panjereh.json",
    ):
        assert command in guide, command
