"""The Kubernetes manifests (deploy/k8s) checked offline: valid Kubernetes in strict mode
(and the renderer agreeing with kubectl where it exists), and the workloads probed, sized,
locked down, budgeted, autoscaled and migrated by Jobs.
"""

import copy
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from tests.deploy.kustomize import (
    AUTOSCALED,
    BACKENDS,
    K8S,
    K8S_VERSION,
    OVERLAYS,
    POLICY,
    RENDERED,
    SERVICES,
    check_pod_security,
    effective_env,
    load_documents,
    of_kind,
    one,
    pod_spec,
    selects,
)

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


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_deployments_are_probed_sized_and_locked_down(overlay: str) -> None:
    objects = RENDERED[overlay]
    deployments = of_kind(objects, "Deployment")
    assert sorted(d["metadata"]["name"] for d in deployments) == sorted(SERVICES)
    for deployment in deployments:
        name = deployment["metadata"]["name"]
        check_pod_security(deployment)
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
        # The gateway has a port for Prometheus too: its public /metrics needs a token.
        metrics = [{"name": "metrics", "containerPort": 9100, "protocol": "TCP"}]
        assert container["ports"] == [
            {"name": "http", "containerPort": service.port, "protocol": "TCP"}
        ] + (metrics if name == "gateway" else [])
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
        check_pod_security(job)
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
