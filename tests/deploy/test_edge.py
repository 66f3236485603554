"""The edge (HAProxy) in Kubernetes and compose, checked offline: there, the only public door,
probed, sized and locked down; its configuration generated beside it by the gateway image's
`edge-sync` from the gateway's own settings (no copy to go stale), and accepted by HAProxy as
generated for each overlay; its peers following its replicas; and the gateway signing from a
key set file (rotation without a restart), never from a single SIGNING_KEY_PEM."""

from pathlib import Path
from typing import Any

import limits
import pytest
import yaml

from tests.deploy.dockerfiles import COMPOSE_FILE, DOCKERFILES, parse_dockerfile
from tests.deploy.edge import SYNC, generate, haproxy_accepts, sync_args
from tests.deploy.kustomize import (
    OVERLAYS,
    RENDERED,
    FieldRef,
    SecretRef,
    check_pod_security,
    effective_env,
    of_kind,
    one,
    pod_spec,
    quantity,
    selects,
)

PUBLIC_SERVICE_TYPES = {"LoadBalancer", "NodePort", "ExternalName"}


def _edge(objects: list[dict[str, Any]]) -> dict[str, Any]:
    return one(objects, "StatefulSet", "edge")


def _container(obj: dict[str, Any], name: str) -> dict[str, Any]:
    spec = pod_spec(obj)
    assert spec is not None
    (found,) = [c for c in spec.get("initContainers", []) + spec["containers"] if c["name"] == name]
    return found


def _plain_env(objects: list[dict[str, Any]], container: dict[str, Any]) -> dict[str, str]:
    """The environment as the pod edge-0 sees it (no secret is given to the edge)."""
    env = {}
    for name, value in effective_env(objects, container).items():
        assert not isinstance(value, SecretRef), f"the edge is given the secret {name}"
        env[name] = "edge-0" if value == FieldRef("metadata.name") else str(value)
    return env


# --- Kubernetes -----------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_only_the_edge_is_public(overlay: str) -> None:
    objects = RENDERED[overlay]
    _edge(objects)
    for service in of_kind(objects, "Service"):
        spec = service["spec"]
        name = service["metadata"]["name"]
        assert spec.get("type", "ClusterIP") not in PUBLIC_SERVICE_TYPES, name
        assert not spec.get("externalIPs"), name
    for obj in objects:
        spec = pod_spec(obj)
        if spec is None:
            continue
        assert not spec.get("hostNetwork"), obj["metadata"]["name"]
        for container in spec.get("initContainers", []) + spec["containers"]:
            for port in container.get("ports", []):
                assert "hostPort" not in port, (obj["metadata"]["name"], port)
    for ingress in of_kind(objects, "Ingress"):
        backends = {
            path["backend"]["service"]["name"]
            for rule in ingress["spec"]["rules"]
            for path in rule["http"]["paths"]
        }
        assert backends == {"edge"}, ingress["metadata"]["name"]
    assert selects(
        one(objects, "Service", "edge")["spec"]["selector"],
        _edge(objects)["spec"]["template"]["metadata"]["labels"],
    )


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_the_edge_is_probed_sized_and_locked_down(overlay: str) -> None:
    edge = _edge(RENDERED[overlay])
    check_pod_security(edge)
    spec = edge["spec"]["template"]["spec"]
    for container in spec["initContainers"] + spec["containers"]:
        for kind in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(container["resources"][kind]), container["name"]
        limit = container["resources"]["limits"]
        assert quantity(limit["memory"]) >= quantity(container["resources"]["requests"]["memory"])
    haproxy = _container(edge, "haproxy")
    assert haproxy["image"].startswith("panjereh/edge:")
    ports = {p["name"]: p["containerPort"] for p in haproxy["ports"]}
    assert ports == {"http": 8000, "metrics": 8404, "peers": 10000}
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        # The edge's own answer (gateway.edge_config's metrics frontend), not the gateway's.
        assert haproxy[probe]["httpGet"] == {"path": "/health/live", "port": "metrics"}, probe
    assert "sleep 5; kill -USR1 1" in " ".join(haproxy["lifecycle"]["preStop"]["exec"]["command"])
    assert spec["terminationGracePeriodSeconds"] >= 45  # 5 s + hard-stop-after 40 s
    budget = one(RENDERED[overlay], "PodDisruptionBudget", "edge")
    assert budget["spec"]["maxUnavailable"] == 1


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_the_edge_peers_are_its_replicas(overlay: str) -> None:
    objects = RENDERED[overlay]
    edge = _edge(objects)
    replicas = edge["spec"]["replicas"]
    headless = one(objects, "Service", edge["spec"]["serviceName"])
    assert headless["spec"]["clusterIP"] == "None"
    assert headless["spec"]["publishNotReadyAddresses"] is True  # peers sync while starting
    assert selects(headless["spec"]["selector"], edge["spec"]["template"]["metadata"]["labels"])
    (port,) = headless["spec"]["ports"]
    env = _plain_env(objects, _container(edge, "edge-sync"))
    args = sync_args(_container(edge, "edge-sync")["command"], env)
    expected = ",".join(
        f"edge-{n}=edge-{n}.{headless['metadata']['name']}:{port['port']}" for n in range(replicas)
    )
    assert args.peers == expected, "PANJEREH_EDGE_PEERS must list every replica"
    assert args.local_peer == "edge-0"  # the pod's own name


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_the_edge_config_is_generated_from_the_gateway_settings(
    overlay: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    objects = RENDERED[overlay]
    edge = _edge(objects)
    (gateway,) = one(objects, "Deployment", "gateway")["spec"]["template"]["spec"]["containers"]
    files, sync, haproxy = (_container(edge, n) for n in ("edge-files", "edge-sync", "haproxy"))
    for container in (files, sync):
        # The same release's routing table, the same settings as the gateway it fronts.
        assert container["image"] == gateway["image"], container["name"]
        assert container["envFrom"] == gateway["envFrom"], container["name"]
    first = sync_args(files["command"], _plain_env(objects, files))
    later = sync_args(sync["command"], _plain_env(objects, sync))
    assert first.once and not later.once
    assert vars(first) | {"once": False, "master_socket": None, "every": 15.0} == vars(later) | {
        "master_socket": None
    }
    command = haproxy["command"]
    assert command[command.index("-f") + 1] == str(first.dir / "haproxy.cfg")
    assert command[command.index("-S") + 1] == str(later.master_socket)
    assert "-W" in command  # a master: reloads without cutting a connection
    mounts = {
        c["name"]: {m["mountPath"]: m["name"] for m in c["volumeMounts"]}
        for c in (files, sync, haproxy)
    }
    assert all(m.get(str(first.dir)) == "edge" for m in mounts.values()), mounts
    env = _plain_env(objects, sync)
    config = generate(later, env, tmp_path, monkeypatch)
    client = limits.parse(env["PANJEREH_GATEWAY_RATE_LIMIT_PER_CLIENT"])
    assert f"sc_http_req_rate(0) gt {client.amount} }}" in config  # this overlay's limits
    assert "if { path /health/live }" in config  # what the probes ask
    services = {
        (s["metadata"]["name"], p["port"])
        for s in of_kind(objects, "Service")
        for p in s["spec"]["ports"]
    }
    haproxy_accepts(config, tmp_path, lambda host, port: (host, port) in services)


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_the_gateway_signs_from_a_mounted_key_set(overlay: str) -> None:
    objects = RENDERED[overlay]
    for obj in objects:
        for container in (pod_spec(obj) or {}).get("containers", []):
            env = effective_env(objects, container)
            assert "PANJEREH_GATEWAY_SIGNING_KEY_PEM" not in env, obj["metadata"]["name"]
    deployment = one(objects, "Deployment", "gateway")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    (volume,) = [v for v in deployment["spec"]["template"]["spec"]["volumes"] if "secret" in v]
    assert volume["secret"]["secretName"] == "gateway-secrets"
    (item,) = volume["secret"]["items"]
    (mount,) = [m for m in container["volumeMounts"] if m["name"] == volume["name"]]
    assert "subPath" not in mount  # a subPath mount never sees the Secret change
    path = effective_env(objects, container).get("PANJEREH_GATEWAY_SIGNING_KEYS_FILE")
    if overlay == "dev":  # a key per process, one replica: see overlays/dev/kustomization.yaml
        assert path is None and volume["secret"].get("optional") is True
        return
    assert item["key"] == "signing-keys-json"
    assert path == f"{mount['mountPath']}/{item['path']}"


# --- compose --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    return loaded


def test_compose_runs_the_edge_in_front(
    compose: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = compose["services"]
    edge, files, sync, gateway = (
        services[n] for n in ("edge", "edge-files", "edge-sync", "gateway")
    )
    assert edge["build"]["dockerfile"] == "deploy/docker/edge.Dockerfile"
    assert edge["depends_on"] == {"edge-files": {"condition": "service_completed_successfully"}}
    for container in (files, sync):
        assert container["image"] == gateway["image"] and container["build"] == gateway["build"]
        assert container["environment"] == gateway["environment"]
        assert container["command"][:2] == SYNC
    first = sync_args(files["command"], {})
    later = sync_args(sync["command"], {})
    assert first.once and not later.once and later.runtime_dns  # containers change address
    # The image's own command reads what edge-sync writes.
    (cmd,) = [
        i
        for i in parse_dockerfile((DOCKERFILES / "edge.Dockerfile").read_text())
        if i.keyword == "CMD"
    ]
    assert f'"-f", "{first.dir / "haproxy.cfg"}"' in cmd.args
    assert f'"-S", "{later.master_socket}"' in cmd.args
    volumes = [set(s["volumes"]) for s in (edge, files, sync)]
    assert volumes[0] == volumes[1] == volumes[2] == {f"edge-files:{first.dir}"}
    env = {k: str(v) for k, v in gateway["environment"].items() if "${" not in str(v)}
    config = generate(later, env, tmp_path, monkeypatch)
    assert "resolvers default init-addr last,libc,none" in config

    def served(host: str, port: int) -> bool:  # its health check asks that port
        return host in services and f"127.0.0.1:{port}/" in str(services[host]["healthcheck"])

    haproxy_accepts(config, tmp_path, served)


def test_compose_gateway_signs_from_a_mounted_key_set(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        assert "PANJEREH_GATEWAY_SIGNING_KEY_PEM" not in (service.get("environment") or {}), name
    gateway = compose["services"]["gateway"]
    path = Path(gateway["environment"]["PANJEREH_GATEWAY_SIGNING_KEYS_FILE"])
    # A directory mount, read-only: a rotation replaces the file, a file mount never sees it.
    assert f"./secrets:{path.parent}:ro" in gateway["volumes"]
