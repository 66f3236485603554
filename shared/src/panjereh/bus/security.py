"""How a service's Kafka clients authenticate: one set of options for producer, consumers
and the admin client alike, from the service's settings."""

import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiokafka.helpers import create_ssl_context
from pydantic import SecretStr

from panjereh.settings import KafkaSecurityProtocol, ServiceSettings


@dataclass(frozen=True)
class KafkaSecurity:
    """PLAINTEXT by default (embedded, dev and the tests' shared broker)."""

    protocol: KafkaSecurityProtocol = KafkaSecurityProtocol.PLAINTEXT
    mechanism: str = "SCRAM-SHA-512"
    username: str | None = None
    # A SecretStr until the client takes it, so a repr or a log line never shows it.
    password: SecretStr | None = None
    ssl_context: ssl.SSLContext | None = None

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments of AIOKafkaProducer, AIOKafkaConsumer and AIOKafkaAdminClient."""
        options: dict[str, Any] = {"security_protocol": self.protocol.value}
        if self.protocol in (KafkaSecurityProtocol.SSL, KafkaSecurityProtocol.SASL_SSL):
            options["ssl_context"] = self.ssl_context or create_ssl_context()
        if self.protocol.startswith("SASL"):
            options["sasl_mechanism"] = self.mechanism
            options["sasl_plain_username"] = self.username
            options["sasl_plain_password"] = (
                self.password.get_secret_value() if self.password is not None else None
            )
        return options


PLAINTEXT = KafkaSecurity()


def from_settings(settings: ServiceSettings) -> KafkaSecurity:
    """The service's Kafka security; reads the CA (and client certificate) files now, so a
    wrong path fails at start-up with its name, not at the first reconnect."""
    protocol = settings.kafka_security_protocol
    context = None
    if protocol in (KafkaSecurityProtocol.SSL, KafkaSecurityProtocol.SASL_SSL):
        for name in ("kafka_ssl_ca_file", "kafka_ssl_cert_file", "kafka_ssl_key_file"):
            path = getattr(settings, name)
            if path is not None and not Path(path).is_file():
                raise FileNotFoundError(f"{name}: no file at {path}")
        context = create_ssl_context(
            cafile=settings.kafka_ssl_ca_file,
            certfile=settings.kafka_ssl_cert_file,
            keyfile=settings.kafka_ssl_key_file,
        )
    return KafkaSecurity(
        protocol=protocol,
        mechanism=settings.kafka_sasl_mechanism,
        username=settings.kafka_sasl_username,
        password=settings.kafka_sasl_password,
        ssl_context=context,
    )
