"""Settings base: one pydantic-settings class per service, each with its own env prefix."""

from enum import StrEnum
from typing import ClassVar, Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Profile(StrEnum):
    EMBEDDED = "embedded"
    DEV = "dev"
    PRODUCTION = "production"


class BusKind(StrEnum):
    MEMORY = "memory"
    KAFKA = "kafka"


class KafkaSecurityProtocol(StrEnum):
    PLAINTEXT = "PLAINTEXT"
    SSL = "SSL"
    SASL_PLAINTEXT = "SASL_PLAINTEXT"
    SASL_SSL = "SASL_SSL"


# Secrets that only the embedded/dev profiles may run with; production refuses them.
DEMO_SECRET_MARKERS = ("demo", "dev-only", "changeme", "panjereh")


class ServiceSettings(BaseSettings):
    """What every service needs; subclasses set `model_config` with their own env prefix."""

    model_config = SettingsConfigDict(env_prefix="PANJEREH_", extra="ignore")
    # The gateway keeps no state of its own: it has no database to check.
    uses_database: ClassVar[bool] = True

    service_name: str = "panjereh"
    profile: Profile = Profile.EMBEDDED
    database_url: str = "sqlite+aiosqlite:///.data/panjereh.db"
    database_pool_size: int = 10
    auto_migrate: bool = True
    bus: BusKind = BusKind.MEMORY
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_topic_prefix: str = ""
    kafka_topic_partitions: int = 6
    kafka_replication_factor: int = 1
    # Production talks to Kafka over SASL_SSL with the service's own SCRAM credentials, so
    # the broker's ACLs (panjereh.bus.acl) can hold each service to its own topics.
    kafka_security_protocol: KafkaSecurityProtocol = KafkaSecurityProtocol.PLAINTEXT
    # A production cluster without TLS and SASL is refused unless this says it is meant.
    kafka_allow_insecure: bool = False
    kafka_sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256"] = "SCRAM-SHA-512"
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_ca_file: str | None = None  # else the system's CAs
    kafka_ssl_cert_file: str | None = None  # a client certificate, where the broker asks
    kafka_ssl_key_file: str | None = None
    consumer_max_attempts: int = 5
    consumer_retry_backoff_seconds: float = 0.2
    # The most messages one consumer applies in one transaction (what one fetch brings).
    consumer_batch_max: int = Field(200, ge=1, le=5000)
    outbox_batch_size: int = 200
    # The poll only finds rows another replica committed or a crash left; commits wake it.
    outbox_poll_seconds: float = 2.0
    outbox_coalesce_ms: float = Field(5.0, ge=0)
    # At least as long as a redelivery can come: docs/operations.md, "Inbox retention".
    inbox_retention_days: int = Field(8, ge=1)
    auth_jwks_url: str | None = None  # the gateway's /.well-known/jwks.json
    auth_jwks_json: str | None = None  # or the JWKS itself (fixed: no rotation without a restart)
    auth_jwks_file: str | None = None  # or a mounted file holding it, re-read as the URL is
    # Keys are fetched again this often, and at once for a token under an unknown kid, but
    # never more often than the minimum interval (panjereh.token_keys).
    auth_jwks_refresh_seconds: float = Field(300.0, gt=0)
    auth_jwks_min_refresh_seconds: float = Field(10.0, ge=0)
    log_level: str = "INFO"
    log_json: bool = True
    log_repeat_seconds: float = Field(30.0, gt=0)
    # Traces (panjereh.tracing) are off unless an exporter is named: OTLP over HTTP (e.g.
    # http://collector:4318/v1/traces) and/or a file of one JSON span a line.
    trace_otlp_endpoint: str | None = None
    trace_file: str | None = None
    trace_sql: bool = True  # a span per SQL statement, when tracing is on
    trace_sample_ratio: float = Field(1.0, ge=0, le=1)  # of the traces this process starts

    @property
    def is_demo(self) -> bool:
        return self.profile in (Profile.EMBEDDED, Profile.DEV)

    @model_validator(mode="after")
    def _production_refuses_demo_secrets(self) -> Self:
        if self.profile is not Profile.PRODUCTION:
            return self
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr) and _looks_like_demo(value.get_secret_value()):
                raise ValueError(f"{name}: production refuses a demo secret; set a real one")
        if self.uses_database and "sqlite" in self.database_url:
            raise ValueError("database_url: production needs PostgreSQL, not SQLite")
        if (
            self.bus is BusKind.KAFKA
            and self.kafka_security_protocol is not KafkaSecurityProtocol.SASL_SSL
            and not self.kafka_allow_insecure
        ):
            raise ValueError(
                "kafka_security_protocol: production needs SASL_SSL (or set "
                "kafka_allow_insecure to say an unauthenticated or unencrypted cluster is meant)"
            )
        return self

    @model_validator(mode="after")
    def _kafka_credentials_complete(self) -> Self:
        if self.kafka_security_protocol.startswith("SASL") and not (
            self.kafka_sasl_username and self.kafka_sasl_password
        ):
            raise ValueError(
                f"kafka_sasl_username, kafka_sasl_password: {self.kafka_security_protocol} "
                "needs both"
            )
        if (self.kafka_ssl_cert_file is None) != (self.kafka_ssl_key_file is None):
            raise ValueError("kafka_ssl_cert_file, kafka_ssl_key_file: give both or neither")
        return self


def _looks_like_demo(secret: str) -> bool:
    lowered = secret.lower()
    return not secret or any(marker in lowered for marker in DEMO_SECRET_MARKERS)
