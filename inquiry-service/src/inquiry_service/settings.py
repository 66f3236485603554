"""Settings of the inquiry service (environment prefix PANJEREH_INQUIRY_)."""

from enum import StrEnum

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from panjereh.settings import ServiceSettings


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
    breaker_failure_threshold: int = 5
    breaker_recovery_seconds: float = 30.0
    cache_ttl_seconds: float = 300.0  # 0 turns the cache off
    cache_max_entries: int = 100_000
    sandbox_slow_seconds: float = 3.0

    # An application's evidence request is retried this many times, further apart each time,
    # before evidence.unavailable is emitted.
    evidence_retry_budget: int = 6
    evidence_retry_base_seconds: float = 5.0
    evidence_workers: int = 16

    # Keys the hash under which subjects' national codes are kept in the audit log.
    audit_subject_key: SecretStr = SecretStr("demo-audit-subject-key")
