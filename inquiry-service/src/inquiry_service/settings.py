"""Settings of the inquiry service (environment prefix PANJEREH_INQUIRY_)."""

from enum import StrEnum
from typing import Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from panjereh.settings import Profile, ServiceSettings


class RegistryMode(StrEnum):
    SANDBOX = "sandbox"  # deterministic synthetic registries in-process (embedded default)
    HTTP = "http"  # the national service exchange (or the registry simulator) over HTTP


class InquirySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PANJEREH_INQUIRY_", extra="ignore")

    service_name: str = "inquiry-service"
    database_url: str = "sqlite+aiosqlite:///.data/inquiry.db"

    registry_mode: RegistryMode = RegistryMode.SANDBOX
    exchange_base_url: str = "http://127.0.0.1:8090"
    registry_urls: dict[str, str] = Field(default_factory=dict)  # per-registry base URLs
    exchange_api_key: SecretStr = SecretStr("sandbox-exchange-key")
    registry_api_keys: dict[str, SecretStr] = Field(default_factory=dict)
    registry_timeout_seconds: float = 2.0
    registry_attempts: int = 3  # per inquiry, on timeouts and 5xx only
    registry_backoff_seconds: float = 0.2
    # A registry's breaker opens when, over the last breaker_window_seconds, at least
    # breaker_minimum_calls requests were made (one request with its retries is one call)
    # and at least breaker_failure_rate of them failed.
    breaker_window_seconds: float = Field(60.0, gt=0)
    breaker_minimum_calls: int = Field(10, ge=1)
    breaker_failure_rate: float = Field(0.5, gt=0, le=1)
    breaker_recovery_seconds: float = 30.0
    cache_ttl_seconds: float = 300.0  # 0 turns the cache off
    cache_max_entries: int = 100_000
    # The slow-registry persona answers after this long: slow, but within the timeout.
    sandbox_slow_seconds: float = 1.3

    # An application's evidence request is retried this many times, further apart each time,
    # before evidence.unavailable is emitted.
    evidence_retry_budget: int = 6
    evidence_retry_base_seconds: float = 5.0
    # The worker leases up to evidence_batch_size due requests at a time, fetches them with
    # at most evidence_workers in flight per registry, and records the batch in one transaction.
    evidence_batch_size: int = Field(100, ge=1)
    evidence_workers: int = Field(16, ge=1)

    # Keys the hash under which subjects' national codes are kept in the audit log.
    audit_subject_key: SecretStr = SecretStr("demo-audit-subject-key")

    # The audit chain's checkpoints are signed (ES256) with a key never kept in the database:
    # an EC P-256 private key in PEM from the secret store, or the path of a mounted PEM
    # file. Production refuses to start without one; the demo profiles make one beside the
    # SQLite file (`<data>/inquiry.audit-keys/`).
    audit_signing_key_pem: SecretStr | None = None
    audit_signing_key_file: str | None = None
    # A JWKS file of retired keys' public halves, still published so old checkpoints verify.
    audit_retired_keys_file: str | None = None
    # The head is signed once this many entries are unanchored, or when it moved and this
    # long has passed since the last checkpoint; the signer looks every poll_seconds.
    audit_checkpoint_entries: int = Field(100, ge=1)
    audit_checkpoint_seconds: float = Field(60.0, gt=0)
    audit_checkpoint_poll_seconds: float = Field(1.0, gt=0)

    @model_validator(mode="after")
    def _slow_persona_answers_in_time(self) -> Self:
        if self.sandbox_slow_seconds >= self.registry_timeout_seconds:
            raise ValueError(
                "sandbox_slow_seconds: the slow-registry persona must answer within "
                "registry_timeout_seconds, or it can never succeed"
            )
        return self

    @model_validator(mode="after")
    def _production_signs_with_a_real_key(self) -> Self:
        if self.profile is Profile.PRODUCTION and not (
            self.audit_signing_key_pem or self.audit_signing_key_file
        ):
            raise ValueError(
                "audit_signing_key_pem or audit_signing_key_file: production signs the audit "
                "chain's checkpoints with a key from its secret store, never one made here"
            )
        return self
