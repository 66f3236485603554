"""What the Kubernetes checks share: the services, a tiny Kustomize and helpers over the
rendered objects. The tests: test_kubernetes.py, test_k8s_config.py, test_grafana_and_docs.py.

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
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

import yaml

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
    ROOT / "notification-service" / "src",
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
    "notification-service": Service(
        "PANJEREH_NOTIFICATION_",
        "notification-service",
        8005,
        "notification_service.settings:NotificationSettings",
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


@dataclass(frozen=True)
class FieldRef:
    path: str  # the pod's own field (the downward API): metadata.name, …


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
        elif "fieldRef" in source:
            env[item["name"]] = FieldRef(source["fieldRef"]["fieldPath"])
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


def check_pod_security(obj: dict[str, Any]) -> None:
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


def settings_class(service: Service) -> Any:
    module, _, name = service.settings.partition(":")
    return getattr(import_module(module), name)
