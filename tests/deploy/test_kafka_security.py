"""Kubernetes wired for the authenticated Kafka: every service of the base and production
runs SASL_SSL as its own SCRAM user with its password from its Secret and the CA mounted; the
settings each Deployment and migrate Job gets are accepted by the service's settings class;
the dev overlay stays PLAINTEXT; and the kafka-topics Job's ACL lines are what
panjereh.bus.acl generates, running kafka-acls.sh once per rule with the admin's config."""

import os
import re
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from panjereh.bus import acl
from tests.deploy.kustomize import (
    BACKENDS,
    K8S,
    RENDERED,
    SERVICES,
    SecretRef,
    effective_env,
    one,
    settings_class,
)

CA_DIR = "/etc/panjereh/kafka-ca"
JOB = K8S / "overlays" / "production" / "kafka-topics.yaml"


def _job_script() -> str:
    job = one(RENDERED["production"], "Job", "kafka-topics")
    return str(job["spec"]["template"]["spec"]["containers"][0]["command"][-1])


def _container(objects: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    return dict(one(objects, kind, name)["spec"]["template"]["spec"]["containers"][0])


@pytest.mark.parametrize("overlay", ["base", "production"])
@pytest.mark.parametrize("service", BACKENDS)
def test_every_service_uses_its_own_scram_user_over_tls(overlay: str, service: str) -> None:
    objects = RENDERED[overlay]
    prefix = SERVICES[service].prefix
    for kind, name in (("Deployment", service), ("Job", f"{service}-migrate")):
        env = effective_env(objects, _container(objects, kind, name))
        assert env[f"{prefix}KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL", name
        assert env[f"{prefix}KAFKA_SASL_USERNAME"] == service, name
        assert env[f"{prefix}KAFKA_SASL_PASSWORD"] == SecretRef(
            f"{service}-secrets", "kafka-sasl-password", False
        ), name
        # What the pod would get, the secrets filled in: the service's settings accept it.
        values = {
            key.removeprefix(prefix).lower(): "x7Rq2LwZ9k" * 4 if isinstance(v, SecretRef) else v
            for key, v in env.items()
            if key.startswith(prefix)
        }
        values["database_url"] = "postgresql+asyncpg://u:p@db/x"
        settings_class(SERVICES[service])(**values)
    deployment = one(objects, "Deployment", service)["spec"]["template"]["spec"]
    env = effective_env(objects, deployment["containers"][0])
    assert env[f"{prefix}KAFKA_SSL_CA_FILE"] == f"{CA_DIR}/ca.crt"
    [mount] = [m for m in deployment["containers"][0]["volumeMounts"] if m["name"] == "kafka-ca"]
    assert mount == {"name": "kafka-ca", "mountPath": CA_DIR, "readOnly": True}
    [volume] = [v for v in deployment["volumes"] if v["name"] == "kafka-ca"]
    assert volume["configMap"]["name"] == "kafka-ca"


@pytest.mark.parametrize("service", BACKENDS)
def test_the_dev_overlay_keeps_plaintext_and_needs_no_kafka_password(service: str) -> None:
    objects = RENDERED["dev"]
    prefix = SERVICES[service].prefix
    for kind, name in (("Deployment", service), ("Job", f"{service}-migrate")):
        env = effective_env(objects, _container(objects, kind, name))
        assert env[f"{prefix}KAFKA_SECURITY_PROTOCOL"] == "PLAINTEXT", name
        assert env[f"{prefix}KAFKA_SASL_PASSWORD"].optional, name


def test_the_jobs_acl_lines_are_generated_from_the_plan() -> None:
    script = _job_script()
    found = re.search(r"# acl:begin\n(.*?)# acl:end\n", script, re.S)
    assert found, "the markers of the generated lines are missing"
    assert found.group(1) == acl.kafka_acls_script(), (
        "stale: paste `python -m panjereh.bus.acl` between the markers of " + str(JOB)
    )


def test_the_job_adds_each_rule_once_as_the_admin_over_sasl_ssl(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    for tool in ("kafka-topics.sh", "kafka-configs.sh", "kafka-acls.sh"):
        fake = tmp_path / tool
        fake.write_text(f'#!/bin/sh\necho "{tool} $*" >>"{calls}"\n')
        fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    script = _job_script().replace("bin=/opt/kafka/bin", f"bin={tmp_path}")
    script = script.replace("admin=/tmp/admin.properties", f"admin={tmp_path}/admin.properties")
    env = {
        **os.environ,
        "BOOTSTRAP": "kafka:9093",
        "PREFIX": "staging.",
        "PARTITIONS": "12",
        "REPLICATION_FACTOR": "3",
        "ADMIN_USERNAME": "panjereh-admin",
        "ADMIN_PASSWORD": "s3cret-Adm1n",
    }
    subprocess.run(["bash", "-ec", script], env=env, check=True, timeout=60)

    config = (tmp_path / "admin.properties").read_text()
    assert "security.protocol=SASL_SSL" in config and 'password="s3cret-Adm1n"' in config
    assert "ssl.truststore.location=/etc/kafka-ca/ca.crt" in config
    lines = calls.read_text().splitlines()
    assert all(f"--command-config {tmp_path}/admin.properties" in line for line in lines)
    added = [line for line in lines if line.startswith("kafka-acls.sh") and "--add" in line]
    expected = acl.all_rules(prefix="staging.")
    assert len(added) == len(expected)
    for line, rule in zip(added, expected, strict=True):
        assert f"--allow-principal {rule.principal}" in line
        flag = "--topic" if rule.resource_type == "topic" else "--group"
        assert re.findall(rf"{flag} (\S+)", line) == list(rule.names)
        assert re.findall(r"--operation (\S+)", line) == list(rule.operations)
