"""The Kubernetes configuration: what each service reads and accepts, the Kafka layout, the
production overlay, secrets only referenced, network policies and the ingress.
"""

import os
import re
import secrets
from importlib import import_module
from typing import Any

import limits
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.deploy.kustomize import (
    AUTOSCALED,
    BACKENDS,
    K8S,
    NON_PANJEREH_ENV,
    OPERATIONS,
    OVERLAYS,
    RENDERED,
    SERVICES,
    SecretRef,
    check_pod_security,
    containers,
    effective_env,
    load_documents,
    minimum_replicas,
    of_kind,
    one,
    pod_spec,
    quantity,
    settings_class,
)

# --- configuration -------------------------------------------------------------------------


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
        model = settings_class(service)
        for variable in env:
            if variable in NON_PANJEREH_ENV:
                continue
            assert variable.startswith(service.prefix), (name, variable)
            field = variable.removeprefix(service.prefix).lower()
            assert field in model.model_fields, f"{name}: {variable} is no setting"
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
            settings = model()
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
        [("Deployment", name) for name in SERVICES] + [("StatefulSet", "edge")]
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
    check_pod_security(job)
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
        for volume in (pod_spec(obj) or {}).get("volumes", []):
            if "secret" in volume:  # a mounted Secret: each item is a key of it
                secret = volume["secret"]
                refs |= {(secret["secretName"], item["key"]) for item in secret["items"]}
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
    assert ("gateway-secrets", "signing-keys-json") in refs
    for name, key in sorted(refs):
        assert name in guide and key in guide, f"docs/operations.md does not name {name}/{key}"


def _from_gateway_or_monitoring(rule: dict[str, Any]) -> bool:
    """Only the edge or the gateway (which route to the services), or Prometheus."""
    for peer in rule["from"]:
        pods = peer.get("podSelector", {}).get("matchLabels", {})
        namespaces = peer.get("namespaceSelector", {}).get("matchLabels", {})
        if pods.get("app.kubernetes.io/name") in ("edge", "gateway") and (
            "namespaceSelector" not in peer
        ):
            continue
        if (
            namespaces == {"kubernetes.io/metadata.name": "monitoring"}
            and "podSelector" not in peer
        ):
            continue
        return False
    return True


SERVER = {"app.kubernetes.io/component": "server"}


def _from_status_service(rule: dict[str, Any]) -> bool:
    return rule["from"] == [
        {
            "podSelector": {
                "matchLabels": {
                    "app.kubernetes.io/name": "status-service",
                    "app.kubernetes.io/component": "server",
                }
            }
        }
    ]


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_network_policies_deny_by_default_and_open_only_what_is_needed(overlay: str) -> None:
    policies = {
        p["metadata"]["name"]: p["spec"] for p in of_kind(RENDERED[overlay], "NetworkPolicy")
    }
    deny = policies["default-deny"]
    assert deny["podSelector"] == {} and {"Ingress", "Egress"} <= set(deny["policyTypes"])
    assert "ingress" not in deny and "egress" not in deny
    public_rule, peers_rule, edge_scrape = policies["edge"]["ingress"]
    assert "from" not in public_rule  # the ingress controller, wherever it runs
    assert [p["port"] for p in public_rule["ports"]] == [8000]
    assert peers_rule["from"] == [
        {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "edge", **SERVER}}}
    ]
    assert _from_gateway_or_monitoring(edge_scrape)
    # Only the edge is open to anyone: every other policy's rule names who may come.
    for name, policy in policies.items():
        for rule in policy.get("ingress", []):
            assert "from" in rule or name == "edge", f"{name} is open to anyone"
    gateway_rule, scrape_rule = policies["gateway"]["ingress"]
    # Behind the edge: Panjereh's own pods only (the edge, the services' JWKS fetches).
    assert gateway_rule["from"] == [
        {"podSelector": {"matchLabels": {"app.kubernetes.io/part-of": "panjereh"}}}
    ]
    assert [p["port"] for p in gateway_rule["ports"]] == [8000]
    # The gateway's metrics port, for Prometheus only (/metrics on 8000 needs a token).
    assert _from_gateway_or_monitoring(scrape_rule)
    assert [p["port"] for p in scrape_rule["ports"]] == [9100]
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
                # The one service-to-service call besides the bus: one-time login codes,
                # from the status service to the notification service's internal route.
                if name == "notification-service" and _from_status_service(rule):
                    continue
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


PRIVATE_RANGES = {
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "169.254.0.0/16",
    "100.64.0.0/10",
    "127.0.0.0/8",
}


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_the_notification_service_reaches_only_public_https_receivers(overlay: str) -> None:
    """Webhook receivers and the SMS provider: 443 to the internet, every private, loopback,
    link-local (metadata) and CGNAT range excepted; nothing else of its own."""
    policies = [
        p["spec"]
        for p in of_kind(RENDERED[overlay], "NetworkPolicy")
        if p["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/name")
        == "notification-service"
    ]
    (policy,) = policies
    assert set(policy["policyTypes"]) == {"Ingress", "Egress"}
    (rule,) = policy["egress"]
    assert rule["ports"] == [{"protocol": "TCP", "port": 443}]
    blocks = {peer["ipBlock"]["cidr"]: set(peer["ipBlock"]["except"]) for peer in rule["to"]}
    assert set(blocks) == {"0.0.0.0/0", "::/0"}
    assert blocks["0.0.0.0/0"] >= PRIVATE_RANGES
    assert {"fc00::/7", "fe80::/10", "::1/128"} <= blocks["::/0"]


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_the_ingress_exposes_only_the_public_paths_of_the_edge(overlay: str) -> None:
    (ingress,) = of_kind(RENDERED[overlay], "Ingress")
    paths = [p for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]]
    assert {p["backend"]["service"]["name"] for p in paths} == {"edge"}
    assert "defaultBackend" not in ingress["spec"]
    exposed = {p["path"] for p in paths}
    assert {"/v1", "/.well-known", "/track", "/dashboard", "/", "/static", "/docs"} <= exposed
    # The landing page is the root alone: no path exposed reaches the operators' endpoints.
    assert {p["pathType"] for p in paths if p["path"] == "/"} == {"Exact"}
    for inside in ("/metrics", "/health", "/health/live"):
        assert not any(_reaches(p, inside) for p in paths), inside


def _reaches(rule: dict[str, str], path: str) -> bool:
    """Whether an Ingress path rule admits `path` (Prefix matches by whole segments)."""
    if rule["pathType"] == "Exact":
        return rule["path"] == path
    prefix = rule["path"].rstrip("/")
    return path == prefix or path.startswith(prefix + "/")
