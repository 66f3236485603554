"""A private Kafka broker configured as production's: SASL/SCRAM over TLS, StandardAuthorizer,
per-service SCRAM users and the ACLs of panjereh.bus.acl.

The CA and the broker's certificate are made here (`cryptography`), the users are written
into the storage when it is formatted (KRaft's `--add-scram`, no second JVM), and the ACLs are
created by the broker's super user through the Admin API (CreateAcls, from the same rules as
the production ACL job). Same jars as the shared broker (deploy/kafka/libs).
"""

import base64
import datetime as dt
import ipaddress
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.helpers import create_ssl_context
from aiokafka.protocol.admin import CreateAclsRequest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pydantic import SecretStr

from panjereh.bus import acl
from panjereh.bus.security import KafkaSecurity
from panjereh.settings import KafkaSecurityProtocol
from tests.faults.infra import _another_free_port, _Managed, _signal_and_wait
from tests.support import free_port

ROOT = Path(__file__).resolve().parents[1]
LIBS = ROOT / "deploy" / "kafka" / "libs"
ADMIN = "admin"
MECHANISM = "SCRAM-SHA-512"
STARTS_WITHIN = 90  # seconds; it takes ~10 s on a quiet machine
# Kafka's numbers for the CreateAcls request (org.apache.kafka.common.acl / resource).
_RESOURCE = {"topic": 2, "group": 3}
_OPERATION = {"Read": 3, "Write": 4, "Create": 5, "Describe": 8}
_LITERAL, _ALLOW = 3, 3


@dataclass
class SecuredKafka(_Managed):
    """Started on entering the block; its directory removed on leaving it."""

    root: Path
    # SCRAM user → password; out of the repr, so a failing test's report does not show them
    users: dict[str, str] = field(default_factory=dict, repr=False)
    port: int = field(default_factory=free_port)

    def __post_init__(self) -> None:
        self.controller_port = _another_free_port(self.port)
        self.ca_file = self.root / "ca.pem"
        for user in (ADMIN, *acl.PLAN, "intruder"):  # intruder: a user with no ACLs
            self.users[user] = secrets.token_urlsafe(18)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def security(self, user: str | None, *, password: str | None = None) -> KafkaSecurity:
        """What a client with `user`'s credentials (or `password` instead) connects with."""
        context = create_ssl_context(cafile=str(self.ca_file))
        if user is None:  # TLS, but no SASL
            return KafkaSecurity(protocol=KafkaSecurityProtocol.SSL, ssl_context=context)
        return KafkaSecurity(
            protocol=KafkaSecurityProtocol.SASL_SSL,
            mechanism=MECHANISM,
            username=user,
            password=SecretStr(password or self.users[user]),
            ssl_context=context,
        )

    def settings(self, service: str) -> dict[str, Any]:
        """A service's settings for this broker, as production's would be."""
        return {
            "bus": "kafka",
            "kafka_bootstrap_servers": self.bootstrap,
            "kafka_security_protocol": "SASL_SSL",
            "kafka_sasl_mechanism": MECHANISM,
            "kafka_sasl_username": service,
            "kafka_sasl_password": self.users[service],
            "kafka_ssl_ca_file": str(self.ca_file),
            "kafka_topic_partitions": 2,
        }

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        _write_certificates(self.root)
        (self.root / "server.properties").write_text(self._properties())
        (self.root / "log4j2.properties").write_text(_log4j(self.root / "server.log"))
        self._java(
            "kafka.tools.StorageTool",
            *("format", "-t", _cluster_id(), "-c", str(self.root / "server.properties")),
            *(
                arg
                for user, password in self.users.items()
                for arg in ("--add-scram", f"{MECHANISM}=[name={user},password={password}]")
            ),
        )
        with open(self.root / "stdout.log", "ab") as out:
            self.process = subprocess.Popen(
                [*self._java_command(), "kafka.Kafka", str(self.root / "server.properties")],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=out,
            )
        self._wait_until_started()

    def stop(self) -> None:
        process = getattr(self, "process", None)
        if process is not None and process.poll() is None:
            if not _signal_and_wait(process.pid, signal.SIGTERM, within=30):
                _signal_and_wait(process.pid, signal.SIGKILL, within=30)
            process.wait(timeout=30)
        shutil.rmtree(self.root, ignore_errors=True)

    async def grant(self, *, prefix: str = "") -> None:
        """Create every service's ACLs from the plan, as the production job does."""
        admin = AIOKafkaAdminClient(
            bootstrap_servers=self.bootstrap, **self.security(ADMIN).client_options()
        )
        await admin.start()
        try:
            creations = [
                (_RESOURCE[kind], name, _LITERAL, who, "*", _OPERATION[operation], _ALLOW)
                for rule in acl.all_rules(prefix=prefix)
                for who, kind, name, operation in rule.bindings()
            ]
            response = await admin._send_request(_CreateAcls(creations))
            errors = [e for e in response.creation_responses if e[0] != 0]
            assert not errors, errors
        finally:
            await admin.close()

    def _properties(self) -> str:
        jaas = (
            "org.apache.kafka.common.security.scram.ScramLoginModule required "
            f'username="{ADMIN}" password="{self.users[ADMIN]}";'
        )
        return "\n".join(
            [
                "process.roles=broker,controller",
                "node.id=1",
                f"controller.quorum.voters=1@127.0.0.1:{self.controller_port}",
                f"listeners=SASL_SSL://127.0.0.1:{self.port},"
                f"CONTROLLER://127.0.0.1:{self.controller_port}",
                f"advertised.listeners=SASL_SSL://127.0.0.1:{self.port}",
                "controller.listener.names=CONTROLLER",
                # The controller's port takes the broker's own connections only (loopback);
                # clients reach the SASL_SSL one, where nothing is anonymous.
                "listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=SASL_SSL",
                f"sasl.enabled.mechanisms={MECHANISM}",
                f"sasl.mechanism.inter.broker.protocol={MECHANISM}",
                f"listener.name.sasl_ssl.{MECHANISM.lower()}.sasl.jaas.config={jaas}",
                "ssl.keystore.type=PEM",
                f"ssl.keystore.location={self.root / 'broker.pem'}",
                "ssl.truststore.type=PEM",  # the broker is its own client between listeners
                f"ssl.truststore.location={self.ca_file}",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                f"super.users=User:{ADMIN};User:ANONYMOUS",
                "allow.everyone.if.no.acl.found=false",
                f"log.dirs={self.root / 'data'}",
                "num.partitions=2",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "",
            ]
        )

    def _java_command(self) -> list[str]:
        return [
            "java",
            "-Xmx384m",
            "-Xms128m",
            # A test broker's life is its start-up: the quick compiler only, one GC thread.
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            f"-Dlog4j2.configurationFile={self.root / 'log4j2.properties'}",
            "-cp",
            f"{LIBS}/*",
        ]

    def _java(self, *args: str) -> None:
        with open(self.root / "commands.log", "ab") as log:
            subprocess.run(
                [*self._java_command(), *args],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                check=True,
                timeout=STARTS_WITHIN,
            )

    def _wait_until_started(self) -> None:
        log = self.root / "server.log"
        deadline = time.monotonic() + STARTS_WITHIN
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the secured broker exited; see {self.root}/stdout.log")
            started = log.exists() and "Kafka Server started" in log.read_text(errors="replace")
            if started and _port_open(self.port):
                return
            time.sleep(0.25)
        raise TimeoutError(f"the secured broker did not start within {STARTS_WITHIN} s")


class _CreateAcls(CreateAclsRequest):  # type: ignore[misc]  # aiokafka ships no stubs here
    """All the ACLs in one request (aiokafka's sends one; each waits for a metadata commit)."""

    def __init__(self, creations: list[tuple[int, str, int, str, str, int, int]]) -> None:
        self._creations = creations

    def build(self, request_struct_class: Any) -> Any:
        if request_struct_class.API_VERSION < 1:
            raise ValueError("CreateAcls v1 (Kafka 2.0) or later is needed")
        return request_struct_class(self._creations)


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _cluster_id() -> str:
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()


def _log4j(path: Path) -> str:
    return "\n".join(
        [
            "rootLogger.level=WARN",
            "rootLogger.appenderRef.file.ref=file",
            "appender.file.type=File",
            "appender.file.name=file",
            f"appender.file.fileName={path}",
            "appender.file.layout.type=PatternLayout",
            "appender.file.layout.pattern=[%d] %p %m (%c)%n",
            "logger.kafka.name=kafka",
            "logger.kafka.level=INFO",
            "",
        ]
    )


def _write_certificates(root: Path) -> None:
    """ca.pem (what clients trust) and broker.pem (the broker's key and chain, PEM keystore)."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Panjereh test CA")])
    ca = (
        _certificate(ca_name, ca_name, ca_key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    broker_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kafka")])
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    broker = (
        _certificate(broker_name, ca_name, key.public_key())
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (root / "ca.pem").write_bytes(ca.public_bytes(pem))
    private = key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = root / "broker.pem"
    path.write_bytes(private + broker.public_bytes(pem) + ca.public_bytes(pem))
    os.chmod(path, 0o600)


def _certificate(
    subject: x509.Name, issuer: x509.Name, public_key: ec.EllipticCurvePublicKey
) -> x509.CertificateBuilder:
    """Valid for a day (a test run), signed by the caller once its extensions are on."""
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
    )
